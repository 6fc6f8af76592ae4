"""The schema of a saved evaluation (`.repm`, one SQLite database) and the steps that bring older files up to date.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as a repm-bids saved
evaluation. Version 1 is the first schema; each later version is one step in `MIGRATIONS`, run inside the same
transaction as the audit entry that records it. docs/saved-evaluations.md describes every table.
"""

from __future__ import annotations

APPLICATION_ID = 0x52455042  # "REPB": this SQLite file is a repm-bids saved evaluation
CURRENT_VERSION = 2

# Version 1, exactly as the first release wrote it (kept verbatim: the migration test builds a version-1 file
# from it, and `create` builds version 1 and then runs the migrations, so every file takes the same path).
SCHEMA_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    data   BLOB NOT NULL
);
CREATE TABLE inputs (
    position INTEGER PRIMARY KEY,
    sha256   TEXT NOT NULL UNIQUE REFERENCES blobs (sha256),
    path     TEXT NOT NULL,
    kind     TEXT NOT NULL DEFAULT 'bids',
    read_at  TEXT
);
CREATE TABLE scheme (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL
);
CREATE TABLE decisions (
    bid_ref   TEXT PRIMARY KEY,
    qualified INTEGER NOT NULL CHECK (qualified IN (0, 1)),
    remarks   TEXT NOT NULL DEFAULT '',
    source    TEXT
);
CREATE TABLE removed_bids (
    bid_key TEXT PRIMARY KEY
);
CREATE TABLE problems (
    id     INTEGER PRIMARY KEY,
    origin TEXT NOT NULL CHECK (origin IN ('import', 'decisions')),
    json   TEXT NOT NULL
);
CREATE TABLE result (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    evaluated_at TEXT,
    sha256       TEXT NOT NULL,
    json         TEXT NOT NULL
);
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    time_utc   TEXT NOT NULL,
    time_local TEXT NOT NULL,
    user       TEXT NOT NULL,
    action     TEXT NOT NULL,
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'stored input files never change'); END;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
BEGIN SELECT RAISE(ABORT, 'stored input files are never deleted'); END;
"""

# Version 2: each stored file carries its size (backfilled from the stored bytes), so the list of stored inputs and
# the log can show sizes without reading every blob. The blob trigger is narrowed to the bytes and the hash, so
# that the backfill (and later metadata columns) can be written while the bytes themselves stay immutable.
MIGRATE_1_TO_2 = """
DROP TRIGGER blobs_no_update;
ALTER TABLE blobs ADD COLUMN size INTEGER;
UPDATE blobs SET size = length(data);
CREATE TRIGGER blobs_no_update BEFORE UPDATE OF sha256, data ON blobs
BEGIN SELECT RAISE(ABORT, 'stored input files never change'); END;
"""

MIGRATIONS: dict[int, str] = {1: MIGRATE_1_TO_2}  # from version -> script that brings it to version + 1
