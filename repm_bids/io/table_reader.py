"""The bids table (docs/bid-files.md, section 3): one bid a row under a header row of field labels or keys, in a
workbook sheet or a CSV file. The header is the first of the first 20 rows that holds 'Bid reference' (or bid_ref)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.domain.models import Bid, Location, Problem, error, warning

from .form_reader import label_of
from .intake_bid import Absent, Found, build_bid
from .values import Why, is_empty

HEADER_ROWS = 20

# locate(row index, column index) -> (sheet, cell A1 or None, line or None)
Locate = Callable[[int, int], tuple[str | None, str | None, int | None]]
# facts(row index, column index, field key, raw) -> (percent-formatted, note, known error)
CellFacts = Callable[[int, int, str, Any], tuple[bool, str | None, Why | None]]


def find_header(rows: Sequence[Sequence[Any]]) -> int | None:
    """Index of the header row (the first of the first 20 rows holding the bid reference label), or None."""
    for i, row in enumerate(rows[:HEADER_ROWS]):
        for value in row:
            spec = label_of(value)
            if spec is not None and spec.key == "bid_ref":
                return i
    return None


def read_table(
    path: str,
    rows: Sequence[Sequence[Any]],
    header: int,
    locate: Locate,
    facts: CellFacts | None = None,
    sheet: str | None = None,
) -> tuple[list[Bid], list[Problem]]:
    """One bid per non-blank row below the header. `locate(r, c)` says where a cell is (sheet, A1, line);
    `facts(r, c, key, raw)` says whether it is percent-formatted, a note, and a known error (formula without a
    saved result, #REF!...)."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for c, value in enumerate(rows[header]):
        spec = label_of(value)
        if spec is None:
            if not is_empty(value):
                unknown.append(str(value)[:40])
            continue
        if spec.key in columns:
            sh, cell, line = locate(header, c)
            problems.append(warning("column_twice", path, sheet=sh, cell=cell, line=line, field=spec.key))
            continue
        columns[spec.key] = c
    if unknown:
        sh, cell, line = locate(header, 0)
        problems.append(
            warning(
                "columns_ignored", path, {"columns": unknown[:20]}, sheet=sh, line=line, cell=None if line else cell
            )
        )
    missing_cols = [k for k in FIELDS_BY_KEY if k not in columns]
    bids: list[Bid] = []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        if all(is_empty(v) for v in row):
            continue
        found: dict[str, Found] = {}
        absent: dict[str, Absent] = {}
        for key, c in columns.items():
            raw = row[c] if c < len(row) else None
            sh, cell, line = locate(r, c)
            if facts is not None:
                percent, note, err = facts(r, c, key, raw)
            else:
                percent, note, err = False, None, None
            if err:
                spec = FIELDS_BY_KEY[key]
                found[key] = Found(raw, sh, cell, line, error=err)
            elif is_empty(raw):
                absent[key] = Absent("field_empty", {}, sh, cell, line)
            else:
                found[key] = Found(raw, sh, cell, line, percent, note)
        sh, cell, line = locate(r, 0)
        for key in missing_cols:
            absent[key] = Absent("field_no_column", {}, sh, None, line)
        source = Location(path, sheet, cell=None if line else cell, line=line)
        bids.append(build_bid(path, source, found, absent))
    if not bids:
        sh, cell, line = locate(header, 0)
        problems.append(error("no_bid_below_header", path, sheet=sh, line=line))
    return bids, problems
