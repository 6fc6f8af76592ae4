"""Figures, counts and times as the committee reads them: Indian digit grouping (9,54,300), ₹, and Indian Standard
Time. Every number the window shows goes through these (the award workbook has its own number formats)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def group_indian(digits: str) -> str:
    """'954300' -> '9,54,300': the last three digits, then groups of two."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail


def indian(x: float | int | None, decimals: int = 0, trim: bool = False) -> str:
    """954300 -> '9,54,300'; 4750.5 with 2 decimals -> '4,750.50' ('4,750.5' with trim); None -> ''."""
    if x is None:
        return ""
    text = f"{abs(x):.{decimals}f}"
    whole, _, frac = text.partition(".")
    if trim and frac:
        frac = frac.rstrip("0")
    sign = "-" if x < 0 and float(text) != 0 else ""
    return f"{sign}{group_indian(whole)}{'.' + frac if frac else ''}"


def rupees(x: float | None, decimals: int = 0, unit: str = "") -> str:
    """₹ with Indian grouping: rupees(4750.5, 2, 'cr') -> '₹4,750.50 cr'."""
    if x is None:
        return ""
    return f"₹{indian(x, decimals)}{' ' + unit if unit else ''}"


def fmt_count(n: int, noun: str, plural: str = "") -> str:
    """fmt_count(1200, 'bid') -> '1,200 bids'; fmt_count(1, 'file') -> '1 file'."""
    return f"{indian(n)} {noun if n == 1 else (plural or noun + 's')}"


def to_ist(when: datetime | float | str | None) -> datetime | None:
    """A datetime, a POSIX timestamp or an ISO text (UTC when it names no zone) in Indian Standard Time."""
    if when is None or when == "":
        return None
    if isinstance(when, int | float):
        dt = datetime.fromtimestamp(when, UTC)
    elif isinstance(when, str):
        try:
            dt = datetime.fromisoformat(when.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        dt = when
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(IST)


def fmt_when(when: datetime | float | str | None) -> str:
    """'01-12-2026 17:32 IST'; '' for nothing; an unreadable text is shown as it is."""
    dt = to_ist(when)
    if dt is None:
        return "" if when in (None, "") else str(when)
    return dt.strftime("%d-%m-%Y %H:%M IST")


_SCREEN_UNITS = (("INR per kg", "₹/kg"), ("INR/kg", "₹/kg"), ("INR crore", "₹ crore"), ("INR ", "₹"))


def screen_label(label: str) -> str:
    """A field's label as the window shows it, with the one currency spelling of the screen ('Net worth (₹ crore)');
    the bid form keeps its own words ('INR crore'), which the readers match."""
    for words, sign in _SCREEN_UNITS:
        label = label.replace(words, sign)
    return label
