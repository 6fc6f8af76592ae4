"""A table's digest escapes a long text in pieces: the bytes hashed are exactly the row's canonical JSON."""

from __future__ import annotations

import json
import random

from repm_bids.io import store_state


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
