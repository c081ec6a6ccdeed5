-- outbox and event_outbox are queues: a row is inserted, claimed or published, and deleted or marked within
-- seconds. Autovacuum's default trigger (20% of the table's rows + 50 dead ones) waits for thousands of dead rows
-- when a backlog has grown the table, and until then every claim walks their index entries: in a bench burst of
-- single sends the claim's index scan returned 5,044 entries to find 421 live rows (auto_explain). With these
-- settings autovacuum vacuums and analyzes a table at its next look (every autovacuum_naptime, a minute by
-- default) once 1,000 rows have changed, without the cost-based pauses, so dead entries stay few and the
-- planner's row counts current however large the table grows (a stale count of 35 rows had the outcome statement
-- read the whole outbox, 3,266 rows, for 10 deletes; it now deletes by key).
alter table outbox set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0);
alter table event_outbox set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0);
