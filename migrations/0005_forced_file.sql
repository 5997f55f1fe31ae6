-- An operator's `cprd ingest --force FILE` while `cprd sync` holds the writer lock: the
-- request is handed to the daemon, which applies that file with --force when its queue
-- stands at it. Keyed by content, so only the very bytes the operator named are forced.
CREATE TABLE forced_file (
    sha256       text        PRIMARY KEY,
    file_name    text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);
