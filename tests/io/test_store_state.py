"""A table's digest escapes a long text in pieces, and reads the result's text as its bytes: the bytes hashed are
exactly the row's canonical JSON."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3

import pytest

from repm_bids.io import store_state
from repm_bids.io.store import Store


def canonical(values: list[object]) -> bytes:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8", "surrogatepass")


def test_a_row_in_pieces_is_the_same_bytes_as_in_one(monkeypatch):
    monkeypatch.setattr(store_state, "_PIECE", 7)
    rnd = random.Random(3)
    alphabet = 'ab"\\/\n\r\t\x00\x1f\x7f é₹अ😀\ud800\udc00{}[],:'
    for _ in range(500):
        values: list[object] = []
        for _ in range(rnd.randrange(0, 6)):
            kind = rnd.randrange(6)
            if kind == 0:
                values.append("".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40))))
            elif kind == 1:
                values.append(rnd.randrange(-(10**12), 10**12))
            elif kind == 2:
                values.append(rnd.uniform(-1e6, 1e6))
            elif kind == 3:
                values.append(None)
            elif kind == 4:
                values.append({"bytes_sha256": "0" * 64})
            else:
                values.append("NaN")
        assert b"".join(store_state.row_json(values)) == canonical(values), values


def test_a_text_read_as_its_bytes_is_the_same_json_as_the_text(monkeypatch):
    """Decoded a piece of bytes at a time, a character cut between two pieces included, it hashes as the text."""
    monkeypatch.setattr(store_state, "_PIECE", 7)
    rnd = random.Random(5)
    alphabet = 'ab"\\/\n\r\t\x00\x1f\x7f é₹अ😀{}[],:'
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 60)))
        encoding = rnd.choice(["UTF-8", "UTF-16le", "UTF-16be"])
        encoded = store_state.EncodedText(text.encode(encoding), encoding)
        assert b"".join(store_state.row_json(["x", encoded, 1])) == canonical(["x", text, 1]), (text, encoding)


def _plain_digest(conn: sqlite3.Connection, table: str) -> str:
    """The digest as a table's rows read whole make it (every value one Python object)."""
    cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] != "id"]
    h = hashlib.sha256(json.dumps(cols).encode())
    for row in conn.execute(f'SELECT {", ".join(cols)} FROM "{table}" ORDER BY rowid'):
        h.update(b"\n" + canonical([store_state._value(v) for v in row]))
    return h.hexdigest()


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16le"])
@pytest.mark.parametrize("value", ["{}", '{"a":"₹ 1,20,000 — अ \\"x\\""}' * 50, "", b"\x00\xff", 12, 1.5, float("nan")])
def test_a_long_column_hashes_as_its_value_read_whole(monkeypatch, value, encoding):
    """The result's text is read as its bytes; its digest is the one the text read whole gives, in a database of
    either encoding, and a value that is not text (put there outside the application) hashes as it is. Written as
    UTF-8 bytes, a text is stored as the text itself."""
    monkeypatch.setattr(store_state, "_PIECE", 7)
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA encoding = '{encoding}'")
    conn.execute("CREATE TABLE result (id INTEGER PRIMARY KEY, evaluated_at TEXT, sha256 TEXT, json TEXT)")
    conn.execute("INSERT INTO result VALUES (1, NULL, 'abc', ?)", (value,))
    assert store_state.table_digest(conn, "result") == _plain_digest(conn, "result")
    if isinstance(value, str):
        before = store_state.table_digest(conn, "result")
        Store.write_result(conn, None, "abc", value.encode("utf-8"))
        assert conn.execute("SELECT typeof(json), json FROM result").fetchone() == ("text", value)
        assert store_state.table_digest(conn, "result") == before


def test_a_long_column_that_is_not_utf8_is_a_database_error():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE result (id INTEGER PRIMARY KEY, evaluated_at TEXT, sha256 TEXT, json TEXT)")
    conn.execute("INSERT INTO result VALUES (1, NULL, 'abc', CAST(x'7b22ff7d' AS TEXT))")
    with pytest.raises(sqlite3.DatabaseError):
        store_state.table_digest(conn, "result")
