"""What the tables hold, as digests the audit trail records, and the check that the tables still hold it.

Every entry appended from schema 3 on carries `state`: for each table but the trail itself, the SHA-256 of its rows
in the order the application reads them (canonical JSON, one row after another). The `meta` rows that move with the
trail (`head_seq`, `head_hash`) are left out: they are checked against the trail's last entry instead. A stored
file's bytes are left out too: each is checked against the SHA-256 it is stored under. So an edit of any table made
outside repm-bids (a forged input, a flipped decision, a removed bid, a raised ceiling, an edited result) makes the
tables differ from what the last entry recorded, and the file is refused naming that entry and the table.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from repm_bids.io.store_audit import ChainStatus

STATE_KEY = "state"
HEAD_KEYS = ("head_seq", "head_hash")
FIRST_STATE_SCHEMA = 3  # files of an older schema record no state until they are brought up to date

# How the application reads each table (a table not named here is read in rowid order).
_ORDER = {"meta": "key", "blobs": "sha256", "removed_bids": "bid_key"}
# Columns left out of the digest: the bytes of stored files (each is checked against its own SHA-256).
_SKIP = {("blobs", "data")}
# Columns whose text can be tens of megabytes (the stored result at 10,000 bids): read as the database's bytes and
# decoded a piece at a time. Made into one Python string by SQLite's reader, such a text holds the interpreter (and
# so the window) for a fifth of a second or more.
_LONG = {("result", "json")}


@dataclass(frozen=True, slots=True)
class EncodedText:
    """A text value as the database holds it: its bytes and their encoding ("UTF-8" unless made elsewhere)."""

    data: bytes
    encoding: str


def _value(v: Any) -> Any:
    if isinstance(v, bytes | bytearray | memoryview):
        return {"bytes_sha256": hashlib.sha256(bytes(v)).hexdigest()}
    if isinstance(v, float) and v != v:  # NaN cannot be written as JSON; make it text so it still counts
        return "NaN"
    return v


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'audit' "
        "ORDER BY name"
    )
    return [r[0] for r in rows]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns that hold what the table says. A rowid alias (a lone INTEGER PRIMARY KEY: `position`, `id`) is
    left out: the rows are taken in rowid order, which is all it means, and rewriting the same rows (as each change
    does for the problems) gives them new numbers without changing anything the application reads."""
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    keys = [r for r in info if r[5]]
    alias = keys[0][1] if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER" else None
    return [r[1] for r in info if (table, r[1]) not in _SKIP and r[1] != alias]


def table_digest(conn: sqlite3.Connection, table: str) -> str:
    """The SHA-256 of one table's rows, in the order the application reads them."""
    cols = _columns(conn, table)
    longs = [(table, c) in _LONG for c in cols]
    select = ", ".join(_selected(c, long) for c, long in zip(cols, longs, strict=True)) or "1"
    where = f" WHERE key NOT IN {HEAD_KEYS}" if table == "meta" else ""
    order = _ORDER.get(table, "rowid")
    encoding = conn.execute("PRAGMA encoding").fetchone()[0] if any(longs) else ""
    h = hashlib.sha256(json.dumps(cols).encode())
    try:
        for row in conn.execute(f'SELECT {select} FROM "{table}"{where} ORDER BY {order}'):
            h.update(b"\n")
            for piece in row_json(_values(row, longs, encoding) if encoding else [_value(v) for v in row]):
                h.update(piece)
    except UnicodeDecodeError as exc:  # as SQLite's reader says it of a text that is not what the database holds
        raise sqlite3.OperationalError(f"Could not decode a text of table {table!r}: {exc}") from None
    return h.hexdigest()


def _selected(col: str, long: bool) -> str:
    """The column as selected; a long one as two: its text's bytes (else its value as it is), and whether it is text."""
    c = f'"{col}"'
    return f"CASE WHEN typeof({c}) = 'text' THEN CAST({c} AS BLOB) ELSE {c} END, typeof({c}) = 'text'" if long else c


def _values(row: tuple[Any, ...], longs: list[bool], encoding: str) -> list[Any]:
    values, cells = [], iter(row)
    for long in longs:
        v = next(cells)
        values.append(EncodedText(v, encoding) if long and next(cells) else _value(v))
    return values


_PIECE = 1 << 20  # characters of a long text escaped at a time


def _json(v: Any) -> bytes:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8", "surrogatepass")


def row_json(values: list[Any]) -> Iterator[bytes]:
    """The row as canonical JSON (`json.dumps(values)` compact, not ASCII-escaped, an EncodedText as the text it
    holds), UTF-8, in pieces. A long text (the stored result: tens of megabytes at 10,000 bids) is escaped a piece at a
    time: one call to the JSON encoder over all of it holds Python's interpreter for a second, and the window waits
    that long. Escaping is per character, so the pieces join to exactly the same bytes."""
    if not any(_long(v) for v in values):
        yield _json(values)
        return
    yield b"["
    for i, v in enumerate(values):
        if i:
            yield b","
        if _long(v):
            yield b'"'
            for text in _texts(v):
                yield _json(text)[1:-1]
            yield b'"'
        else:
            yield _json(v)
    yield b"]"


def _long(v: Any) -> bool:
    return isinstance(v, EncodedText) or (isinstance(v, str) and len(v) > _PIECE)


def _texts(v: str | EncodedText) -> Iterator[str]:
    """The text in pieces of at most `_PIECE` characters; an EncodedText decoded a piece of its bytes at a time."""
    if isinstance(v, str):
        for start in range(0, len(v), _PIECE):
            yield v[start : start + _PIECE]
        return
    decoder = codecs.getincrementaldecoder(v.encoding)()  # a character cut between two pieces waits for the next
    for start in range(0, len(v.data), _PIECE):
        yield decoder.decode(v.data[start : start + _PIECE])
    yield decoder.decode(b"", final=True)


def state_digests(conn: sqlite3.Connection) -> dict[str, str]:
    """For every table but the trail, the digest of what it holds now."""
    return {t: table_digest(conn, t) for t in _tables(conn)}


def check_state(seq: int, action: str, recorded: Mapping[str, Any] | None, now: Mapping[str, str]) -> ChainStatus:
    """Compare the tables as they are with the state the last entry recorded; name the entry and each table."""
    if not isinstance(recorded, Mapping):
        return ChainStatus(
            False,
            seq,
            f"Entry {seq} is broken: it does not record what the tables hold (it was not made by repm-bids).",
        )
    changed = sorted(t for t in set(recorded) | set(now) if recorded.get(t) != now.get(t))
    if not changed:
        return ChainStatus(True, None, "The tables hold what the audit trail recorded.")
    added = [t for t in changed if t not in recorded]
    missing = [t for t in changed if t not in now]
    edited = [t for t in changed if t in recorded and t in now]
    parts = []
    if edited:
        parts.append(f"the {_names(edited)} no longer hold{'s' if len(edited) == 1 else ''} what it recorded")
    if missing:
        parts.append(f"the {_names(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    if added:
        parts.append(f"the {_names(added)} {'was' if len(added) == 1 else 'were'} added")
    return ChainStatus(
        False,
        seq,
        f"Entry {seq} is broken: it is the last change recorded ({action}), but {'; '.join(parts)}. The saved "
        "evaluation was changed outside repm-bids.",
    )


def _names(tables: list[str]) -> str:
    quoted = [f"'{t}'" for t in tables]
    words = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return f"table{'s' if len(tables) > 1 else ''} {words}"
