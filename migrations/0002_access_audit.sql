-- Who may ask, and what they asked: user systems proven by client certificates, the
-- service agreements that grant them scopes, and the audit log of every query request.
-- None of these tables is replaced by a full extract.

-- A calling user system (Serviceplatformen's UserSystemUUID). Revoking it stops all its agreements.
CREATE TABLE user_system (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- Client certificates that prove a system, by the SHA-256 of the DER certificate in
-- lower-case hex. Several per system, so a certificate can be rolled over without a gap.
CREATE TABLE user_system_certificate (
    fingerprint text        PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    system_id   uuid        NOT NULL REFERENCES user_system (id),
    added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_system_certificate_system ON user_system_certificate (system_id);

-- A service agreement (Serviceplatformen's ServiceAgreementUUID): the scopes a system may
-- use, optionally limited to municipalities (NULL: all).
CREATE TABLE service_agreement (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    system_id      uuid        NOT NULL REFERENCES user_system (id),
    name           text        NOT NULL DEFAULT '',
    scopes         text[]      NOT NULL CHECK (
        cardinality(scopes) > 0
        AND scopes <@ ARRAY['lookup', 'search', 'history', 'changes', 'protected']::text[]
    ),
    municipalities text[]      CHECK (municipalities IS NULL OR cardinality(municipalities) > 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);
CREATE INDEX service_agreement_system ON service_agreement (system_id);

-- One row per query request, allowed or denied, committed before the answer is sent.
-- Agreement and system are kept as presented (text), so that denied requests with
-- malformed or unknown identifiers are recorded too. Partitioned by day (UTC) so that
-- retention is a DROP TABLE, not a DELETE.
CREATE TABLE audit_log (
    at           timestamptz NOT NULL,
    agreement    text,
    system       text,
    user_id      text,
    on_behalf_of text,
    accounting   text,
    call_id      text,
    method       text        NOT NULL,
    route        text        NOT NULL,
    status       smallint    NOT NULL,
    outcome      text        NOT NULL,
    -- The PNRs whose data the answer carried (empty for denied and failed requests).
    pnrs         text[]      NOT NULL DEFAULT '{}',
    latency_us   integer     NOT NULL
) PARTITION BY RANGE (at);
-- No index on `at`: a period is found by partition pruning, and every index costs each of
-- the thousands of inserts a second. "Who looked at this person?" (a citizen may ask) needs
-- the PNRs indexed; fastupdate off spreads that cost evenly instead of stalling one group
-- commit now and then to merge a pending list.
CREATE INDEX audit_log_pnrs ON audit_log USING gin (pnrs) WITH (fastupdate = off);

-- Creates the daily partitions from yesterday to `days_ahead` days from now and drops
-- those older than `retention_days` (none when NULL). Several servers may call it at
-- once; the transaction lock makes them take turns.
CREATE FUNCTION cprd_audit_maintain(retention_days integer, days_ahead integer)
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
                'CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
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

SELECT cprd_audit_maintain(NULL, 7);
