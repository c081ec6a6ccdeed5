-- When a stored report (delivery report, complaint, mailto unsubscribe) has been acted on. A report stored but
-- not yet applied (the process stopped in between) is applied when the mailbox hands it over again.
alter table inbound_messages add column applied_at timestamptz;
update inbound_messages set applied_at = created_at;
