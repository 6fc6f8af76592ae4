"""From the cells a reader found for each field to a `Bid`: typed values, readings with notes, and error problems
that each name the file, sheet, cell or line, field and the field's label."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from repm_bids.domain.fields import FIELDS, FIELDS_BY_KEY, FieldSpec
from repm_bids.domain.models import Bid, FieldReading, Location, Problem, error

from .values import Reading, format_raw, read_value


class Found(NamedTuple):
    """What a reader found for one field: the raw cell content and where it was."""

    raw: Any
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    percent: bool = False  # the cell is formatted as a percentage
    note: str | None = None  # e.g. "merged cell: value of B7", "formula: saved result used"
    error: str | None = None  # already known to be unreadable (formula without result, #REF!, ...)


@dataclass(frozen=True, slots=True)
class Absent:
    """Where a missing field was looked for, to say so in the error."""

    message: str
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
        r = Reading(error=f.error) if f.error else read_value(spec, f.raw, percent_cell=f.percent)
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
        if f is not None and r.error:
            errors.append(error(r.error, path, sheet=f.sheet, cell=f.cell, line=f.line, field=key, bid_ref=bid_ref))
            continue
        needed = spec.required
        why = ""
        if spec.required_if:
            other, wanted = spec.required_if
            if values.get(other) == wanted:
                needed = True
                why = f" (required when {FIELDS_BY_KEY[other].label} is {wanted})"
        if not needed:
            continue
        gone = absent.get(key)
        where: dict[str, Any] = {"sheet": source.sheet, "field": key, "bid_ref": bid_ref}
        if f is not None:
            message = f"{spec.label} is empty{why}; it is required."
            where.update(sheet=f.sheet, cell=f.cell, line=f.line)
        elif gone is not None:
            message = gone.message.format(label=spec.label, why=why)
            where.update(sheet=gone.sheet, cell=gone.cell, line=gone.line)
        else:
            message = f"{spec.label} is missing{why}: no row labelled '{spec.label}' was found."
        errors.append(error(message, path, **where))
    return Bid(source, values, field_readings, tuple(errors), ())
