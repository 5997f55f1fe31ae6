-- The replica: every record CPR delivered per person, a current-state row per person
-- for fast lookups, old-number resolution, the change feed, the file ledger and the
-- replication state. PNR columns are text, not char(10): a text bind against char(10)
-- would skip the index.

-- The person's P12170 records as delivered (ISO-8859-1 decoded to UTF-8, one record per
-- line in file order, trailing blanks trimmed), history and ANNKOR markers included.
-- 099 events, 910 errors and 997 receipts are not person data and live elsewhere.
CREATE TABLE person_raw (
    pnr     text PRIMARY KEY,
    records text NOT NULL
);

-- Current state of each person, derived from person_raw at ingest. `document` is the
-- prebuilt JSON answer of GET /v1/persons/{pnr} without updatedAt/sourceProductionDate,
-- which the server adds from the columns below.
CREATE TABLE person (
    pnr                    text    PRIMARY KEY,
    current_pnr            text,
    status                 text    NOT NULL,
    sex                    text,
    birth_date             text,
    first_name             text    NOT NULL DEFAULT '',
    middle_name            text    NOT NULL DEFAULT '',
    last_name              text    NOT NULL DEFAULT '',
    search_name            text    NOT NULL DEFAULT '',
    municipality_code      text,
    road_code              text,
    road_name              text,
    house_number           text,
    floor                  text,
    door                   text,
    postal_code            text,
    name_address_protected boolean NOT NULL DEFAULT false,
    document               text    NOT NULL,
    -- The document with name and address withheld; only for protected persons.
    redacted_document      text,
    production_date        date    NOT NULL,
    updated_at             timestamptz NOT NULL
);

-- Old numbers (001 PNRGAELD for status 50/60, and 022 on the new number) to the current
-- number. `source_pnr` is the person whose records stated the alias, so that replacing
-- that person's records replaces the aliases they stated.
CREATE TABLE pnr_alias (
    old_pnr     text NOT NULL,
    current_pnr text NOT NULL,
    source_pnr  text NOT NULL,
    PRIMARY KEY (old_pnr, source_pnr)
);
CREATE INDEX pnr_alias_source ON pnr_alias (source_pnr);

-- The file ledger: every file offered to the replica and what became of it.
CREATE TABLE ingest_file (
    id                       bigserial   PRIMARY KEY,
    file_name                text        NOT NULL,
    sha256                   text        NOT NULL,
    kind                     text        NOT NULL CHECK (kind IN ('full', 'change')),
    task_number              text,
    production_date          date,
    previous_production_date date,
    records                  bigint,
    persons                  bigint,
    bytes                    bigint,
    started_at               timestamptz NOT NULL,
    finished_at              timestamptz NOT NULL,
    seconds                  double precision NOT NULL,
    outcome                  text        NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    forced                   boolean     NOT NULL DEFAULT false,
    error                    text,
    archive_path             text
);
-- A file is applied at most once; a second offer of the same bytes is a no-op.
CREATE UNIQUE INDEX ingest_file_applied_once ON ingest_file (sha256) WHERE outcome = 'applied';
CREATE INDEX ingest_file_production_date ON ingest_file (production_date);

-- The change feed read by GET /v1/changes: one row per person changed by a file.
-- A full extract writes one row with pnr NULL: clients should re-read everything.
CREATE TABLE person_change (
    seq             bigserial PRIMARY KEY,
    pnr             text,
    file_id         bigint    NOT NULL REFERENCES ingest_file (id),
    production_date date      NOT NULL
);

-- 099 event records: why a person was delivered (HAENDELSE) and how they relate to the
-- event's main person (AFLEDTMRK).
CREATE TABLE person_event (
    pnr           text   NOT NULL,
    file_id       bigint NOT NULL REFERENCES ingest_file (id),
    timestampu    text   NOT NULL,
    event_code    text   NOT NULL,
    derived_mark  text   NOT NULL DEFAULT '',
    key_constant  text   NOT NULL DEFAULT ''
);
CREATE INDEX person_event_pnr ON person_event (pnr);

-- 997 receipts (subscription deleted upstream) and 910 error records from CPR.
CREATE TABLE upstream_notice (
    file_id    bigint NOT NULL REFERENCES ingest_file (id),
    record_type text  NOT NULL,
    pnr        text   NOT NULL,
    record     text   NOT NULL
);

-- One row: what the replica holds. Written in the same transaction as the data.
CREATE TABLE replication_state (
    singleton            boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_production_date date,
    last_file_id         bigint REFERENCES ingest_file (id),
    applied_at           timestamptz
);
INSERT INTO replication_state (singleton) VALUES (true);
