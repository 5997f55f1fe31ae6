-- The audit log's index on PNRs is built per day once the day is over, not row by row
-- while the day is written. Kept up on every group commit, the GIN index cost PostgreSQL
-- 13-23 µs of CPU per lookup (a fifth of its share) in the lookup benchmark. And autovacuum
-- of the day being written (it only grows: nothing to clean, but it rescans the growing
-- partition and its index) ran during the benchmark's one run with a p99 of 374 ms. So
-- the open day's partition has neither; the server indexes a closed day with CREATE INDEX
-- CONCURRENTLY and hands it back to autovacuum (`AuditPartitions.closeDays`). "Who looked
-- at this person?" then reads today's rows without an index: a rare question, and one day.
DROP INDEX audit_log_pnrs;

-- The audit log's daily partitions (named audit_log_YYYYMMDD), each with its UTC day:
-- for the maintenance below and for the server, which indexes the days that are over.
CREATE FUNCTION cprd_audit_days()
RETURNS TABLE (part regclass, day date)
LANGUAGE sql STABLE AS $$
    SELECT c.oid::regclass, to_date(substr(c.relname, 11), 'YYYYMMDD')
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'audit_log'::regclass AND c.relname ~ '^audit_log_[0-9]{8}$'
$$;

-- Partitions are made as before (0002's function, renamed), then the days not yet over
-- are left out of autovacuum.
ALTER FUNCTION cprd_audit_maintain(integer, integer) RENAME TO cprd_audit_partitions;

CREATE FUNCTION cprd_audit_maintain(retention_days integer, days_ahead integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    dropped integer := cprd_audit_partitions(retention_days, days_ahead);
    open_day regclass;
BEGIN
    FOR open_day IN
        SELECT d.part FROM cprd_audit_days() d JOIN pg_class c ON c.oid = d.part
        WHERE d.day >= (now() AT TIME ZONE 'UTC')::date
          AND NOT coalesce('autovacuum_enabled=off' = ANY (c.reloptions), false)
    LOOP
        EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = off)', open_day);
    END LOOP;
    RETURN dropped;
END;
$$;

SELECT cprd_audit_maintain(NULL, 7);
