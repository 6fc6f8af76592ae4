"""The saved-evaluation file (`.repm`): one SQLite database, opened by one program at a time.

`Store` knows tables, transactions, the lock and the audit chain; it knows nothing of sessions (services/saved.py
maps an EvaluationSession onto it). Every write happens inside `transaction()`, which commits (WAL, synchronous=FULL)
before it returns, so a crash or a power cut keeps everything committed before it.

The lock: the connection runs in `locking_mode=EXCLUSIVE` and takes the write lock as soon as it opens, and keeps it
until it closes. Another window, process or computer that opens the file gets "database is locked", which becomes a
`SavedError` sentence. The operating system drops the lock when a process dies, so there is no stale lock to clear.
Exclusive mode also means that WAL needs no shared-memory `-shm` file, so the file works on a network share too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repm_bids import __version__
from repm_bids.io.store_audit import (
    GENESIS,
    AuditEntry,
    ChainStatus,
    StoredRow,
    canonical_details,
    check_rows,
    entry_hash,
)
from repm_bids.io.store_schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS, SCHEMA_V1

__all__ = ["InputRow", "SavedError", "Store", "StoredResult", "statements"]


class SavedError(Exception):
    """A saved evaluation cannot be created, opened or written. The message is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class InputRow:
    position: int
    sha256: str
    path: str
    kind: str
    read_at: str | None


@dataclass(frozen=True, slots=True)
class StoredResult:
    evaluated_at: str | None
    sha256: str
    json: str


def statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (triggers included), to run them inside one transaction
    (sqlite3's executescript would commit first)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement: {buf.strip()[:60]}")
    return out


def _utc_text(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _local_text(now: datetime) -> str:
    return now.astimezone().isoformat(timespec="milliseconds")


def _locked(path: Path) -> SavedError:
    return SavedError(
        f"{path.name} is open in another repm-bids window or program (on this computer or another one using the same "
        "folder). Close it there first; a saved evaluation is opened by one program at a time so that nothing is lost."
    )


def _not_repm(path: Path) -> SavedError:
    return SavedError(f"{path.name} is not a saved evaluation (.repm file) of repm-bids.")


def _uri(p: Path) -> str:
    """An SQLite URI that opens an existing file read-write and never creates one (file:///C:/… on Windows)."""
    return p.resolve().as_uri() + "?mode=rw"


def _writable(p: Path) -> bool:
    return os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_sidecars(path: Path) -> None:
    """Remove a replaced file's leftover -wal/-shm, so they are never applied to the new database."""
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


class Store:
    """An open `.repm` file. Not for direct use by the GUI or cli: see services/saved.py."""

    def __init__(self, conn: sqlite3.Connection, path: Path, migrated_from: int | None = None) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.migrated_from = migrated_from
        self.writable = True  # False for a file on read-only storage, opened to read
        self._lock = threading.RLock()
        self._verified: set[str] = set()  # stored files already checked against their SHA-256 while open

    # -- opening and creating --------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], user: str, *, read_only: bool = False) -> Store:
        """Open and lock an existing file, bringing an older schema up to date (recorded as a `migrated` entry).

        `read_only` (for reading the trail, verifying, evaluating) also opens a file on read-only storage (an
        archive copy, a write-protected share): then nothing is written, not even a migration.
        """
        p = Path(path)
        if p.is_dir():
            raise SavedError(f"{p} is a folder, not a saved evaluation.")
        if not p.exists():
            raise SavedError(f"{p} does not exist.")
        if read_only and not _writable(p):
            return cls._open_immutable(p)
        conn = cls._connect(p)
        try:
            version = cls._probe(conn, p)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("BEGIN IMMEDIATE")  # takes the write lock, which exclusive mode then keeps until close
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise _locked(p) from None
            raise SavedError(f"{p.name} cannot be opened: {exc}.") from None
        except BaseException:
            conn.close()
            raise
        store = cls(conn, p)
        if version < CURRENT_VERSION:
            store._migrate(version, user)
        return store

    @classmethod
    def _open_immutable(cls, p: Path) -> Store:
        """A file this program may not write: read as it is, without a lock (nobody can write it either)."""
        wal = Path(f"{p}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise SavedError(
                f"{p.name} was not closed properly and is on storage this program cannot write; its last changes "
                "are in the file beside it ending in -wal. Copy both files to a folder you can write and open the copy."
            )
        try:
            conn = sqlite3.connect(
                p.resolve().as_uri() + "?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise SavedError(f"{p.name} cannot be opened: {exc}.") from None
        try:
            cls._probe(conn, p)
        except BaseException:
            conn.close()
            raise
        store = cls(conn, p)
        store.writable = False
        return store

    @staticmethod
    def _connect(p: Path) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(_uri(p), uri=True, isolation_level=None, timeout=0, check_same_thread=False)
        except sqlite3.Error as exc:
            raise SavedError(f"{p.name} cannot be opened: {exc}.") from None
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        return conn

    @staticmethod
    def _probe(conn: sqlite3.Connection, p: Path) -> int:
        """The file's schema version, after checking that it is a repm file this version can read."""
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _locked(p) from None
            raise _not_repm(p) from None
        except sqlite3.DatabaseError:
            raise _not_repm(p) from None
        if app_id != APPLICATION_ID or version < 1:
            raise _not_repm(p)
        if version > CURRENT_VERSION:
            raise SavedError(
                f"{p.name} was saved by a newer version of repm-bids (file schema {version}; this version reads up to "
                f"schema {CURRENT_VERSION}). Install the newer version to open it; the file was not changed."
            )
        return int(version)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        user: str,
        details: Mapping[str, Any],
        *,
        overwrite: bool = False,
    ) -> Store:
        """A new file with its `created` entry, written beside the target and moved into place whole.

        Refuses an existing file unless `overwrite`, and never replaces a file another program has open.
        """
        p = Path(path)
        if p.is_dir():
            raise SavedError(f"{p} is a folder; give a file name for the saved evaluation.")
        if not p.parent.is_dir():
            raise SavedError(f"Cannot save {p.name}: the folder {p.parent} does not exist.")
        if p.exists():
            if not overwrite:
                raise SavedError(f"{p} exists already; choose another name or confirm that it should be replaced.")
            cls._refuse_if_open(p)
        tmp = p.with_name(f".{p.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            conn = sqlite3.connect(str(tmp), isolation_level=None)
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")  # WAL without a shared-memory file, as every open uses
            try:
                cls._initialise(conn, user, details)
            finally:
                conn.close()
            _remove_sidecars(p)
            os.replace(tmp, p)
            _fsync_dir(p.parent)
        except OSError as exc:
            raise SavedError(f"Cannot save {p}: {exc.strerror or exc}.") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp)
            _remove_sidecars(tmp)
        return cls.open(p, user)

    @staticmethod
    def _refuse_if_open(p: Path) -> None:
        conn = sqlite3.connect(_uri(p), uri=True, timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _locked(p) from None
        except sqlite3.DatabaseError:
            pass  # not a database: replacing it is what the caller asked for
        finally:
            conn.close()

    @staticmethod
    def _initialise(
        conn: sqlite3.Connection, user: str, details: Mapping[str, Any], schema_version: int = CURRENT_VERSION
    ) -> None:
        """Build the schema (version 1, then each migration up to `schema_version`) and the `created` entry.
        The migration tests call it with `schema_version=1` to make a file as the first release wrote it."""
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        for sql in statements(SCHEMA_V1):
            conn.execute(sql)
        for version in range(1, schema_version):
            for sql in statements(MIGRATIONS[version]):
                conn.execute(sql)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {int(schema_version)}")
        now = datetime.now(UTC)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("file_id", uuid.uuid4().hex),
                ("created_utc", _utc_text(now)),
                ("created_by", f"repm-bids {__version__}"),
            ],
        )
        _append(conn, user, "created", dict(details), now)
        conn.execute("COMMIT")

    def _migrate(self, version: int, user: str) -> None:
        with self.transaction() as conn:
            start = version
            while version < CURRENT_VERSION:
                for sql in statements(MIGRATIONS[version]):
                    conn.execute(sql)
                version += 1
            conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
            _append(
                conn,
                user,
                "migrated",
                {"from_schema": start, "to_schema": CURRENT_VERSION, "by": f"repm-bids {__version__}"},
            )
        self.migrated_from = start

    # -- transactions ------------------------------------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise SavedError(f"{self.path.name} has been closed.")
        return self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed unit of work: everything in it is on disk when it returns, or nothing is."""
        with self._lock:
            conn = self.conn
            if not self.writable:
                raise SavedError(f"{self.path.name} is on storage this program cannot write; nothing was recorded.")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise SavedError(f"{self.path.name} cannot be written: {exc}.") from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise SavedError(
                        f"{self.path.name} could not be written ({exc}); the last change was not saved."
                    ) from exc
                raise

    def append(self, user: str, action: str, details: Mapping[str, Any]) -> AuditEntry:
        """Append an audit entry in its own transaction (use `append_in` inside a larger one)."""
        with self.transaction() as conn:
            return _append(conn, user, action, details)

    @staticmethod
    def append_in(conn: sqlite3.Connection, user: str, action: str, details: Mapping[str, Any]) -> AuditEntry:
        return _append(conn, user, action, details)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    if self.writable:
                        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    # -- audit trail -------------------------------------------------------------------------------------------------
    def _rows(self) -> list[StoredRow]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT seq, time_utc, time_local, user, action, details, prev_hash, hash FROM audit ORDER BY seq"
            ).fetchall()
        return [StoredRow(*r) for r in rows]

    def audit_entries(self) -> list[AuditEntry]:
        out = []
        for r in self._rows():
            try:
                details = json.loads(r.details)
            except ValueError:
                details = {"unreadable details": r.details}
            out.append(AuditEntry(r.seq, r.time_utc, r.time_local, r.user, r.action, details, r.prev_hash, r.hash))
        return out

    def check_chain(self) -> ChainStatus:
        """The chain, then the stored files: every stored input must still match the SHA-256 it was stored under."""
        rows = self._rows()
        status = check_rows(rows, self._head())
        if not status.ok:
            return status
        bad = self._bad_blobs()
        if bad:
            sha = bad[0]
            seq = next((r.seq for r in rows if sha in r.details), None)
            which = f"entry {seq}" if seq is not None else "no entry"
            return ChainStatus(
                False,
                seq,
                f"Entry {seq} is broken: the stored file {sha[:12]}… it recorded no longer matches its SHA-256."
                if seq is not None
                else f"A stored file ({sha[:12]}…) no longer matches its SHA-256 and {which} records it.",
            )
        return status

    def _head(self) -> tuple[int, str] | None:
        with self._lock:
            rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')"))
        if "head_seq" not in rows:
            return None
        return int(rows["head_seq"]), rows.get("head_hash", GENESIS)

    def _bad_blobs(self) -> list[str]:
        """Stored files whose bytes no longer match their SHA-256. Each is hashed once per open: nobody else can
        write the file while this program holds its lock, and this program checks the bytes it stores."""
        bad = []
        with self._lock:
            shas = [r[0] for r in self.conn.execute("SELECT sha256 FROM blobs ORDER BY rowid")]
            for sha in shas:
                if sha in self._verified:
                    continue
                (data,) = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
                if hashlib.sha256(data).hexdigest() == sha:
                    self._verified.add(sha)
                else:
                    bad.append(sha)
        return bad

    # -- stored files ------------------------------------------------------------------------------------------------
    @staticmethod
    def put_blob(conn: sqlite3.Connection, sha256: str, data: bytes) -> bool:
        """Store a file's bytes under its SHA-256 (once); True when they were new."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the bytes do not match the SHA-256 they are stored under")
        cur = conn.execute(
            "INSERT OR IGNORE INTO blobs (sha256, data, size) VALUES (?, ?, ?)", (sha256, data, len(data))
        )
        return cur.rowcount > 0

    def has_blob(self, sha256: str) -> bool:
        with self._lock:
            return self.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def blob(self, sha256: str) -> bytes:
        with self._lock:
            row = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise SavedError(f"{self.path.name} is damaged: the stored file {sha256[:12]}… is missing.")
        return bytes(row[0])

    # -- the evaluation's state --------------------------------------------------------------------------------------
    @staticmethod
    def write_inputs(conn: sqlite3.Connection, rows: Sequence[InputRow]) -> None:
        conn.execute("DELETE FROM inputs")
        conn.executemany(
            "INSERT INTO inputs (position, sha256, path, kind, read_at) VALUES (?, ?, ?, ?, ?)",
            [(r.position, r.sha256, r.path, r.kind, r.read_at) for r in rows],
        )

    @staticmethod
    def append_input(conn: sqlite3.Connection, row: InputRow) -> None:
        """Add one input after the last (its position in `row` is ignored); replaces an earlier row for the same
        file."""
        conn.execute("DELETE FROM inputs WHERE sha256 = ?", (row.sha256,))
        conn.execute(
            "INSERT INTO inputs (position, sha256, path, kind, read_at) "
            "VALUES ((SELECT coalesce(max(position) + 1, 0) FROM inputs), ?, ?, ?, ?)",
            (row.sha256, row.path, row.kind, row.read_at),
        )

    @staticmethod
    def blob_hashes(conn: sqlite3.Connection) -> set[str]:
        return {r[0] for r in conn.execute("SELECT sha256 FROM blobs")}

    @staticmethod
    def write_scheme(conn: sqlite3.Connection, scheme: Mapping[str, Any]) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO scheme (id, json) VALUES (1, ?)",
            (json.dumps(scheme, ensure_ascii=False),),  # key order kept: the criteria's order is the scheme's
        )

    @staticmethod
    def write_decisions(conn: sqlite3.Connection, decisions: Sequence[tuple[str, bool, str, str | None]]) -> None:
        """(bid_ref, qualified, remarks, source as JSON or None), in the order they were made."""
        conn.execute("DELETE FROM decisions")
        conn.executemany(
            "INSERT INTO decisions (bid_ref, qualified, remarks, source) VALUES (?, ?, ?, ?)",
            [(ref, int(q), remarks, source) for ref, q, remarks, source in decisions],
        )

    @staticmethod
    def write_removed_bids(conn: sqlite3.Connection, keys: Sequence[str]) -> None:
        conn.execute("DELETE FROM removed_bids")
        conn.executemany("INSERT INTO removed_bids (bid_key) VALUES (?)", [(k,) for k in sorted(keys)])

    @staticmethod
    def write_problems(conn: sqlite3.Connection, origin: str, problems: Sequence[Mapping[str, Any]]) -> None:
        conn.execute("DELETE FROM problems WHERE origin = ?", (origin,))
        conn.executemany(
            "INSERT INTO problems (origin, json) VALUES (?, ?)",
            [(origin, json.dumps(p, ensure_ascii=False, sort_keys=True)) for p in problems],
        )

    @staticmethod
    def write_result(conn: sqlite3.Connection, result: StoredResult) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO result (id, evaluated_at, sha256, json) VALUES (1, ?, ?, ?)",
            (result.evaluated_at, result.sha256, result.json),
        )

    def read_inputs(self) -> list[InputRow]:
        with self._lock:
            rows = self.conn.execute("SELECT position, sha256, path, kind, read_at FROM inputs ORDER BY position")
            return [InputRow(*r) for r in rows.fetchall()]

    def read_scheme(self) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute("SELECT json FROM scheme WHERE id = 1").fetchone()
        return None if row is None else json.loads(row[0])

    def read_decisions(self) -> list[tuple[str, bool, str, str | None]]:
        with self._lock:
            sql = "SELECT bid_ref, qualified, remarks, source FROM decisions ORDER BY rowid"
            rows = self.conn.execute(sql).fetchall()
        return [(ref, bool(q), remarks, source) for ref, q, remarks, source in rows]

    def read_removed_bids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.conn.execute("SELECT bid_key FROM removed_bids ORDER BY bid_key")]

    def read_problems(self, origin: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self.conn.execute("SELECT json FROM problems WHERE origin = ? ORDER BY id", (origin,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def read_result(self) -> StoredResult | None:
        with self._lock:
            row = self.conn.execute("SELECT evaluated_at, sha256, json FROM result WHERE id = 1").fetchone()
        return None if row is None else StoredResult(*row)

    def meta(self) -> dict[str, str]:
        with self._lock:
            return dict(self.conn.execute("SELECT key, value FROM meta"))

    def schema_version(self) -> int:
        with self._lock:
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- copies ------------------------------------------------------------------------------------------------------
    def check_copy_target(self, target: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Raise SavedError unless `target` can take a copy of this file."""
        p = Path(target)
        if p.resolve() == self.path.resolve():
            raise SavedError(f"{p.name} is the file already open; choose another name for the copy.")
        if p.is_dir():
            raise SavedError(f"{p} is a folder; give a file name for the copy.")
        if not p.parent.is_dir():
            raise SavedError(f"Cannot save {p.name}: the folder {p.parent} does not exist.")
        if p.exists():
            if not overwrite:
                raise SavedError(f"{p} exists already; choose another name or confirm that it should be replaced.")
            self._refuse_if_open(p)
        return p

    def backup_to(self, target: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Copy the whole database (SQLite's online backup) to `target`, written beside it and moved into place."""
        p = self.check_copy_target(target, overwrite=overwrite)
        tmp = p.with_name(f".{p.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            dst = sqlite3.connect(str(tmp), isolation_level=None)
            dst.execute("PRAGMA locking_mode=EXCLUSIVE")
            try:
                with self._lock:
                    self.conn.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
            _remove_sidecars(p)
            os.replace(tmp, p)
            _fsync_dir(p.parent)
        except (OSError, sqlite3.Error) as exc:
            raise SavedError(f"Cannot save a copy as {p}: {getattr(exc, 'strerror', None) or exc}.") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp)
            _remove_sidecars(tmp)
        return p


def _append(
    conn: sqlite3.Connection, user: str, action: str, details: Mapping[str, Any], now: datetime | None = None
) -> AuditEntry:
    """Append one chained entry (inside the caller's transaction) and move the file's head to it."""
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    now = now or datetime.now(UTC)
    t_utc, t_local = _utc_text(now), _local_text(now)
    details_json = canonical_details(details)
    digest = entry_hash(prev, seq, t_utc, t_local, user, action, details_json)
    conn.execute(
        "INSERT INTO audit (seq, time_utc, time_local, user, action, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, t_utc, t_local, user, action, details_json, prev, digest),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [("head_seq", str(seq)), ("head_hash", digest)]
    )
    return AuditEntry(seq, t_utc, t_local, user, action, json.loads(details_json), prev, digest)
