"""The reading grammar against a corpus of values typed the way Indian bidders type them.

Each line of readings_corpus.tsv is a kind of field, the text as typed, and what a committee member reads in it:
the value, or '! words' that the refusal must contain. The table was written from what the texts mean, not from what
the reader does; every kind holds at least 150 texts.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.io.values import read_value

FIELD_OF_KIND = {
    "money": "quoted_incentive",
    "crore": "net_worth_cr",
    "security": "bid_security_cr",
    "capacity": "capacity",
    "percent": "dva_pct",
    "months": "commissioning_months",
    "yesno": "dpr_submitted",
    "date": "submitted_at",
}
CORPUS = Path(__file__).with_name("readings_corpus.tsv")


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, text, expected = line.split("\t")
            rows.append((kind, text, expected))
    return rows


ROWS = _rows()


def test_at_least_150_texts_per_kind():
    counts = Counter(kind for kind, _, _ in ROWS)
    for kind in ("money", "crore", "capacity", "percent", "months", "yesno", "date"):
        assert counts[kind] >= 150, kind
    assert len({(k, t) for k, t, _ in ROWS}) == len(ROWS), "a text appears twice for one kind"


def _expected_value(kind: str, expected: str) -> object:
    if kind == "yesno":
        return {"yes": True, "no": False}[expected]
    if kind == "date":
        return datetime.fromisoformat(expected)
    return float(expected)


@pytest.mark.parametrize(("kind", "text", "expected"), ROWS, ids=[f"{k}:{t}" for k, t, _ in ROWS])
def test_corpus(kind, text, expected):
    spec = FIELDS_BY_KEY[FIELD_OF_KIND[kind]]
    r = read_value(spec, text)
    if expected.startswith("! "):
        assert r.value is None, f"{text!r} was read as {r.value!r}; it must be refused"
        assert r.error and expected[2:] in r.error, r.error
        assert r.error.startswith(spec.label)
        return
    assert r.error is None, r.error
    assert r.value == _expected_value(kind, expected)
    if kind in ("money", "crore", "capacity", "months") and text != expected:
        assert r.note, f"{text!r} is not a plain number: its reading needs a note"
