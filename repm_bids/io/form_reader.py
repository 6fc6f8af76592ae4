"""The bid form workbook (docs/bid-files.md, section 2): one bidder, one file; each field a row, its label in one cell
and its value in the first non-empty cell to the right on the same row. Rows may be moved, blank, headed or
annotated."""

from __future__ import annotations

from typing import Any

from repm_bids.domain.fields import FIELDS_BY_KEY, Cover, FieldSpec, FieldType, field_for_label, normalise_label
from repm_bids.domain.models import Bid, Location, Problem, error, warning

from .intake_bid import Absent, Found, build_bid
from .intake_xlsx import Sheet, a1
from .safety import MAX_FORM_ROWS
from .values import Why, format_matters, is_empty


def note_text(spec: FieldSpec, help_text: str | None = None) -> str:
    """The note the blank form shows beside a field (column C); never taken for the field's value. `help_text`: an
    earlier template's help in place of today's."""
    parts = ["Required" if spec.required else ("Required for a consortium" if spec.required_if else "Optional")]
    if spec.unit and spec.unit != "%":
        parts.append(f"in {spec.unit}")
    help_text = spec.help if help_text is None else help_text
    if help_text:
        parts.append(help_text)
    return " · ".join(parts)


_NOTES: dict[str, frozenset[str]] = {
    spec.key: frozenset(
        normalise_label(t)
        for t in (spec.help, spec.unit or "", note_text(spec), *spec.former_help)
        + tuple(note_text(spec, h) for h in spec.former_help)
        if t
    )
    for spec in FIELDS_BY_KEY.values()
}


def label_of(value: Any) -> FieldSpec | None:
    """The field a cell's text labels, if any (a non-text cell labels nothing)."""
    return field_for_label(value) if isinstance(value, str) else None


def normalised(text: str) -> str:
    return normalise_label(text)


_TECHNICAL = normalise_label(Cover.TECHNICAL.value)
_COVER_NAMES = frozenset(normalise_label(c.value) for c in Cover)


def form_sheets(names: list[str]) -> list[str]:
    """The sheets that hold the form: 'Bid Form' and 'Financial Bid' when present, else every visible sheet."""
    chosen = [n for n in names if normalised(n) in _COVER_NAMES]
    return chosen or list(names)


def read_form(path: str, sheets: list[Sheet]) -> tuple[list[Bid], list[Problem]]:
    """One bid from the given sheets of a bid form workbook; or none, with an error, when no field is labelled."""
    problems: list[Problem] = []
    found: dict[str, Found] = {}
    absent: dict[str, Absent] = {}
    first_at: dict[str, tuple[str, int, int]] = {}
    labels_seen = 0
    for sheet in sheets:
        formulas = sheet.has_formulas
        if sheet.truncated:
            problems.append(
                warning("form_rows_cut", path, {"rows": MAX_FORM_ROWS, "sheet": sheet.name}, sheet=sheet.name)
            )
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                spec = label_of(value)
                if spec is None:
                    continue
                labels_seen += 1
                _take(sheet, spec, r, c, found, absent, first_at, formulas)
                break
    if not labels_seen:
        names = [s.name for s in sheets]
        problems.append(error("no_labels", path, {"sheets": names}, sheet=sheets[0].name if sheets else None))
        return [], problems
    if not found:  # every field labelled, none filled: the blank form, not a bid
        return [], [warning("blank_form", path, sheet=sheets[0].name if sheets else None)]
    first = next((s.name for s in sheets if normalised(s.name) == _TECHNICAL), None)
    source = Location(path, first or (sheets[0].name if sheets else None))
    bid = build_bid(path, source, found, absent)
    return [bid], problems


def _take(
    sheet: Sheet,
    spec: FieldSpec,
    r: int,
    c: int,
    found: dict[str, Found],
    absent: dict[str, Absent],
    first_at: dict[str, tuple[str, int, int]],
    formulas: bool,
) -> None:
    row = sheet.rows[r]
    merged = sheet.merged_origin if r in sheet.merged_rows else None
    key = spec.key
    notes = _NOTES[key]
    vc = -1
    for c2 in range(c + 1, len(row)):
        if merged and merged.get((r, c2)) == (r, c):
            continue  # the label's own merged area
        value = row[c2]
        if value.__class__ is str:
            if not value or (value.isspace() if value.isascii() else is_empty(value)):
                continue  # empty
            norm = normalise_label(value)
            if norm in notes:
                continue  # the field's own note (the template's column C)
            if field_for_label(value, norm) is not None:
                return  # a row of labels (a table's header), not a field and its value
        else:
            if is_empty(value):
                continue
            if label_of(value) is not None:
                return
        vc = c2
        break
    if vc < 0:
        pending = _pending_formula(sheet, r, c, spec) if formulas else None
        if pending is not None:
            if key not in found:
                found[key] = pending
                first_at[key] = (sheet.name, r, c)
            return
        if key not in found and key not in absent:
            absent[key] = Absent("field_empty", {"row": r + 1}, sheet.name, a1(r, c + 1))
        return
    raw = row[vc]
    unseen = _unseen(sheet, spec, r, vc)
    if unseen is not None:
        if key not in found:
            found[key] = Found(raw, sheet.name, a1(r, vc), error=unseen)
            first_at[key] = (sheet.name, r, c)
            absent.pop(key, None)
        return
    if key in found:
        before = found[key]
        if before.error is None and before.raw != raw:
            name, r0, c0 = first_at[key]
            twice = {"first": f"{name}!{a1(r0, c0)}", "second": f"{sheet.name}!{a1(r, c)}"}
            found[key] = Found(raw, sheet.name, a1(r, vc), error=Why("given_twice", twice))
        return
    note = None
    origin = merged.get((r, vc)) if merged else None
    if origin is not None:
        note = f"merged cell: value of {a1(*origin)}"
    percent = False
    if formulas or (spec.type is FieldType.PERCENT and format_matters(raw)):
        meta = sheet.meta(*(origin or (r, vc)))
        percent = meta.percent
        if meta.formula:
            note = "formula: saved result used" if note is None else f"{note}; formula: saved result used"
    found[key] = Found(raw, sheet.name, a1(r, vc), percent=percent, note=note)
    first_at[key] = (sheet.name, r, c)
    absent.pop(key, None)


def _unseen(sheet: Sheet, spec: FieldSpec, r: int, vc: int) -> Why | None:
    """Why a value a person reading the form cannot see is not used (a hidden row or column), or None."""
    if r not in sheet.hidden_rows and vc not in sheet.hidden_cols:
        return None  # seen (the common case: nothing to word)
    cell = f"{sheet.name}!{a1(r, vc)}"
    if r in sheet.hidden_rows:
        return Why("hidden_row_value", {"row": r + 1, "sheet": sheet.name, "cell": cell})
    row = sheet.rows[r]
    notes = _NOTES[spec.key]
    shown = next(
        (
            c
            for c in range(vc + 1, len(row))
            if c not in sheet.hidden_cols
            and not is_empty(row[c])
            and not (isinstance(row[c], str) and normalise_label(row[c]) in notes)
        ),
        None,
    )
    seen = {"seen": row[shown], "seen_cell": a1(r, shown)} if shown is not None else {}
    return Why("hidden_column_value", {"value": row[vc], "cell": cell, **seen})


def _pending_formula(sheet: Sheet, r: int, c: int, spec: FieldSpec) -> Found | None:
    """A value cell that is empty only because its formula has no saved result, or shows an error such as #REF!."""
    for col, meta in sorted(sheet.row_meta(r).items()):
        if col <= c:
            continue
        cell = a1(r, col)
        if meta.error:
            return Found(meta.error, sheet.name, cell, error=Why("cell_shows_error", {"error": meta.error}))
        if meta.formula and not meta.saved:
            return Found(None, sheet.name, cell, error=Why("formula_unsaved", {}))
    return None
