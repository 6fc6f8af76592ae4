"""How one cell's content becomes a typed field value (contract 1.4).

`read_value(spec, raw, percent_cell=...)` takes what a reader found in the cell (text, number, bool, date) and gives
back a `Reading`: the typed value, a note for every normalisation, or an error sentence that names the field's
label. Nothing here knows about files; the readers add where the value was.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from repm_bids.domain.fields import FieldSpec, FieldType

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
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _join(*notes: str | None) -> str | None:
    parts = [n for n in notes if n]
    return "; ".join(parts) if parts else None


# --- numbers ----------------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"[-+−]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_WESTERN = re.compile(r"\d{1,3}(?:,\d{3})+")
_INDIAN = re.compile(r"\d{1,2}(?:,\d{2})*,\d{3}")
_UNIT_SPACE = re.compile(r"\s+")


def _unit_key(text: str) -> str:
    return _UNIT_SPACE.sub("", text.casefold())


@functools.lru_cache(maxsize=64)
def _allowed_units(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_unit_key(w) for w in words)


def _parse_number_text(spec: FieldSpec, raw: str, text: str, allow_percent: bool = False) -> tuple[float, bool] | str:
    """(value, had a percent sign) or an error sentence."""
    label = spec.label
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return f"{label} must be a number; found '{short(raw)}'."
    if len(matches) > 1:
        return f"{label} must be one number; found '{short(raw)}', which holds more than one."
    m = matches[0]
    token = m.group(0).replace("−", "-")
    sign = ""
    if token[:1] in "+-":
        sign, token = token[0], token[1:]
    mantissa, _, exponent = token.partition("e") if "e" in token else token.partition("E")
    whole, dot, frac = mantissa.partition(".")
    if "," in whole and not (_WESTERN.fullmatch(whole) or _INDIAN.fullmatch(whole)):
        return (
            f"{label}: the digit grouping in '{short(raw)}' is not understood; write it as 1,200 or 1,20,000 "
            "(a comma never marks decimals)."
        )
    number_text = sign + whole.replace(",", "") + dot + frac + ("e" + exponent if exponent else "")
    try:
        value = float(number_text)
    except ValueError:
        return f"{label} must be a number; found '{short(raw)}'."
    if not math.isfinite(value):
        return f"{label}: '{short(raw)}' is not a usable number (too large)."
    prefix = text[: m.start()].strip()
    suffix = text[m.end() :].strip()
    percent = False
    if allow_percent and suffix.endswith("%"):
        percent = True
        suffix = suffix[:-1].strip()
    allowed = _allowed_units(spec.unit_words)
    for part in (prefix, suffix):
        if part and _unit_key(part) not in allowed:
            expected = f"; write the value in {spec.unit}" if spec.unit else ""
            return f"{label}: the unit '{short(part)}' in '{short(raw)}' does not match the field{expected}."
    return value, percent


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
        parsed = _parse_number_text(spec, raw, text)
        if isinstance(parsed, str):
            return parsed
        value, _ = parsed
        note = None if text == format_number(value) else f"read '{short(raw)}' as {format_number(value)}"
        return value, _join(*notes, note)
    return f"{label} must be a number; found '{short(format_raw(raw))}'."


# --- per type ---------------------------------------------------------------------------------------------------
_CANONICAL_YES_NO = {"Yes": True, "No": False}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_DATE_TIME = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)?",
    re.IGNORECASE,
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")


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
    # Text that needs parsing ('INR 1,200 crore', 'yes', ' Consortium') and numbers that need a note (51% in a
    # percent cell, 18 months) recur across a batch, and a reading depends on nothing but the field, the content
    # and the percent format: it is kept (a Reading is immutable, so it is shared). The content's class is part of
    # the key (1, 1.0 and True are equal in Python); zero (0.0 equals -0.0) and NaN are not kept.
    if cls is str:
        if len(raw) > 200:
            return _read_value(spec, raw, percent_cell)
    elif (cls is not float and cls is not int) or raw != raw or raw == 0:
        return _read_value(spec, raw, percent_cell)
    key = (id(spec), cls, raw, percent_cell)
    cached = _READINGS.get(key)
    if cached is not None and cached[0] is spec:
        return cached[1]
    reading = _read_value(spec, raw, percent_cell)
    if len(_READINGS) >= 8192:
        _READINGS.clear()
    _READINGS[key] = (spec, reading)
    return reading


# (id of the field spec, class, cell content, percent-formatted) -> (the spec, kept so that its id is never reused
# while the entry lives, and its reading)
_READINGS: dict[tuple[int, type, Any, bool], tuple[FieldSpec, Reading]] = {}


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
        return Reading(error=got) if isinstance(got, str) else Reading(got[0], got[1])
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
        parsed = _parse_number_text(spec, raw, text, allow_percent=True)
        if isinstance(parsed, str):
            return Reading(error=parsed)
        value, signed = parsed
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
    if isinstance(raw, datetime):
        return Reading(raw.replace(tzinfo=None))
    if isinstance(raw, date):
        return Reading(datetime(raw.year, raw.month, raw.day), "date without a time read as 00:00")
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        value = _date_from_text(text)
        if value is not None:
            return Reading(
                value, _join(*notes, f"read '{short(raw)}' as {value.isoformat(sep=' ', timespec='minutes')}")
            )
        return Reading(
            error=f"{label} must be a date and time such as 2026-06-29 10:15 or 29/06/2026 10:15; found '{short(raw)}'."
        )
    return Reading(
        error=f"{label} must be a date and time such as 2026-06-29 10:15; found {short(format_raw(raw))} "
        "(format the cell as a date, or type the date)."
    )


def _date_from_text(text: str) -> datetime | None:
    try:
        m = _ISO.fullmatch(text)
        if m:
            y, mo, d, hh, mm, ss = m.groups()
            return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        m = _DATE_TIME.fullmatch(text)
        if m:
            d, mo, y, hh, mm, ss, ampm = m.groups()
            hour = int(hh or 0)
            if ampm:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
            return datetime(int(y), int(mo), int(d), hour, int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    return None
