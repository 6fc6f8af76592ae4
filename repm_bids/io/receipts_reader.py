"""The receipt register (docs/bid-files.md, "The receipt register"): the portal's bid-opening summary, one bid a row,
with the columns Bid reference and Received at (a date and time), and optionally Bidder; an .xlsx (sheet 'Receipts'
or the first visible sheet) or a CSV.

Each bad row is an error naming its cell or line, and that row gives no time; the other rows are used. A bid with
no time in the register is never ordered by it: a tie that reaches the rule `received_at` with such a bid goes on
to the next rule (in the end the committee's draw), so a half-read register can only send a tie to the draw, never
decide it wrongly. Two rows for one bid give it no time at all. A row for a bid reference that no bid has is
reported by the evaluation, which knows the bids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from repm_bids.domain.committee import RECEIPT_COLUMNS, Receipt
from repm_bids.domain.fields import FIELDS_BY_KEY, FieldSpec, FieldType, normalise_label
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Problem, Severity, problem

from .values import Why, clean_text, is_empty, read_value

_REF = FIELDS_BY_KEY["bid_ref"]
_TIME_BOUNDS = FIELDS_BY_KEY["submitted_at"].bounds
_RECEIVED = FieldSpec("received_at", RECEIPT_COLUMNS["received_at"][0], FieldType.DATETIME, True, bounds=_TIME_BOUNDS)
_LABELS = {key: {normalise_label(x) for x in labels} for key, labels in RECEIPT_COLUMNS.items()}
HEADER_ROWS = 20  # the header is looked for in the first rows (a portal export may start with a title)

Where = Callable[[int, int], dict[str, Any]]


def receipt_column_for_label(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    norm = normalise_label(text)
    return next((key for key, labels in _LABELS.items() if norm in labels), None)


def read_receipt_rows(
    path: str,
    rows: Sequence[Sequence[Any]],
    where: Where,
    sheet: str | None = None,
    cell_problem: Callable[[int, int], Why | None] | None = None,
) -> tuple[list[Receipt], list[Problem]]:
    """`where(r, c)` -> dict(sheet=..., cell=...) or dict(line=...). `cell_problem(r, c)`, for workbooks, says why a
    cell cannot be used (a formula with no saved result, an error value) or None."""
    header, columns = _header(rows)
    missing = [RECEIPT_COLUMNS[k][0] for k in ("bid_ref", "received_at") if k not in columns]
    if header is None or missing:
        at = where(header, 0) if header is not None else {"sheet": sheet}
        return [], [problem(Severity.ERROR, "receipt_columns", path, {"missing": missing or [_REF.label]}, **at)]
    problems: list[Problem] = []
    found: list[tuple[Receipt, dict[str, Any]]] = []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        if all(is_empty(v) for v in row):
            continue
        got = _row(path, row, r, columns, where, cell_problem, problems)
        if got is not None:
            found.append(got)
    return _once_each(path, found, problems), problems


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int | None, dict[str, int]]:
    for i, row in enumerate(rows[:HEADER_ROWS]):
        cols: dict[str, int] = {}
        for c, value in enumerate(row):
            key = receipt_column_for_label(value)
            if key and key not in cols:
                cols[key] = c
        if "bid_ref" in cols or "received_at" in cols:
            return i, cols
    return None, {}


def _row(
    path: str,
    row: Sequence[Any],
    r: int,
    columns: dict[str, int],
    where: Where,
    cell_problem: Callable[[int, int], Why | None] | None,
    problems: list[Problem],
) -> tuple[Receipt, dict[str, Any]] | None:
    def cell(key: str) -> Any:
        c = columns.get(key)
        return row[c] if c is not None and c < len(row) else None

    for key, c in columns.items():
        why = cell_problem(r, c) if cell_problem is not None else None
        if why:
            problems.append(
                problem(Severity.ERROR, "receipt_bad_cell", path, {"why": why.text}, field=key, **where(r, c))
            )
            return None
    raw_ref = cell("bid_ref")
    ref = read_value(_REF, raw_ref).value if isinstance(raw_ref, str | int | float) else None
    at = where(r, columns["bid_ref"])
    if not isinstance(ref, str) or not ref_key(ref):
        problems.append(problem(Severity.ERROR, "receipt_no_reference", path, field="bid_ref", **at))
        return None
    raw_time = cell("received_at")
    received = read_value(_RECEIVED, raw_time).value
    if not isinstance(received, datetime):
        figures = {"bid_ref": ref, "text": "" if is_empty(raw_time) else str(raw_time)}
        at = where(r, columns["received_at"])
        problems.append(problem(Severity.ERROR, "receipt_bad_time", path, figures, field="received_at", **at))
        return None
    raw_bidder = cell("bidder")
    bidder = clean_text(raw_bidder)[0] if isinstance(raw_bidder, str) else None
    return Receipt(ref, received, bidder or None), at


def _once_each(path: str, found: list[tuple[Receipt, dict[str, Any]]], problems: list[Problem]) -> list[Receipt]:
    """Two rows for one bid (references compared as in identity): an error on each later row naming the first, and
    no time for that bid."""
    first: dict[str, dict[str, Any]] = {}
    twice: set[str] = set()
    for receipt, at in found:
        key = ref_key(receipt.bid_ref)
        if key in first:
            twice.add(key)
            earlier = first[key]
            figures = {"bid_ref": receipt.bid_ref, "first_cell": earlier.get("cell"), "first_line": earlier.get("line")}
            problems.append(problem(Severity.ERROR, "receipt_twice", path, figures, field="bid_ref", **at))
        else:
            first[key] = at
    return [receipt for receipt, _ in found if ref_key(receipt.bid_ref) not in twice]
