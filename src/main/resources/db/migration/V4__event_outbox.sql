-- Events waiting to be published to Kafka (CloudEvents), written in the same transaction as the state change
-- they describe. The publisher comes with delivery tracking; until then events wait here, nothing is lost.
create table event_outbox (
    id           uuid primary key,
    type         text not null,
    subject      uuid not null,
    workspace_id uuid not null references workspaces (id),
    data         jsonb not null,
    created_at   timestamptz not null default clock_timestamp(),
    published_at timestamptz
);
create index event_outbox_pending on event_outbox (created_at) where published_at is null;
