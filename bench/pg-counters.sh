#!/usr/bin/env bash
# PostgreSQL's own work counters so far, one line of key=value (the format of bench/cpu-split.sh): WAL records,
# full-page images and bytes (pg_stat_wal), commits and buffer hits/reads of the database (pg_stat_database),
# checkpoints (pg_stat_checkpointer). Two samples around a phase give what each message cost the database, a
# count that does not depend on how busy the machine was (bench/per-message.py).
# Usage: bench/pg-counters.sh PORT
psql -X -A -t -F ' ' -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "
  select 'wal_records=' || w.wal_records, 'wal_fpi=' || w.wal_fpi, 'wal_bytes=' || w.wal_bytes,
    'commits=' || d.xact_commit, 'blks_hit=' || d.blks_hit, 'blks_read=' || d.blks_read,
    'checkpoints=' || (c.num_timed + c.num_requested)
  from pg_stat_wal w, pg_stat_database d, pg_stat_checkpointer c where d.datname = 'postgres'"
