-- Publishing event_outbox to Kafka.
-- seq gives the order events are published in: a statement that changes a message locks its row before it
-- inserts the event, so the events of one message (one Kafka key) get their seq in commit order.
alter table event_outbox add column seq bigint generated always as identity;
create index event_outbox_unpublished on event_outbox (seq) where published_at is null;
drop index event_outbox_pending;

-- One publisher at a time keeps the order across instances: whoever holds this lease publishes; a stopped holder's
-- lease expires and another instance takes over.
create table event_publisher_lease (
    id         int primary key check (id = 1),
    holder     text,
    expires_at timestamptz not null
);
insert into event_publisher_lease (id, holder, expires_at) values (1, null, '-infinity');

-- The message whose report or opt-out caused a suppression (null for one made by hand).
alter table suppressions add column message_id uuid references messages (id);

-- Every suppression, whatever statement makes it, is an email.suppressed event in the same transaction.
create function suppression_event() returns trigger language plpgsql as $$
begin
    insert into event_outbox (id, type, subject, workspace_id, data)
    select gen_random_uuid(), 'email.suppressed', coalesce(new.message_id, new.id), new.workspace_id,
           jsonb_build_object('workspaceId', new.workspace_id, 'setupId', new.setup_id,
                              'useCaseId', coalesce(new.use_case_id, m.use_case_id), 'messageId', new.message_id,
                              'recipient', new.address, 'suppressionId', new.id, 'reason', new.reason,
                              'scope', case when new.use_case_id is null then 'setup' else 'use_case' end,
                              'expiresAt', new.expires_at)
    from (select 1) one left join messages m on m.id = new.message_id;
    return new;
end
$$;
create trigger suppressions_publish after insert on suppressions
    for each row execute function suppression_event();
