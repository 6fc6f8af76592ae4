"""From the cells a reader found for each field to a `Bid`: typed values, readings with notes, and error problems
that each name the file, sheet, cell or line, field and the field's label."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from repm_bids.domain.fields import FIELDS, FieldSpec
from repm_bids.domain.models import Bid, FieldReading, Location, Problem, error

from .values import Reading, Why, format_raw, read_value


class Found(NamedTuple):
    """What a reader found for one field: the raw cell content and where it was."""

    raw: Any
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    percent: bool = False  # the cell is formatted as a percentage
    note: str | None = None  # e.g. "merged cell: value of B7", "formula: saved result used"
    error: Why | None = None  # already known to be unreadable (formula without result, #REF!, ...)


@dataclass(frozen=True, slots=True)
class Absent:
    """Where a missing field was looked for, to say so in the error: the problem's code ('field_empty',
    'field_no_column') and figures, and where."""

    code: str
    figures: dict[str, Any]
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None


def raw_text(raw: Any) -> str | None:
    """The cell's content as shown in a reading: text as typed, a number as the reader gave it; at most 200
    characters."""
    if raw is None or raw == "":
        return None
    text = raw if isinstance(raw, str) else format_raw(raw)
    return text if len(text) <= 200 else text[:199] + "…"


_NOTHING = Reading()


def build_bid(
    path: str,
    source: Location,
    found: dict[str, Found],
    absent: dict[str, Absent] | None = None,
) -> Bid:
    absent = absent or {}
    values: dict[str, Any] = {}
    field_readings: dict[str, FieldReading] = {}
    # fields with no value or an error, in field order: their errors need the bid reference and, for a field
    # required only in some cases, the other fields' values, so they are looked at once all are read
    pending: list[tuple[FieldSpec, Reading, Found | None]] = []
    for spec in FIELDS:
        key = spec.key
        f = found.get(key)
        if f is None:
            values[key] = None
            pending.append((spec, _NOTHING, None))
            continue
        r = Reading(why=f.error) if f.error else read_value(spec, f.raw, percent_cell=f.percent)
        value, rnote, rerror = r
        values[key] = value
        fnote, raw = f.note, f.raw
        note = rnote if fnote is None else (fnote if rnote is None else f"{fnote}; {rnote}")
        text = raw_text(raw)
        field_readings[key] = FieldReading(key, value, text, f.cell, f.line, f.sheet, note)
        if rerror or value is None:
            pending.append((spec, r, f))
    bid_ref = values["bid_ref"]
    errors: list[Problem] = []
    for spec, r, f in pending:
        key = spec.key
        if f is not None and r.why is not None:
            at = {"sheet": f.sheet, "cell": f.cell, "line": f.line}
            errors.append(error(r.why.code, path, r.why.figures, **at, field=key, bid_ref=bid_ref))
            continue
        needed = spec.required
        when: dict[str, Any] = {}
        if spec.required_if:
            other, wanted = spec.required_if
            if values.get(other) == wanted:
                needed = True
                when = {"when": other, "is": wanted}
        if not needed:
            continue
        gone = absent.get(key)
        where: dict[str, Any] = {"sheet": source.sheet, "field": key, "bid_ref": bid_ref}
        if f is not None:
            code, figures = "field_empty", when
            where.update(sheet=f.sheet, cell=f.cell, line=f.line)
        elif gone is not None:
            code, figures = gone.code, {**gone.figures, **when}
            where.update(sheet=gone.sheet, cell=gone.cell, line=gone.line)
        else:
            code, figures = "field_no_row", when
        errors.append(error(code, path, figures, **where))
    return Bid(source, values, field_readings, tuple(errors), ())
