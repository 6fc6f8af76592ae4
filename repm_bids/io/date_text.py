"""Dates and times as typed in Indian bid forms: ISO (`2026-06-30 14:05`), day first with figures (`30/06/2026`,
`30-06-26`, `30.06.2026`) or with the month's name (`30-Jun-2026`, `30 June 2026`, `30th June, 2026`,
`June 30, 2026`), each with or without a time (`14:05`, `2:05 pm`, `14:05 hrs`, `14:05 IST`).

A two-digit year is 20YY. A figure date whose month is above 12 but whose day is not (`06/30/2026`) is month first:
refused with the day-first spelling to write, never swapped.
"""

from __future__ import annotations

import re
from datetime import datetime

from .number_text import ascii_digits

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for name in names
}
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_TIME = (
    r"(?:(?:[ T,]+|\s+at\s+|\s*-\s*)"  # between the date and the time
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"  # 14:05, 14:05:30
    r"\s*(am|pm|a\.m\.|p\.m\.)?(?:\s*(?:hrs|hours|h|ist))?)?"  # 2:05 pm, 14:05 hrs, 14:05 IST
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME, re.IGNORECASE)
_FIGURES = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME, re.IGNORECASE)
_NAMED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[-\s]+([a-z]{3,9})\.?[-\s,]+(\d{4}|\d{2})" + _TIME, re.IGNORECASE)
_NAME_FIRST = re.compile(r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.IGNORECASE)


class MonthFirst(ValueError):
    """A figure date that only makes sense month first: `day_first` is how to write it."""

    def __init__(self, month: int, day_first: str) -> None:
        super().__init__(day_first)
        self.month = month
        self.day_first = day_first


def parse_datetime(text: str) -> tuple[datetime, bool] | None:
    """(the date and time, whether the year was written with two digits), or None when the text is not a date.
    Raises MonthFirst for `06/30/2026`."""
    t = ascii_digits(text).strip().rstrip(".").strip()
    m = _ISO.fullmatch(t)
    if m:
        y, mo, d, *clock = m.groups()
        return _make(int(y), int(mo), int(d), clock), False
    m = _FIGURES.fullmatch(t)
    if m:
        d, _, mo, y, *clock = m.groups()
        if int(mo) > 12 and 1 <= int(d) <= 12:
            raise MonthFirst(int(mo), f"{int(mo):02d}/{int(d):02d}/{y}")
        return _make(_year(y), int(mo), int(d), clock), len(y) == 2
    m = _NAMED.fullmatch(t)
    if m:
        d, name, y, *clock = m.groups()
        month = _MONTHS.get(name.casefold())
        if month is None:
            return None
        return _make(_year(y), month, int(d), clock), len(y) == 2
    m = _NAME_FIRST.fullmatch(t)
    if m:
        name, d, y, *clock = m.groups()
        month = _MONTHS.get(name.casefold())
        if month is None:
            return None
        return _make(int(y), month, int(d), clock), False
    return None


def _year(y: str) -> int:
    return 2000 + int(y) if len(y) == 2 else int(y)


def _make(year: int, month: int, day: int, clock: list[str | None]) -> datetime:
    hh, mm, ss, ampm = clock
    hour = int(hh or 0)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("a 12-hour time with an hour outside 1 to 12")
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return datetime(year, month, day, hour, int(mm or 0), int(ss or 0))


def spoken(value: datetime) -> str:
    """30 Jun 2026 14:05 — the month by name, so that a day-first reading is plain to see."""
    text = f"{value.day} {MONTH_SHORT[value.month - 1]} {value.year} {value:%H:%M}"
    return text + (f":{value:%S}" if value.second else "")
