-- outbox and event_outbox are queues: a row is inserted, claimed or published, and deleted or marked within
-- seconds. Autovacuum's default trigger (20% of the table's rows + 50 dead ones) waits for thousands of dead rows
-- when a backlog has grown the table, and until then every claim walks their index entries: in a bench burst of
-- single sends the claim's index scan returned 5,044 entries to find 421 live rows (auto_explain). With these
-- settings a table is vacuumed and analyzed after every 1,000 changed rows, without the cost-based pauses, so its
-- dead entries stay few and the planner's row counts current (a stale count of 35 rows made the outcome statement
-- read the whole outbox, 3,266 rows, for 10 deletes).
alter table outbox set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0);
alter table event_outbox set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0);
