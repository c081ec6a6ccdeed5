-- Workspaces own everything; every other table carries workspace_id so each query is scoped in SQL.
create table workspaces (
    id          uuid primary key,
    name        text not null,
    created_at  timestamptz not null default now()
);

-- API keys are stored only as SHA-256 hashes of the random key.
create table api_keys (
    id          uuid primary key,
    workspace_id uuid not null references workspaces (id),
    key_hash    bytea not null unique,
    key_prefix  text not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);

-- A sending domain setup: tenant name + domain, its DKIM key (private part AES-GCM encrypted) and last check.
create table setups (
    id                   uuid primary key,
    workspace_id         uuid not null references workspaces (id),
    tenant_name          text not null,
    domain               text not null,
    dkim_selector        text not null,
    dkim_public_key      text not null,
    dkim_private_key_enc bytea not null,
    status               text not null default 'pending' check (status in ('pending', 'verified')),
    record_checks        jsonb,
    created_at           timestamptz not null default now(),
    checked_at           timestamptz,
    verified_at          timestamptz,
    deleted_at           timestamptz
);
create unique index setups_tenant_name_per_workspace on setups (workspace_id, tenant_name) where deleted_at is null;
create unique index setups_domain_per_workspace on setups (workspace_id, domain) where deleted_at is null;
-- One verified owner of a domain across all workspaces.
create unique index setups_verified_domain on setups (domain) where status = 'verified' and deleted_at is null;
create index setups_listing on setups (workspace_id, created_at desc, id desc) where deleted_at is null;

create table use_cases (
    id                 uuid primary key,
    workspace_id       uuid not null references workspaces (id),
    setup_id           uuid not null references setups (id),
    sender_address     text not null,
    sender_name        text,
    email_type         text not null check (email_type in ('transactional', 'marketing')),
    entity_name        text not null,
    use_case_name      text not null,
    unsubscribe_scope  text not null default 'use_case' check (unsubscribe_scope in ('use_case', 'setup')),
    status             text not null default 'active' check (status in ('active', 'inactive')),
    created_at         timestamptz not null default now(),
    deactivated_at     timestamptz
);
create index use_cases_listing on use_cases (workspace_id, created_at desc, id desc);
create index use_cases_active_by_setup on use_cases (setup_id) where status = 'active';
