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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repm_bids import __version__
from repm_bids.io.replace import replace_file
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
from repm_bids.io.store_sidecar import check_wal, present, refused_for_reading, refused_journal, refused_wal
from repm_bids.io.store_state import FIRST_STATE_SCHEMA, STATE_KEY, check_state, state_digests

__all__ = ["InputRow", "SavedDamaged", "SavedError", "SavedWriteFailed", "Store", "StoredResult", "statements"]


class SavedError(Exception):
    """A saved evaluation cannot be created, opened or written. The message is a sentence for the user."""


class SavedWriteFailed(SavedError):
    """The file could not be written (a full disk, a read-only disk, a failing medium); nothing of the change is in
    it. An output that could not be written, not a usage error."""


class SavedDamaged(SavedError):
    """The file was changed outside repm-bids (or is damaged): refused for work. `status` names the first bad entry;
    the application may offer to open it for inspection (`Store.open(..., inspect=True)`), which writes nothing."""

    def __init__(self, message: str, status: ChainStatus | None = None) -> None:
        super().__init__(message)
        self.status = status


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


DecisionRow = tuple[str, bool | None, str, str | None, bool | None]


def _flag(v: bool | None) -> int | None:
    return None if v is None else int(v)


def _bool(v: int | None) -> bool | None:
    return None if v is None else bool(v)


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


def _damaged_or_not_repm(p: Path, exc: Exception) -> SavedError:
    """An SQLite file whose first page cannot be read is a damaged file, not some other kind of file."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError:
        head = b""
    if head == b"SQLite format 3\x00":
        return SavedError(f"{p.name} is damaged: its first page cannot be read ({exc}). Nothing was changed.")
    return _not_repm(p)


def _refuse_not_a_file(p: Path) -> None:
    """Only a regular file is opened: a folder, a pipe or a device is refused without opening it (a pipe would
    block)."""
    import stat

    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        raise SavedError(f"{p} does not exist.") from None
    except OSError as exc:
        raise SavedError(f"{p} cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(mode):
        raise SavedError(f"{p} is a folder, not a saved evaluation.")
    if not stat.S_ISREG(mode):
        raise SavedError(f"{p} is not a regular file (a pipe, device or socket); a saved evaluation is a file.")


def _trail_hashes(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT hash FROM audit ORDER BY seq")]


def _check_copy(conn: sqlite3.Connection, path: Path) -> ChainStatus:
    store = Store(conn, path)
    try:
        return store.check_chain()
    except SavedError as exc:
        return ChainStatus(False, None, str(exc))


def _reason(exc: BaseException) -> str:
    import errno

    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return "the disk or folder is read-only"
    return str(getattr(exc, "strerror", None) or exc)


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
    def open(cls, path: str | os.PathLike[str], user: str, *, read_only: bool = False, inspect: bool = False) -> Store:
        """Open and lock an existing file, check it, and bring an older schema up to date (a `migrated` entry).

        The check: the audit trail's chain, the file's head against its last entry, every table against what the
        last entry recorded, every stored file against its SHA-256. A file that fails it is refused (SavedDamaged)
        before anything is written. `read_only` (the command line's log, verify and evaluate) reads the file as it
        is on disk and writes nothing, not even a migration; `inspect` (read only too) opens even a file that fails
        the check, so that its trail can be examined (`check_chain` says what is wrong).
        """
        p = Path(path)
        _refuse_not_a_file(p)
        if read_only or inspect:
            store = cls._open_immutable(p)
        else:
            store = cls._open_locked(p)
        try:
            store._refuse_if_damaged(inspect)
            version = store.schema_version()
            if version < CURRENT_VERSION and store.writable:
                store._migrate(version, user)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_locked(cls, p: Path) -> Store:
        if not _writable(p):
            raise SavedError(
                f"{p.name} is on storage this program cannot write (an archive copy, a write-protected share). "
                "Copy it to a folder you can write to work on it; it can be read as it is."
            )
        sides = present(p)
        if any(s.name.endswith("-journal") for s in sides):
            raise SavedError(refused_journal(p))
        if sides:
            why = check_wal(p, _trail_hashes, _check_copy)
            if why is not None:
                raise SavedError(refused_wal(p, why))
        conn = cls._connect(p)
        try:
            cls._probe(conn, p)
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
        return cls(conn, p)

    @classmethod
    def _open_immutable(cls, p: Path) -> Store:
        """Read the file exactly as it is on disk, without a lock and without touching it or anything beside it.

        A sidecar holding changes means the file is open elsewhere, was not closed properly, or had one put beside
        it: refused, since reading around it would not be reading what the file will be once opened."""
        sides = present(p)
        if sides:
            raise SavedError(refused_for_reading(p, sides))
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

    def _refuse_if_damaged(self, inspect: bool) -> None:
        try:
            status = self.check_chain()
        except SavedError:
            if inspect:
                return
            raise
        if not status.ok and not inspect:
            raise SavedDamaged(
                f"{self.path.name} cannot be used: {status.message} Nothing was changed; it can be opened read-only "
                "to examine its audit trail.",
                status,
            )

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
        except sqlite3.DatabaseError as exc:
            raise _damaged_or_not_repm(p, exc) from None
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
        setup: Callable[[sqlite3.Connection], None] | None = None,
    ) -> Store:
        """A new file with its `created` entry, written beside the target and moved into place whole. `setup` writes
        the starting tables (the scheme) in the same transaction, so that the `created` entry records them.

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
                cls._initialise(conn, user, details, setup=setup)
            finally:
                conn.close()
            _remove_sidecars(p)
            replace_file(tmp, p)
            _fsync_dir(p.parent)
        except OSError as exc:
            raise SavedWriteFailed(f"Cannot save {p}: {_reason(exc)}.") from None
        except sqlite3.Error as exc:
            raise SavedWriteFailed(f"Cannot save {p}: {exc}; nothing was saved.") from None
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
        conn: sqlite3.Connection,
        user: str,
        details: Mapping[str, Any],
        schema_version: int = CURRENT_VERSION,
        setup: Callable[[sqlite3.Connection], None] | None = None,
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
        if setup is not None:
            setup(conn)
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
                    raise SavedWriteFailed(
                        f"{self.path.name} could not be written ({exc}); the last change was not saved."
                    ) from exc
                raise

    def append(self, user: str, action: str, details: Mapping[str, Any]) -> AuditEntry:
        """Append an audit entry in its own transaction (use `append_in` inside a larger one)."""
        with self.transaction() as conn:
            return _append(conn, user, action, details)

    @staticmethod
    def state_recorded(conn: sqlite3.Connection) -> bool:
        """Whether the tables hold what the last entry recorded (always, for a file older than schema 3)."""
        if conn.execute("PRAGMA user_version").fetchone()[0] < FIRST_STATE_SCHEMA:
            return True
        row = conn.execute("SELECT details FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        try:
            recorded = json.loads(row[0]).get(STATE_KEY) if row else None
        except (ValueError, AttributeError):
            return False
        return bool(recorded == state_digests(conn))

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

    def last_hash(self) -> str | None:
        """The hash of the trail's last entry (None while it has none), without reading the trail."""
        with self._lock:
            row = self.conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def audit_entries(self) -> list[AuditEntry]:
        out = []
        for r in self._rows():
            try:
                details = json.loads(r.details)
            except ValueError:
                details = {"unreadable details": r.details}
            if isinstance(details, dict):
                details.pop(STATE_KEY, None)  # for checking, not for reading
            else:
                details = {"unreadable details": r.details}
            out.append(AuditEntry(r.seq, r.time_utc, r.time_local, r.user, r.action, details, r.prev_hash, r.hash))
        return out

    def check_chain(self) -> ChainStatus:
        """The whole check, naming the first bad entry: the chain, the file's head against the last entry, every
        table against what the last entry recorded, then every stored file against its SHA-256.

        Raises SavedError when the file is too damaged to check (a missing table, unreadable pages)."""
        try:
            return self._check()
        except sqlite3.DatabaseError as exc:
            raise SavedError(f"{self.path.name} is damaged ({exc}); nothing was changed.") from None

    def _check(self) -> ChainStatus:
        rows = self._rows()
        version = self.schema_version()
        head = self._head()
        if head is None and version >= FIRST_STATE_SCHEMA:
            n = len(rows)
            return ChainStatus(
                False, n or 1, f"Entry {n or 1} is broken: the file's record of its last entry was deleted."
            )
        status = check_rows(rows, head)
        if not status.ok:
            return status
        if version >= FIRST_STATE_SCHEMA:
            last = rows[-1]
            try:
                recorded = json.loads(last.details).get(STATE_KEY)
            except (ValueError, AttributeError):
                recorded = None
            with self._lock:
                now = state_digests(self.conn)
            state = check_state(last.seq, last.action, recorded, now)
            if not state.ok:
                return state
        bad = self._bad_blobs()
        if bad:
            sha = bad[0]
            seq = next((r.seq for r in rows if sha in r.details), None)
            return ChainStatus(
                False,
                seq if seq is not None else rows[-1].seq,
                f"Entry {seq} is broken: the stored file {sha[:12]}… it recorded no longer matches its SHA-256."
                if seq is not None
                else f"Entry {rows[-1].seq} is broken: a stored file ({sha[:12]}…) no longer matches its SHA-256, and "
                "no entry records it.",
            )
        return status

    @property
    def covers_tables(self) -> bool:
        """Whether the trail records what the tables hold (schema 3 on); an older file read as it is does not."""
        return self.schema_version() >= FIRST_STATE_SCHEMA

    def _head(self) -> tuple[int, str] | None:
        with self._lock:
            rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')"))
        if "head_seq" not in rows:
            return None
        try:
            return int(rows["head_seq"]), rows.get("head_hash", GENESIS)
        except ValueError:
            return -1, rows.get("head_hash", GENESIS)

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
    def write_decisions(conn: sqlite3.Connection, decisions: Sequence[DecisionRow]) -> None:
        """(bid_ref, qualified, remarks, source as JSON or None, low quote accepted), in the order they were made;
        a decision not taken is None."""
        conn.execute("DELETE FROM decisions")
        conn.executemany(
            "INSERT INTO decisions (bid_ref, qualified, remarks, source, low_quote) VALUES (?, ?, ?, ?, ?)",
            [(ref, _flag(q), remarks, source, _flag(low)) for ref, q, remarks, source, low in decisions],
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
    def write_result(conn: sqlite3.Connection, evaluated_at: str | None, sha256: str, text: str | bytes) -> None:
        """`text`: the result's JSON, or its UTF-8 bytes (stored as the very same text). A large result made in
        another process comes as bytes, so that tens of megabytes never become one Python string here: making one
        holds the interpreter, and so the window, for a fifth of a second or more."""
        if isinstance(text, bytes) and conn.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":
            text = text.decode("utf-8")  # a file made elsewhere in another encoding: SQLite converts a string
        conn.execute(
            "INSERT OR REPLACE INTO result (id, evaluated_at, sha256, json) VALUES (1, ?, ?, CAST(? AS TEXT))",
            (evaluated_at, sha256, text),
        )

    # -- the stages (schema 4 on; an older file read as it is has none) --------------------------------------------
    @staticmethod
    def write_steps(conn: sqlite3.Connection, steps: Sequence[tuple[str, str, str]]) -> None:
        """(stage, by, at UTC as ISO text), in the order taken."""
        conn.execute("DELETE FROM stage_steps")
        conn.executemany(
            "INSERT INTO stage_steps (position, stage, by_name, at_utc) VALUES (?, ?, ?, ?)",
            [(i, *step) for i, step in enumerate(steps)],
        )

    @staticmethod
    def write_clarifications(conn: sqlite3.Connection, rows: Sequence[tuple[str, str, str, str, str]]) -> None:
        """(bid_ref, field, text, reason, document), in the order made."""
        conn.execute("DELETE FROM clarifications")
        conn.executemany(
            "INSERT INTO clarifications (position, bid_ref, field, text, reason, document) VALUES (?, ?, ?, ?, ?, ?)",
            [(i, *row) for i, row in enumerate(rows)],
        )

    @staticmethod
    def write_covers(conn: sqlite3.Connection, rows: Sequence[tuple[str, str, bool, str | None]]) -> None:
        """(sha256, path, opened, bid_ref of an unopened cover): the financial covers of the open financial stage."""
        conn.execute("DELETE FROM covers")
        conn.executemany(
            "INSERT INTO covers (position, sha256, path, opened, bid_ref) VALUES (?, ?, ?, ?, ?)",
            [(i, sha, path, int(opened), ref) for i, (sha, path, opened, ref) in enumerate(rows)],
        )

    def _has_stages(self) -> bool:
        return self.schema_version() >= 4

    def read_steps(self) -> list[tuple[str, str, str]]:
        if not self._has_stages():
            return []
        with self._lock:
            rows = self.conn.execute("SELECT stage, by_name, at_utc FROM stage_steps ORDER BY position").fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    def read_clarifications(self) -> list[tuple[str, str, str, str, str]]:
        if not self._has_stages():
            return []
        with self._lock:
            sql = "SELECT bid_ref, field, text, reason, document FROM clarifications ORDER BY position"
            rows = self.conn.execute(sql).fetchall()
        return [(str(a), str(b), str(c), str(d), str(e)) for a, b, c, d, e in rows]

    def read_covers(self) -> list[tuple[str, str, bool, str | None]]:
        if not self._has_stages():
            return []
        with self._lock:
            rows = self.conn.execute("SELECT sha256, path, opened, bid_ref FROM covers ORDER BY position").fetchall()
        return [(str(sha), str(path), bool(opened), ref) for sha, path, opened, ref in rows]

    # -- the committee's acts after the prices are opened (schema 6 on) ---------------------------------------------
    @staticmethod
    def write_draws(conn: sqlite3.Connection, draws: Sequence[tuple[Sequence[str], str]]) -> None:
        """(the bid references in the order drawn, the witnesses), in the order recorded."""
        conn.execute("DELETE FROM draws")
        conn.executemany(
            "INSERT INTO draws (position, bid_refs, witnesses) VALUES (?, ?, ?)",
            [(i, json.dumps(list(order), ensure_ascii=False), w) for i, (order, w) in enumerate(draws)],
        )

    @staticmethod
    def write_withdrawals(conn: sqlite3.Connection, bid_refs: Sequence[str]) -> None:
        conn.execute("DELETE FROM withdrawals")
        conn.executemany(
            "INSERT INTO withdrawals (position, bid_ref) VALUES (?, ?)", [(i, r) for i, r in enumerate(bid_refs)]
        )

    def read_draws(self) -> list[tuple[list[str], str]]:
        if self.schema_version() < 6:
            return []
        with self._lock:
            rows = self.conn.execute("SELECT bid_refs, witnesses FROM draws ORDER BY position").fetchall()
        return [([str(r) for r in json.loads(refs)], str(w)) for refs, w in rows]

    def read_withdrawals(self) -> list[str]:
        if self.schema_version() < 6:
            return []
        with self._lock:
            return [str(r[0]) for r in self.conn.execute("SELECT bid_ref FROM withdrawals ORDER BY position")]

    def read_inputs(self) -> list[InputRow]:
        with self._lock:
            rows = self.conn.execute("SELECT position, sha256, path, kind, read_at FROM inputs ORDER BY position")
            return [InputRow(*r) for r in rows.fetchall()]

    def read_scheme(self) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute("SELECT json FROM scheme WHERE id = 1").fetchone()
        return None if row is None else json.loads(row[0])

    def read_decisions(self) -> list[DecisionRow]:
        """The decisions as `write_decisions` takes them (a file of schema 4 or older, opened read-only, has no
        low-quote decisions)."""
        with self._lock:
            low = "low_quote" if self.schema_version() >= 5 else "NULL"
            sql = f"SELECT bid_ref, qualified, remarks, source, {low} FROM decisions ORDER BY rowid"
            rows = self.conn.execute(sql).fetchall()
        return [(ref, _bool(q), remarks, source, _bool(lq)) for ref, q, remarks, source, lq in rows]

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

    def result_sha256(self) -> str | None:
        """The latest result's SHA-256, without reading its text (tens of megabytes at 10,000 bids)."""
        with self._lock:
            row = self.conn.execute("SELECT sha256 FROM result WHERE id = 1").fetchone()
        return None if row is None else str(row[0])

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
            replace_file(tmp, p)
            _fsync_dir(p.parent)
        except (OSError, sqlite3.Error) as exc:
            raise SavedWriteFailed(f"Cannot save a copy as {p}: {_reason(exc)}.") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp)
            _remove_sidecars(tmp)
        return p


def _append(
    conn: sqlite3.Connection, user: str, action: str, details: Mapping[str, Any], now: datetime | None = None
) -> AuditEntry:
    """Append one chained entry (inside the caller's transaction) and move the file's head to it.

    From schema 3 on the entry also records what every table holds at that moment (`state`), so that the tables
    the application reads are checked against the trail when the file is opened."""
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    now = now or datetime.now(UTC)
    t_utc, t_local = _utc_text(now), _local_text(now)
    record = dict(details)
    if conn.execute("PRAGMA user_version").fetchone()[0] >= FIRST_STATE_SCHEMA:
        record[STATE_KEY] = state_digests(conn)
    details_json = canonical_details(record)
    digest = entry_hash(prev, seq, t_utc, t_local, user, action, details_json)
    conn.execute(
        "INSERT INTO audit (seq, time_utc, time_local, user, action, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, t_utc, t_local, user, action, details_json, prev, digest),
    )
    for key, value in (("head_seq", str(seq)), ("head_hash", digest)):
        if conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key)).rowcount == 0:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
    return AuditEntry(seq, t_utc, t_local, user, action, dict(details), prev, digest)
