-- Attachment bytes, stored once by content (SHA-256): the logo or signature image that comes back in every reply
-- of a thread takes no new space.
create table blobs (
    sha256  bytea primary key,
    content bytea not null
);

-- Mail drained from the inbound mailboxes. The raw bytes are kept; (mailbox, uid_validity, uid) and the
-- Message-ID hash make a message stored once whatever happens between storing and flagging it on the server.
-- workspace_id/setup_id are null for quarantined mail (no known recipient domain).
create table inbound_messages (
    id                uuid primary key,
    mailbox           text not null,
    uid_validity      bigint not null,
    uid               bigint not null,
    message_id        text,
    message_id_hash   bytea,
    workspace_id      uuid references workspaces (id),
    setup_id          uuid references setups (id),
    use_case_id       uuid references use_cases (id),
    parent_id         uuid references messages (id),
    thread_id         uuid,
    classification    text not null
        check (classification in ('reply', 'delivery_report', 'complaint', 'auto_reply', 'unsubscribe')),
    quarantined       boolean not null default false,
    flags             text not null default '',
    from_address      text,
    to_addresses      text,
    subject           text,
    text_body         text,
    html_body         text,
    in_reply_to       text,
    references_header text,
    raw               bytea not null,
    received_at       timestamptz not null default now(),
    created_at        timestamptz not null default now(),
    unique (mailbox, uid_validity, uid)
);
create unique index inbound_messages_message_id on inbound_messages (message_id_hash) where message_id_hash is not null;
create index inbound_messages_listing on inbound_messages (workspace_id, created_at desc, id desc);
create index inbound_messages_by_thread on inbound_messages (thread_id, created_at);
create index inbound_messages_quarantine on inbound_messages (created_at desc, id desc) where quarantined;

create table inbound_attachments (
    inbound_id   uuid not null references inbound_messages (id),
    position     int not null,
    filename     text not null,
    content_type text not null,
    size         bigint not null,
    inline       boolean not null,
    content_id   text,
    sha256       bytea not null references blobs (sha256),
    primary key (inbound_id, position),
    unique (inbound_id, filename)
);
