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
from .number_text import Number, parse_number
from .safety import MAX_CELL_CHARS


class Why(NamedTuple):
    """Why a value cannot be read, as data: a problem code and its figures (`label` among them, the field's label);
    `domain.wording` makes the sentence."""

    code: str
    figures: dict[str, Any]

    @property
    def text(self) -> str:
        from repm_bids.domain.wording import reason_words  # here: the reading worker starts without the sentences

        return reason_words(self.code, self.figures)


def why(spec: FieldSpec, code: str, **figures: Any) -> Why:
    return Why(code, {"label": spec.label, **figures})


class Reading(NamedTuple):  # a NamedTuple: made for every field of every bid, so cheap to make
    value: Any = None  # None: missing (why is None) or unreadable (why set)
    note: str | None = None
    why: Why | None = None

    @property
    def error(self) -> str | None:
        """The sentence of why the value cannot be read, or None."""
        return None if self.why is None else self.why.text

    @property
    def missing(self) -> bool:
        return self.value is None and self.why is None


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
def bounds_error(spec: FieldSpec, value: float, raw: Any) -> Why | None:
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
    if b.slip and value > b.high and b.low <= value / b.slip <= b.high:
        offered = value / b.slip
        return why(
            spec,
            "implausible",
            found=written,
            limit=limit,
            slip_as=b.slip_as,
            offered=amount(spec.unit, offered),
            offered_figure=indian(offered),
        )
    return why(spec, "implausible", found=written, limit=limit, unit=spec.unit or "")


def _number_from_cell(spec: FieldSpec, raw: Any) -> tuple[float, str | None] | Why:
    """A numeric value from any cell content, or why not. Second item: a normalisation note."""
    if isinstance(raw, bool):
        return why(spec, "number_is_yes_no", found=format_raw(raw))
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            return why(spec, "number_not_usable", found=format_raw(raw))
        return value, None
    if isinstance(raw, datetime | date | time | timedelta):
        return why(spec, "number_is_date", found=short(format_raw(raw)))
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        parsed = parse_number(spec, raw, text)
        if not isinstance(parsed, Number):
            return why(spec, parsed[0], **parsed[1])
        value = parsed.value
        note = parsed.note
        if note is None and text != format_number(value):
            note = f"read '{short(raw)}' as {format_number(value)}"
        return value, _join(*notes, note)
    return why(spec, "not_a_number", found=short(format_raw(raw)))


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
        return Reading(why=why(spec, "too_long", chars=len(raw), limit=MAX_CELL_CHARS))
    if kind in (FieldType.TEXT, FieldType.CHOICE):
        return _read_text(spec, raw)
    if kind == FieldType.NUMBER:
        got = _number_from_cell(spec, raw)
        if isinstance(got, Why):
            return Reading(why=got)
        implausible = bounds_error(spec, got[0], raw)
        return Reading(why=implausible) if implausible else Reading(got[0], got[1])
    if kind == FieldType.WHOLE:
        return _read_whole(spec, raw)
    if kind == FieldType.PERCENT:
        return _read_percent(spec, raw, percent_cell)
    if kind == FieldType.YES_NO:
        return _read_yes_no(spec, raw)
    if kind == FieldType.DATETIME:
        return _read_datetime(spec, raw)
    return Reading(why=why(spec, "unknown_type", type=str(kind)))  # pragma: no cover


def _read_text(spec: FieldSpec, raw: Any) -> Reading:
    note = None
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        note = _join(*notes)
    elif isinstance(raw, float | int) and not isinstance(raw, bool):
        if not math.isfinite(float(raw)):
            return Reading(why=why(spec, "value_not_usable", found=format_raw(raw)))
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
        return Reading(why=why(spec, "not_a_choice", choices=tuple(spec.choices), found=short(raw)))
    return Reading(text, note)


def _read_whole(spec: FieldSpec, raw: Any) -> Reading:
    got = _number_from_cell(spec, raw)
    if isinstance(got, Why):
        return Reading(why=got)
    value, note = got
    implausible = bounds_error(spec, value, raw)
    if implausible:
        return Reading(why=implausible)
    if value != int(value):
        return Reading(why=why(spec, "not_whole", unit=spec.unit or "", found=short(format_raw(raw))))
    return Reading(int(value), note)


def _read_percent(spec: FieldSpec, raw: Any, percent_cell: bool) -> Reading:
    notes: list[str] = []
    signed = False
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        parsed = parse_number(spec, raw, text, allow_percent=True)
        if not isinstance(parsed, Number):
            return Reading(why=why(spec, parsed[0], **parsed[1]))
        value, signed = parsed.value, parsed.percent
    else:
        got = _number_from_cell(spec, raw)
        if isinstance(got, Why):
            return Reading(why=got)
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
        return Reading(why=why(spec, "percent_cell_range", shown=format_number(points)))
    if signed:
        note = None if text == f"{format_number(value)}%" else f"read '{short(raw)}' as {format_number(value)}%"
    elif 0 < value < 1:
        as_points = format_number(round(value * 100, 9))
        return Reading(why=why(spec, "percent_ambiguous", found=format_number(value), points=as_points))
    else:
        note = None if isinstance(raw, int | float) else f"read '{short(raw)}' as {format_number(value)}%"
    if not 0 <= value <= 100:
        return Reading(why=why(spec, "percent_range", found=short(format_raw(raw))))
    return Reading(value, _join(*notes, note))


def _read_yes_no(spec: FieldSpec, raw: Any) -> Reading:
    if isinstance(raw, bool):
        return Reading(raw)
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return Reading(bool(raw), f"read {format_raw(raw)} as {'Yes' if raw else 'No'}")
        return Reading(why=why(spec, "yes_no_number", found=format_raw(raw)))
    if isinstance(raw, str):
        text, notes = clean_text(raw)
        word = text.casefold().rstrip(".")
        if word in _YES or word in _NO:
            value = word in _YES
            canonical = "Yes" if value else "No"
            return Reading(value, _join(*notes, None if text == canonical else f"read '{short(raw)}' as {canonical}"))
    return Reading(why=why(spec, "yes_no", found=short(format_raw(raw))))


def _read_datetime(spec: FieldSpec, raw: Any) -> Reading:
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
            month_first = {"found": short(raw), "month": exc.month, "day_first": exc.day_first}
            return Reading(why=why(spec, "date_month_first", **month_first))
        except ValueError:
            return Reading(why=why(spec, "date_not_existing", found=short(raw)))
        if parsed is not None:
            value, two_digit_year = parsed
            said = f"read '{short(raw)}' as {spoken(value)}"
            if two_digit_year:
                said += f" (the year written {value.year % 100:02d} read as {value.year})"
            return _year_error(spec, value, raw) or Reading(value, _join(*notes, said))
        return Reading(why=why(spec, "not_a_date", found=short(raw)))
    return Reading(why=why(spec, "date_cell", found=short(format_raw(raw))))


def _year_error(spec: FieldSpec, value: datetime, raw: Any) -> Reading | None:
    b = spec.bounds
    if b is None or b.low <= value.year <= b.high:
        return None
    return Reading(
        why=why(
            spec,
            "year_outside",
            found=short(format_raw(raw)),
            year=value.year,
            low=f"{b.low:.0f}",
            high=f"{b.high:.0f}",
        )
    )
