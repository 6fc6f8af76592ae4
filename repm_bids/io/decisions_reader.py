"""The committee's decisions file (contract 1.3): columns Bid reference, Technically qualified (yes/no), Remarks;
an .xlsx (sheet 'Decisions' or the first visible sheet) or a CSV.

A decision for a bid reference that no bid has is reported by the evaluation, which knows the bids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from repm_bids.domain.fields import DECISION_COLUMNS, FIELDS_BY_KEY, FieldSpec, FieldType, decision_column_for_label
from repm_bids.domain.models import Decision, Location, Problem, error

from .values import clean_text, is_empty, read_value

_QUALIFIED = FieldSpec("qualified", DECISION_COLUMNS["qualified"][0], FieldType.YES_NO, True)
_REF = FIELDS_BY_KEY["bid_ref"]


def read_decision_rows(
    path: str,
    rows: Sequence[Sequence[Any]],
    where: Any,
    sheet: str | None = None,
    cell_problem: Callable[[int, int], str | None] | None = None,
) -> tuple[list[Decision], list[Problem]]:
    """`where(r, c)` -> dict(sheet=..., cell=...) or dict(line=...). `cell_problem(r, c)`, for workbooks, says
    why a cell cannot be used (a formula with no saved result, an error such as #REF!) or None."""
    problems: list[Problem] = []
    header = None
    columns: dict[str, int] = {}
    for i, row in enumerate(rows[:20]):
        cols = {}
        for c, value in enumerate(row):
            key = decision_column_for_label(value)
            if key and key not in cols:
                cols[key] = c
        if "bid_ref" in cols:
            header, columns = i, cols
            break
    if header is None:
        problems.append(
            error(
                f"No decisions found: no header row with {_REF.label!r} in the first 20 rows. The columns are "
                + ", ".join(labels[0] for labels in DECISION_COLUMNS.values())
                + ".",
                path,
                sheet=sheet,
            )
        )
        return [], problems
    if "qualified" not in columns:
        problems.append(error(f"The decisions file has no {_QUALIFIED.label!r} column.", path, **where(header, 0)))
        return [], problems
    decisions: list[Decision] = []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        if all(is_empty(v) for v in row):
            continue

        def cell(key: str, row: Sequence[Any] = row) -> Any:
            c = columns.get(key)
            return row[c] if c is not None and c < len(row) else None

        bad = _bad_cells(cell_problem, r, columns)
        if bad:
            for key, message in bad:
                label = {"bid_ref": _REF.label, "qualified": _QUALIFIED.label}.get(key, "Remarks")
                problems.append(error(f"{label}: {message}", path, field=key, **where(r, columns[key])))
            continue
        ref = read_value(_REF, cell("bid_ref"))
        bid_ref = ref.value
        if bid_ref is None:
            problems.append(error(f"{_REF.label} is empty in this decision row.", path, **where(r, columns["bid_ref"])))
            continue
        q = read_value(_QUALIFIED, cell("qualified"))
        if q.value is None:
            msg = q.error or f"{_QUALIFIED.label} is empty; write Yes or No."
            problems.append(error(msg, path, bid_ref=bid_ref, field="qualified", **where(r, columns["qualified"])))
            continue
        raw_remarks = cell("remarks")
        remarks = (
            clean_text(raw_remarks)[0]
            if isinstance(raw_remarks, str)
            else ("" if is_empty(raw_remarks) else str(raw_remarks))
        )
        loc = where(r, columns["bid_ref"])
        decisions.append(
            Decision(
                bid_ref, bool(q.value), remarks, Location(path, loc.get("sheet"), loc.get("cell"), loc.get("line"))
            )
        )
    return decisions, problems


def _bad_cells(
    cell_problem: Callable[[int, int], str | None] | None, r: int, columns: dict[str, int]
) -> list[tuple[str, str]]:
    if cell_problem is None:
        return []
    found = [(key, cell_problem(r, c)) for key, c in columns.items()]
    return [(key, message) for key, message in found if message]
