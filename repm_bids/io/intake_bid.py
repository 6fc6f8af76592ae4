"""From the cells a reader found for each field to a `Bid`: typed values, readings with notes, and error problems
that each name the file, sheet, cell or line, field and the field's label."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from repm_bids.domain.fields import FIELDS, FIELDS_BY_KEY
from repm_bids.domain.models import Bid, FieldReading, Location, Problem, error, warning

from .values import Reading, format_raw, read_value


@dataclass(frozen=True, slots=True)
class Found:
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
    if raw is None or raw == "":
        return None
    text = raw if isinstance(raw, str) else format_raw(raw)
    return text if len(text) <= 200 else text[:199] + "…"


def build_bid(
    path: str,
    source: Location,
    found: dict[str, Found],
    absent: dict[str, Absent] | None = None,
    extra_warnings: tuple[Problem, ...] = (),
) -> Bid:
    absent = absent or {}
    readings: dict[str, Reading] = {}
    for spec in FIELDS:
        f = found.get(spec.key)
        if f is None:
            readings[spec.key] = Reading()
        elif f.error:
            readings[spec.key] = Reading(error=f.error)
        else:
            readings[spec.key] = read_value(spec, f.raw, percent_cell=f.percent)
    bid_ref = readings["bid_ref"].value
    values = {key: r.value for key, r in readings.items()}
    errors: list[Problem] = []
    field_readings: dict[str, FieldReading] = {}
    for spec in FIELDS:
        r = readings[spec.key]
        f = found.get(spec.key)
        where: dict[str, Any] = {"sheet": source.sheet, "field": spec.key, "bid_ref": bid_ref}
        if f is not None:
            where.update(sheet=f.sheet, cell=f.cell, line=f.line)
            note = "; ".join(n for n in (f.note, r.note) if n) or None
            field_readings[spec.key] = FieldReading(spec.key, r.value, raw_text(f.raw), f.cell, f.line, f.sheet, note)
        if r.error:
            errors.append(error(r.error, path, **where))
            continue
        if r.value is not None:
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
        gone = absent.get(spec.key)
        if f is not None:
            message = f"{spec.label} is empty{why}; it is required."
        elif gone is not None:
            message = gone.message.format(label=spec.label, why=why)
            where.update(sheet=gone.sheet, cell=gone.cell, line=gone.line)
        else:
            message = f"{spec.label} is missing{why}: no row labelled '{spec.label}' was found."
        errors.append(error(message, path, **where))
    warnings = tuple(
        Problem(w.severity, w.message, w.path, w.sheet, w.cell, w.line, w.field, w.bid_ref or bid_ref)
        for w in extra_warnings
    )
    return Bid(source, values, field_readings, tuple(errors), warnings)


def file_warning(message: str, path: str, **where: Any) -> Problem:
    return warning(message, path, **where)
