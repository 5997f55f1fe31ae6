-- The audit log's index on PNRs is built per day once the day is over, not row by row
-- while the day is written. Kept up on every group commit, the GIN index cost PostgreSQL
-- 13-23 µs of CPU per lookup (a fifth of its share) in the lookup benchmark. And autovacuum
-- of the day being written (it only grows: nothing to clean, but it rescans the growing
-- partition and its index) stalled lookups for hundreds of milliseconds. So the open
-- day's partition has neither; the server indexes a closed day with CREATE INDEX
-- CONCURRENTLY and hands it back to autovacuum (`AuditPartitions.closeDays`). "Who looked
-- at this person?" then reads today's rows without an index: a rare question, and one day.
DROP INDEX audit_log_pnrs;

-- Partitions are made without autovacuum; the rest is as in 0002.
CREATE OR REPLACE FUNCTION cprd_audit_maintain(retention_days integer, days_ahead integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    today   date := (now() AT TIME ZONE 'UTC')::date;
    day     date;
    part    text;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('cprd_audit_maintain'));
    FOR step IN -1..days_ahead LOOP
        day := today + step;
        part := 'audit_log_' || to_char(day, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L) WITH (autovacuum_enabled = off)',
                part, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC')
            );
        END IF;
    END LOOP;
    IF retention_days IS NOT NULL THEN
        FOR part IN
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'audit_log'::regclass
              AND c.relname ~ '^audit_log_[0-9]{8}$'
              AND to_date(substr(c.relname, 11), 'YYYYMMDD') < today - retention_days
        LOOP
            EXECUTE format('DROP TABLE %I', part);
            dropped := dropped + 1;
        END LOOP;
    END IF;
    RETURN dropped;
END;
$$;

-- The days not yet over, as the function now makes them.
DO $$
DECLARE
    part text;
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_log'::regclass
          AND c.relname ~ '^audit_log_[0-9]{8}$'
          AND to_date(substr(c.relname, 11), 'YYYYMMDD') >= (now() AT TIME ZONE 'UTC')::date
    LOOP
        EXECUTE format('ALTER TABLE %I SET (autovacuum_enabled = off)', part);
    END LOOP;
END;
$$;
