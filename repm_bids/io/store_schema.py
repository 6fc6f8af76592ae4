"""The schema of a saved evaluation (`.repm`, one SQLite database) and the steps that bring older files up to date.

`PRAGMA user_version` holds the schema version and `PRAGMA application_id` marks the file as a repm-bids saved
evaluation. Version 1 is the first schema; each later version is one step in `MIGRATIONS`, run inside the same
transaction as the audit entry that records it. docs/saved-evaluations.md describes every table.
"""

from __future__ import annotations

APPLICATION_ID = 0x52455042  # "REPB": this SQLite file is a repm-bids saved evaluation
CURRENT_VERSION = 5

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

# Version 3: the trail covers the tables. Every entry from now on records what each table holds (see store_state.py);
# the `migrated` entry that this step ends with records the tables as the file held them. The file's own metadata
# is guarded like the trail: its identity rows never change, and its head moves only to the trail's last entry. New
# entries must follow the last one. (Guards stop accidents; the recorded state is what shows a deliberate edit.)
MIGRATE_2_TO_3 = """
CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
BEGIN SELECT RAISE(ABORT, 'the file''s metadata is never deleted'); END;
CREATE TRIGGER meta_identity_fixed BEFORE UPDATE ON meta
WHEN old.key NOT IN ('head_seq', 'head_hash') OR new.key != old.key
BEGIN SELECT RAISE(ABORT, 'the file''s identity never changes'); END;
CREATE TRIGGER meta_head_is_last_entry BEFORE UPDATE ON meta
WHEN new.key = 'head_seq' AND CAST(new.value AS INTEGER) != (SELECT max(seq) FROM audit)
BEGIN SELECT RAISE(ABORT, 'the head is the last entry of the trail'); END;
CREATE TRIGGER audit_in_sequence BEFORE INSERT ON audit
WHEN new.seq != (SELECT coalesce(max(seq), 0) + 1 FROM audit)
BEGIN SELECT RAISE(ABORT, 'entries are appended in sequence'); END;
"""

# Version 4: the stages of a two-cover evaluation. `stage_steps` holds the steps taken since the technical stage was
# last (re)opened (approval, the opening of the prices: who and when); `clarifications` the committee's verified
# values (the value as written; it is read again with the bid form's rules when the file is opened); `covers` the
# financial covers of the open financial stage: those opened (their bytes are stored files) and those returned
# unopened (kept by their SHA-256 alone, never stored or read). Reopening empties `stage_steps` and `covers`; the
# trail keeps what they held, and the opened covers' bytes stay stored.
MIGRATE_3_TO_4 = """
CREATE TABLE stage_steps (
    position INTEGER PRIMARY KEY,
    stage    TEXT NOT NULL CHECK (stage IN ('technical_approved', 'prices_opened')),
    by_name  TEXT NOT NULL,
    at_utc   TEXT NOT NULL
);
CREATE TABLE clarifications (
    position INTEGER PRIMARY KEY,
    bid_ref  TEXT NOT NULL,
    field    TEXT NOT NULL,
    text     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    document TEXT NOT NULL DEFAULT '',
    UNIQUE (bid_ref, field)
);
CREATE TABLE covers (
    position INTEGER PRIMARY KEY,
    sha256   TEXT NOT NULL CHECK (length(sha256) = 64),
    path     TEXT NOT NULL,
    opened   INTEGER NOT NULL CHECK (opened IN (0, 1)),
    bid_ref  TEXT
);
"""

# Version 5: the committee's decision on an abnormally low quote is its own, beside the technical decision. A row
# holds either or both (`qualified` may now be empty); the rows are copied in their order, with no low-quote decision.
MIGRATE_4_TO_5 = """
CREATE TABLE decisions_5 (
    bid_ref   TEXT PRIMARY KEY,
    qualified INTEGER CHECK (qualified IN (0, 1)),
    remarks   TEXT NOT NULL DEFAULT '',
    source    TEXT,
    low_quote INTEGER CHECK (low_quote IN (0, 1)),
    CHECK (qualified IS NOT NULL OR low_quote IS NOT NULL)
);
INSERT INTO decisions_5 (bid_ref, qualified, remarks, source)
SELECT bid_ref, qualified, remarks, source FROM decisions ORDER BY rowid;
DROP TABLE decisions;
ALTER TABLE decisions_5 RENAME TO decisions;
"""

MIGRATIONS: dict[int, str] = {
    1: MIGRATE_1_TO_2,
    2: MIGRATE_2_TO_3,
    3: MIGRATE_3_TO_4,
    4: MIGRATE_4_TO_5,
}  # from version -> script that brings it to version + 1
