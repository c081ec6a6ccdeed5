-- Room on every page for the updates these tables get, so PostgreSQL can write them as HOT updates (the new row
-- version on the same page, no new entry in any index). A message is updated once or twice after its insert (its
-- outcome), an outbox row at every claim: with full pages (fillfactor 100) most of those updates went to another
-- page and added an entry to each of the table's indexes (messages has five). Bench batch runs of 12,000 messages
-- (pg_stat_user_tables): HOT updates of outbox 16-27% -> 97%, of messages 11-46% (three runs) -> 85% at 65
-- (54% at 80). The price: pages of messages written from now on hold about a third fewer rows; bodies over ~2 KB
-- are stored out of line (TOAST) and do not take that room. Applies to pages written from now on.
alter table messages set (fillfactor = 65);
alter table outbox set (fillfactor = 50);
