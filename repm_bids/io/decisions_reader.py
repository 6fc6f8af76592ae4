"""The committee's decisions file (docs/bid-files.md, section 7): columns Bid reference, Technically qualified (yes/no),
Low quote accepted (yes/no, optional), Remarks; an .xlsx (sheet 'Decisions' or the first visible sheet) or a CSV.

The committee's file is all or nothing: one bad row (an empty or unreadable cell, two rows for one bid) refuses the
whole file, every bad row named, and no decision from it is used; a half-read file could drop the one decision that
mattered. A decision for a bid reference that no bid has is reported by the evaluation, which knows the bids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from repm_bids.domain.fields import DECISION_COLUMNS, FIELDS_BY_KEY, FieldSpec, FieldType, decision_column_for_label
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Decision, Location, Problem, error

from .values import Why, clean_text, is_empty, read_value

_REF = FIELDS_BY_KEY["bid_ref"]

_QUALIFIED = FieldSpec("qualified", DECISION_COLUMNS["qualified"][0], FieldType.YES_NO, True)
_LOW_QUOTE = FieldSpec("low_quote", DECISION_COLUMNS["low_quote"][0], FieldType.YES_NO, False)
_LABELS = {"bid_ref": _REF.label, "qualified": _QUALIFIED.label, "low_quote": _LOW_QUOTE.label}


def read_decision_rows(
    path: str,
    rows: Sequence[Sequence[Any]],
    where: Any,
    sheet: str | None = None,
    cell_problem: Callable[[int, int], Why | None] | None = None,
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
        columns_named = [labels[0] for labels in DECISION_COLUMNS.values()]
        problems.append(error("decisions_no_header", path, {"ref": _REF.label, "columns": columns_named}, sheet=sheet))
        return [], problems
    if "qualified" not in columns and "low_quote" not in columns:
        missing = {"column": _QUALIFIED.label, "also": _LOW_QUOTE.label}
        problems.append(error("decisions_no_column", path, missing, **where(header, 0)))
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
            for key, why in bad:
                figures = {**why.figures, "label": _LABELS.get(key, "Remarks")}
                problems.append(error(why.code, path, figures, field=key, **where(r, columns[key])))
            continue
        if cell("bid_ref") is not None and not isinstance(cell("bid_ref"), str | int | float):
            problems.append(error("decision_not_text", path, {"label": _REF.label}, **where(r, columns["bid_ref"])))
            continue
        ref = read_value(_REF, cell("bid_ref"))
        bid_ref = ref.value
        if bid_ref is None:
            problems.append(error("decision_ref_empty", path, {"label": _REF.label}, **where(r, columns["bid_ref"])))
            continue
        decided, unread = _yes_no_cells(cell, columns)
        if unread:
            for key, why in unread:
                problems.append(
                    error(why.code, path, why.figures, bid_ref=bid_ref, field=key, **where(r, columns[key]))
                )
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
                bid_ref,
                decided.get("qualified"),
                remarks,
                Location(path, loc.get("sheet"), loc.get("cell"), loc.get("line")),
                low_quote=decided.get("low_quote"),
            )
        )
    problems.extend(_conflicts(path, decisions))
    if problems:
        problems.append(_refused(path, problems, sheet))
        return [], problems
    return decisions, problems


def _yes_no_cells(
    cell: Callable[[str], Any], columns: dict[str, int]
) -> tuple[dict[str, bool | None], list[tuple[str, Why]]]:
    """A row's two decisions, Technically qualified and Low quote accepted (None where its cell is blank), and the
    problems: an unreadable cell, or neither decision given. A file without the Low quote accepted column (the
    form before it) needs a Technically qualified in every row, as it always did."""
    decided: dict[str, bool | None] = {}
    bad: list[tuple[str, Why]] = []
    for key, spec in (("qualified", _QUALIFIED), ("low_quote", _LOW_QUOTE)):
        if key not in columns:
            continue
        raw = cell(key)
        read = read_value(spec, raw)
        if read.why is not None:
            bad.append((key, read.why))
        decided[key] = None if read.value is None else bool(read.value)
    if not bad and all(v is None for v in decided.values()):
        key = "qualified" if "qualified" in columns else "low_quote"
        if "low_quote" in columns and "qualified" in columns:
            bad.append((key, Why("decision_both_empty", {"label": _QUALIFIED.label, "other": _LOW_QUOTE.label})))
        else:
            bad.append((key, Why("decision_qualified_empty", {"label": _LABELS[key]})))
    return decided, bad


def _conflicts(path: str, decisions: list[Decision]) -> list[Problem]:
    """Two rows for one bid (references compared as in identity): an error on each later row, naming the first."""
    first: dict[str, Decision] = {}
    out = []
    for d in decisions:
        key = ref_key(d.bid_ref)
        earlier = first.setdefault(key, d)
        if earlier is d:
            continue
        src, at = d.source, _at(earlier)
        same = (earlier.qualified, earlier.low_quote, earlier.remarks) == (d.qualified, d.low_quote, d.remarks)
        out.append(
            error(
                "decision_twice",
                path,
                {"bid_ref": d.bid_ref, "same": same, "at": at},
                sheet=src.sheet if src else None,
                cell=src.cell if src else None,
                line=src.line if src else None,
                field="bid_ref",
                bid_ref=d.bid_ref,
            )
        )
    return out


def _at(d: Decision) -> str:
    src = d.source
    if src is None:
        return "another row"
    return f"cell {src.cell}" if src.cell else f"line {src.line}"


def _refused(path: str, problems: list[Problem], sheet: str | None) -> Problem:
    rows = sorted({p.cell or (f"line {p.line}" if p.line else "") for p in problems} - {""})
    return error("decisions_refused", path, {"rows": rows[:20], "more": max(0, len(rows) - 20)}, sheet=sheet)


def _bad_cells(
    cell_problem: Callable[[int, int], Why | None] | None, r: int, columns: dict[str, int]
) -> list[tuple[str, Why]]:
    if cell_problem is None:
        return []
    found = [(key, cell_problem(r, c)) for key, c in columns.items()]
    return [(key, why) for key, why in found if why is not None]
