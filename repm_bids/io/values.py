"""How one cell's content becomes a typed field value (docs/bid-files.md, section 4).

`read_value(spec, raw, percent_cell=...)` takes what a reader found in the cell (text, number, bool, date) and gives
back a `Reading`: the typed value, a note for every normalisation, or an error sentence that names the field's
label. Nothing here knows about files; the readers add where the value was.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from repm_bids.domain.fields import FieldSpec, FieldType
from repm_bids.domain.inr import amount, indian

from .date_text import MonthFirst, parse_datetime, spoken
from .number_text import parse_number
from .safety import MAX_CELL_CHARS


class Reading(NamedTuple):  # a NamedTuple: made for every field of every bid, so cheap to make
    value: Any = None  # None: missing (error is None) or unreadable (error set)
    note: str | None = None
    error: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None and self.error is None


MISSING = Reading()

# --- text -------------------------------------------------------------------------------------------------------
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+", re.UNICODE)


def clean_text(text: str) -> tuple[str, list[str]]:
    """Trim, fold runs of white space, NFC; strip zero-width, bidi-control and control characters (noted)."""
    if text.isascii() and text.isprintable():  # the common case, quickly: only spaces to fold
        return (text if "  " not in text and text.strip() == text else " ".join(text.split())), []
    notes: list[str] = []
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
        notes.append("zero-width characters removed")
    if _BIDI.search(text):
        text = _BIDI.sub("", text)
        notes.append("text-direction control characters removed")
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
        notes.append("control characters removed")
    text = unicodedata.normalize("NFC", text)
    folded = _SPACE.sub(" ", text).strip()
    return folded, notes


def short(raw: object, limit: int = 60) -> str:
    """The raw value as quoted in a message, cut to a readable length."""
    text = raw if isinstance(raw, str) else format_raw(raw)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_raw(raw: object) -> str:
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        return format_number(raw)
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    return str(raw)


def format_number(x: float) -> str:
    """A number as quoted in a note or a message: never an exponent, never 'inf' (absurd sizes are described)."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    if math.isnan(x):
        return "nan"
    if not math.isfinite(x) or abs(x) >= 1e15:
        return indian(x)
    text = repr(x)
    return text if "e" not in text else f"{x:.12f}".rstrip("0").rstrip(".")


def _join(*notes: str | None) -> str | None:
    parts = [n for n in notes if n]
    return "; ".join(parts) if parts else None


# --- numbers ----------------------------------------------------------------------------------------------------
def bounds_error(spec: FieldSpec, value: float, raw: Any) -> str | None:
    """Why a number is not plausible for the field (outside the bounds declared with the bid form), or None. Where
    the figure divided by the field's usual slip (10^7: rupees in a crore field) is plausible, that is offered."""
    b = spec.bounds
    if b is None or b.low <= value <= b.high:
        return None
    written = short(raw) if isinstance(raw, str) else indian(value)
    if value > b.high:
        limit = f"more than {amount(spec.unit, b.high)}"
    else:
        limit = "negative" if b.low == 0 else f"less than {amount(spec.unit, b.low)}"
    sentence = f"{spec.label}: {written} is {limit}, which this field cannot plausibly hold"
    if b.slip and value > b.high and b.low <= value / b.slip <= b.high:
        offered = value / b.slip
        return f"{sentence}; it looks like {b.slip_as}: {amount(spec.unit, offered)}? Write {indian(offered)} if so."
    return f"{sentence}; check the figure and write it in {spec.unit or 'the unit of the field'}."


def _number_from_cell(spec: FieldSpec, raw: Any) -> tuple[float, str | None] | str:
    """A numeric value from any cell content, or an error sentence. Second item: a normalisation note."""
    label = spec.label
    if isinstance(raw, bool):
        return f"{label} must be a number; found {format_raw(raw)} (a yes/no value)."
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            return f"{label}: {format_raw(raw)} is not a usable number."
        return value, None
    if isinstance(raw, datetime | date | time | timedelta):
        return f"{label} must be a number; found the date or time {short(format_raw(raw))}."
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        parsed = parse_number(spec, raw, text)
        if isinstance(parsed, str):
            return parsed
        value = parsed.value
        note = parsed.note
        if note is None and text != format_number(value):
            note = f"read '{short(raw)}' as {format_number(value)}"
        return value, _join(*notes, note)
    return f"{label} must be a number; found '{short(format_raw(raw))}'."


# --- per type ---------------------------------------------------------------------------------------------------
_CANONICAL_YES_NO = {"Yes": True, "No": False}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def format_matters(raw: Any) -> bool:
    """Whether a percent field's number means something else in a percent-formatted cell: only 0 < x <= 1 does
    (0.51 is 51% there; a plain 0.51 is ambiguous; 51 is 51 either way)."""
    return isinstance(raw, float | int) and not isinstance(raw, bool) and 0 < raw <= 1


def is_empty(raw: Any) -> bool:
    if raw is None or raw == "":
        return True
    if not isinstance(raw, str):
        return False
    if raw.isascii():
        return raw.isspace()
    return not clean_text(raw)[0]


def read_value(spec: FieldSpec, raw: Any, *, percent_cell: bool = False) -> Reading:
    """Read one field's value from what its cell held. `percent_cell`: the cell is formatted as a percentage."""
    kind = spec.type
    cls = raw.__class__
    # the common, clean cases first: nothing to normalise, nothing to note
    if cls is float and kind is FieldType.NUMBER and math.isfinite(raw):
        b = spec.bounds
        if b is None or b.low <= raw <= b.high:
            return Reading(raw)
    if (
        cls is str
        and raw
        and raw.isascii()
        and raw.isprintable()
        and raw[0] != " "
        and raw[-1] != " "
        and "  " not in raw
        and len(raw) <= MAX_CELL_CHARS
    ):
        if kind is FieldType.TEXT:
            return Reading(raw)
        if kind is FieldType.YES_NO and raw in _CANONICAL_YES_NO:
            return Reading(_CANONICAL_YES_NO[raw])
    return _read_value(spec, raw, percent_cell)


def _read_value(spec: FieldSpec, raw: Any, percent_cell: bool) -> Reading:
    kind = spec.type
    if is_empty(raw):
        return MISSING
    if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
        return Reading(
            error=f"{spec.label} holds {len(raw):,} characters, more than the {MAX_CELL_CHARS:,} a spreadsheet "
            "cell can hold."
        )
    if kind in (FieldType.TEXT, FieldType.CHOICE):
        return _read_text(spec, raw)
    if kind == FieldType.NUMBER:
        got = _number_from_cell(spec, raw)
        if isinstance(got, str):
            return Reading(error=got)
        implausible = bounds_error(spec, got[0], raw)
        return Reading(error=implausible) if implausible else Reading(got[0], got[1])
    if kind == FieldType.WHOLE:
        return _read_whole(spec, raw)
    if kind == FieldType.PERCENT:
        return _read_percent(spec, raw, percent_cell)
    if kind == FieldType.YES_NO:
        return _read_yes_no(spec, raw)
    if kind == FieldType.DATETIME:
        return _read_datetime(spec, raw)
    return Reading(error=f"{spec.label}: unknown field type {kind}.")  # pragma: no cover


def _read_text(spec: FieldSpec, raw: Any) -> Reading:
    note = None
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        note = _join(*notes)
    elif isinstance(raw, float | int) and not isinstance(raw, bool):
        if not math.isfinite(float(raw)):
            return Reading(error=f"{spec.label}: {format_raw(raw)} is not a usable value.")
        text = format_number(float(raw))
        note = f"number {text} read as text"
    elif isinstance(raw, datetime):
        text = raw.isoformat(sep=" ")
        note = "date read as text"
    else:
        text = format_raw(raw)
        note = "read as text"
    if not text:
        return MISSING
    if spec.type == FieldType.CHOICE:
        for choice in spec.choices:
            if text.casefold() == choice.casefold():
                changed = None if text == choice else f"read '{short(raw)}' as {choice}"
                return Reading(choice, _join(note, changed))
        return Reading(error=f"{spec.label} must be one of {', '.join(spec.choices)}; found '{short(raw)}'.")
    return Reading(text, note)


def _read_whole(spec: FieldSpec, raw: Any) -> Reading:
    got = _number_from_cell(spec, raw)
    if isinstance(got, str):
        return Reading(error=got)
    value, note = got
    implausible = bounds_error(spec, value, raw)
    if implausible:
        return Reading(error=implausible)
    if value != int(value):
        unit = f" of {spec.unit}" if spec.unit else ""
        return Reading(error=f"{spec.label} must be a whole number{unit}; found '{short(format_raw(raw))}'.")
    return Reading(int(value), note)


def _read_percent(spec: FieldSpec, raw: Any, percent_cell: bool) -> Reading:
    label = spec.label
    notes: list[str] = []
    signed = False
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        parsed = parse_number(spec, raw, text, allow_percent=True)
        if isinstance(parsed, str):
            return Reading(error=parsed)
        value, signed = parsed.value, parsed.percent
    else:
        got = _number_from_cell(spec, raw)
        if isinstance(got, str):
            return Reading(error=got)
        value = got[0]
    if percent_cell and not isinstance(raw, str):
        points = round(value * 100, 9)
        if 0 <= points <= 100:
            return Reading(points, f"percent cell {format_number(value)} read as {format_number(points)}%")
        if 1 < value <= 100:  # typed or pasted as points into a percent-formatted cell: 5100% cannot be meant
            return Reading(
                value,
                f"percent cell holds {format_number(value)} (shown as {format_number(points)}%); read as "
                f"{format_number(value)}%",
            )
        return Reading(error=f"{label} must be a percentage from 0 to 100; the cell shows {format_number(points)}%.")
    if signed:
        note = None if text == f"{format_number(value)}%" else f"read '{short(raw)}' as {format_number(value)}%"
    elif 0 < value < 1:
        return Reading(
            error=f"{label}: {format_number(value)} is ambiguous; write the percentage as "
            f"'{format_number(round(value * 100, 9))}%' (or {format_number(round(value * 100, 9))})."
        )
    else:
        note = None if isinstance(raw, int | float) else f"read '{short(raw)}' as {format_number(value)}%"
    if not 0 <= value <= 100:
        return Reading(error=f"{label} must be a percentage from 0 to 100; found '{short(format_raw(raw))}'.")
    return Reading(value, _join(*notes, note))


def _read_yes_no(spec: FieldSpec, raw: Any) -> Reading:
    if isinstance(raw, bool):
        return Reading(raw)
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return Reading(bool(raw), f"read {format_raw(raw)} as {'Yes' if raw else 'No'}")
        return Reading(error=f"{spec.label} must be Yes or No; found {format_raw(raw)}.")
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        word = text.casefold().rstrip(".")
        if word in _YES or word in _NO:
            value = word in _YES
            canonical = "Yes" if value else "No"
            return Reading(value, _join(*notes, None if text == canonical else f"read '{short(raw)}' as {canonical}"))
    return Reading(error=f"{spec.label} must be Yes or No; found '{short(format_raw(raw))}'.")


def _read_datetime(spec: FieldSpec, raw: Any) -> Reading:
    label = spec.label
    example = "30/06/2026 14:05, 30-Jun-2026 14:05 or 2026-06-30 14:05"
    if isinstance(raw, datetime):
        value = raw.replace(tzinfo=None)
        return _year_error(spec, value, raw) or Reading(value)
    if isinstance(raw, date):
        value = datetime(raw.year, raw.month, raw.day)
        return _year_error(spec, value, raw) or Reading(value, "date without a time read as 00:00")
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        try:
            parsed = parse_datetime(text)
        except MonthFirst as exc:
            return Reading(
                error=f"{label} must be a date and time written day first; '{short(raw)}' has no month {exc.month}: "
                f"write {exc.day_first} (or {example})."
            )
        except ValueError:
            return Reading(
                error=f"{label} must be a date and time that exists; '{short(raw)}' is not one (write it as {example})."
            )
        if parsed is not None:
            value, two_digit_year = parsed
            said = f"read '{short(raw)}' as {spoken(value)}"
            if two_digit_year:
                said += f" (the year written {value.year % 100:02d} read as {value.year})"
            return _year_error(spec, value, raw) or Reading(value, _join(*notes, said))
        return Reading(error=f"{label} must be a date and time such as {example}; found '{short(raw)}'.")
    return Reading(
        error=f"{label} must be a date and time such as {example}; found {short(format_raw(raw))} "
        "(format the cell as a date, or type the date)."
    )


def _year_error(spec: FieldSpec, value: datetime, raw: Any) -> Reading | None:
    b = spec.bounds
    if b is None or b.low <= value.year <= b.high:
        return None
    return Reading(
        error=f"{spec.label}: {short(format_raw(raw))} is in the year {value.year}, outside {b.low:.0f} to "
        f"{b.high:.0f}; check the date."
    )
