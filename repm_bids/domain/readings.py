"""Each bid's fields as read: the text as written, the value read, and the note of any reading that is not a plain
number or plain text. The same rows feed `check --values`, the JSON result's `fields` and the award workbook's
sheet of bids as read, so that every output shows what the tool took from every cell."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from repm_bids.domain.fields import FIELDS, FieldSpec, FieldType
from repm_bids.domain.inr import amount, indian
from repm_bids.domain.models import Bid


@dataclass(frozen=True, slots=True)
class FieldRow:
    spec: FieldSpec
    text: str | None  # as written in the cell (None: the cell was empty or the field not found)
    value: Any  # the typed value, None when missing or refused
    note: str | None
    sheet: str | None
    cell: str | None
    line: int | None
    verified: Any = None  # the committee's verified value (a clarification), None when it recorded none

    @property
    def where(self) -> str:
        if self.cell:
            return f"{self.sheet}!{self.cell}" if self.sheet else self.cell
        return f"line {self.line}" if self.line is not None else ""

    @property
    def shown(self) -> str:
        """The value read, as a committee member writes it."""
        return shown_value(self.spec, self.value)


def field_rows(bid: Bid) -> list[FieldRow]:
    """Each field of the bid as read (the value the bidder declared), with the committee's verified value beside it
    where it recorded one."""
    rows = []
    for spec in FIELDS:
        r = bid.readings.get(spec.key)
        verified = bid.verified.get(spec.key)
        if spec.key in bid.verified:  # the evaluation uses the verified value; the row shows what was declared
            value = r.value if r is not None else None
        else:
            value = bid.values.get(spec.key)
        if r is None:
            rows.append(FieldRow(spec, None, value, None, None, None, None, verified))
        else:
            rows.append(FieldRow(spec, r.raw, value, r.note, r.sheet or bid.source.sheet, r.cell, r.line, verified))
    return rows


def shown_value(spec: FieldSpec, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, int | float) and spec.type in (FieldType.NUMBER, FieldType.WHOLE, FieldType.PERCENT):
        return amount(spec.unit, float(value)) if spec.unit else indian(float(value))
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() else value
    return value


def fields_dict(bid: Bid) -> dict[str, dict[str, Any]]:
    """The JSON result's `fields` of one bid. `value` and `declared` are the value as the bidder declared it (what
    was read); `verified` is the committee's verified value, null until the committee records one (the evaluation
    then uses it)."""
    out = {}
    for row in field_rows(bid):
        value = json_value(row.value)
        out[row.spec.key] = {
            "text": row.text,
            "value": value,
            "note": row.note,
            "cell": row.cell,
            "line": row.line,
            "declared": value,
            "verified": json_value(row.verified),
        }
    return out
