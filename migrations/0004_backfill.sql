-- Operator jobs run by `cprd backfill worker`, and the local subscription list.

-- One row per job. A worker claims a row (FOR UPDATE SKIP LOCKED) and holds a session
-- advisory lock on its id while it runs: if the worker dies, PostgreSQL releases the lock
-- and another worker resumes the job from `checkpoint`.
CREATE TABLE backfill_job (
    id               bigserial   PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('rebuild', 'refresh', 'reconcile', 'purge')),
    -- The job's parameters as JSON text (PNRs for a refresh, a production date for a rebuild).
    arguments        text        NOT NULL DEFAULT '{}',
    state            text        NOT NULL DEFAULT 'queued'
                                 CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    cancel_requested boolean     NOT NULL DEFAULT false,
    -- Claims so far (a resume after a crash is one); bounded by max_attempts.
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    run_after        timestamptz NOT NULL DEFAULT now(),
    worker           text,
    -- How far the job got, as JSON text; written in the same transaction as the work it describes.
    checkpoint       text        NOT NULL DEFAULT '{}',
    done             bigint      NOT NULL DEFAULT 0,
    total            bigint,
    result           text,
    error            text,
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    heartbeat_at     timestamptz,
    finished_at      timestamptz
);
CREATE INDEX backfill_job_open ON backfill_job (id) WHERE state IN ('queued', 'running');

-- The persons and municipalities this installation subscribes to upstream (SF6002), and
-- where each stands there. In scope for the replica: state adding or active.
CREATE TABLE subscription (
    kind        text        NOT NULL CHECK (kind IN ('pnr', 'municipality')),
    value       text        NOT NULL CHECK (
        (kind = 'pnr' AND value ~ '^[0-9]{10}$') OR (kind = 'municipality' AND value ~ '^[0-9]{4}$')
    ),
    -- adding/removing: changed locally, not yet pushed; active/removed: as upstream answered;
    -- ended: a 997 receipt said upstream deleted it; rejected: upstream knows no such PNR.
    state       text        NOT NULL CHECK (state IN ('adding', 'active', 'removing', 'removed', 'ended', 'rejected')),
    answer      text,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    pushed_at   timestamptz,
    ended_by_file bigint    REFERENCES ingest_file (id),
    PRIMARY KEY (kind, value)
);

-- A 997 receipt ends the PNR subscription in the same transaction that applies its file,
-- unless the subscription was changed locally after that file was taken in.
CREATE FUNCTION cprd_subscription_receipt() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE subscription s
    SET state = 'ended', ended_by_file = NEW.file_id, answer = 'receipt 997'
    FROM ingest_file f
    WHERE f.id = NEW.file_id AND s.kind = 'pnr' AND s.value = NEW.pnr
      AND s.state IN ('adding', 'active') AND s.changed_at < f.started_at;
    RETURN NULL;
END;
$$;
CREATE TRIGGER upstream_notice_receipt AFTER INSERT ON upstream_notice
    FOR EACH ROW WHEN (NEW.record_type = '997') EXECUTE FUNCTION cprd_subscription_receipt();

-- A refresh from the single-person source or a purge changes persons outside any file:
-- their change-feed rows have no file.
ALTER TABLE person_change ALTER COLUMN file_id DROP NOT NULL;

-- A rebuild up to an earlier production date rolls back the files after it; they may be
-- applied again (the applied-once index covers only 'applied').
ALTER TABLE ingest_file DROP CONSTRAINT ingest_file_outcome_check;
ALTER TABLE ingest_file ADD CONSTRAINT ingest_file_outcome_check
    CHECK (outcome IN ('applied', 'rejected', 'rolled-back'));
