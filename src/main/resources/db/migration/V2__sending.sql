-- Outbound messages as accepted by the send API. Bodies and attachments are kept until the message is sent and
-- for its history; the outbox row exists only while the message waits to be (re)tried.
create table messages (
    id                uuid primary key,
    workspace_id      uuid not null references workspaces (id),
    use_case_id       uuid not null references use_cases (id),
    setup_id          uuid not null references setups (id),
    message_id        text not null unique,
    thread_id         uuid not null,
    email_type        text not null check (email_type in ('transactional', 'marketing')),
    from_address      text not null,
    from_name         text,
    to_address        text not null,
    subject           text not null,
    text_body         text,
    html_body         text,
    metadata          jsonb not null default '{}',
    in_reply_to       text,
    references_header text,
    status            text not null default 'queued'
        check (status in ('queued', 'sent', 'delivered', 'soft_bounced', 'bounced', 'complained', 'failed')),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    sent_at           timestamptz
);
create index messages_listing on messages (workspace_id, created_at desc, id desc);
create index messages_by_use_case on messages (workspace_id, use_case_id, created_at desc, id desc);
create index messages_by_thread on messages (thread_id, created_at);

create table message_attachments (
    message_id   uuid not null references messages (id),
    position     int not null,
    filename     text not null,
    content_type text not null,
    content      bytea not null,
    primary key (message_id, position)
);

-- Work for the dispatcher: claimed with FOR UPDATE SKIP LOCKED; attempts is counted when a row is claimed, before
-- the message is handed to the relay.
create table outbox (
    message_id    uuid primary key references messages (id),
    setup_id      uuid not null references setups (id),
    priority      smallint not null,
    due_at        timestamptz not null default now(),
    attempts      int not null default 0,
    claimed_until timestamptz,
    last_error    text,
    created_at    timestamptz not null default now()
);
create index outbox_due on outbox (priority, due_at);

create table message_events (
    id         uuid primary key,
    message_id uuid not null references messages (id),
    type       text not null,
    at         timestamptz not null default clock_timestamp(),
    detail     jsonb
);
create index message_events_timeline on message_events (message_id, at);

-- Idempotency-Key: the first answer per workspace and key, with the hash of the request that produced it.
create table idempotency_keys (
    workspace_id    uuid not null references workspaces (id),
    key             text not null,
    request_hash    bytea not null,
    response_status int not null,
    response        jsonb not null,
    created_at      timestamptz not null default now(),
    primary key (workspace_id, key)
);
create index idempotency_keys_age on idempotency_keys (created_at);

-- Suppressed recipients per setup (the isolation boundary); use_case_id set when an unsubscribe is scoped to a
-- use case. Addresses are stored lower-cased.
create table suppressions (
    id           uuid primary key,
    workspace_id uuid not null references workspaces (id),
    setup_id     uuid not null references setups (id),
    use_case_id  uuid references use_cases (id),
    address      text not null,
    reason       text not null check (reason in ('hard_bounce', 'soft_bounce', 'complaint', 'unsubscribe', 'manual')),
    created_at   timestamptz not null default now(),
    expires_at   timestamptz
);
create index suppressions_lookup on suppressions (setup_id, address);
