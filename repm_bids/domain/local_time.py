"""Times as the committee reads them: in the scheme's time zone (India Standard Time unless the scheme says
otherwise), labelled, day first ('01-12-2026 21:00 IST').

The tool records moments as aware times (the machine's clock in UTC); a time without a zone that the tool itself
recorded is taken as UTC. Every time a person sees goes through `local_text` so no document prints a UTC time
the committee would then have to convert (21:00 UTC on the 1st is already the 2nd in India).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Kolkata"


def zone(name: str = DEFAULT_TIME_ZONE) -> ZoneInfo:
    """The zone named; raises ValueError with a sentence for a name the time-zone database does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone name the tool knows (for India it is {DEFAULT_TIME_ZONE!r})"
        ) from None


def in_zone(moment: datetime, zone_name: str = DEFAULT_TIME_ZONE) -> datetime:
    """The moment as an aware time in the zone; a naive moment is taken as UTC (the tool's own records)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(zone_name))


def zone_label(moment: datetime) -> str:
    """'IST' for India; a zone with no letters of its own is written by its offset ('UTC+04:00')."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return "UTC" + _offset(moment.utcoffset() or timedelta(0))


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}:{m:02d}"


def local_text(moment: datetime | None, zone_name: str = DEFAULT_TIME_ZONE, *, seconds: bool = False) -> str:
    """'01-12-2026 21:00 IST' (day-month-year, 24-hour clock, the zone named); '' when there is no time."""
    if moment is None:
        return ""
    t = in_zone(moment, zone_name)
    return t.strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M") + " " + zone_label(t)


def wall_clock_text(moment: datetime, zone_name: str = DEFAULT_TIME_ZONE) -> str:
    """A wall-clock time already in the zone (as the scheme file gives the opening of the covers), labelled."""
    return local_text(moment.replace(tzinfo=zone(zone_name)), zone_name)


def local_date_text(moment: datetime | date | None, zone_name: str = DEFAULT_TIME_ZONE) -> str:
    """The calendar date in the zone, day first ('02-12-2026'); a plain date is shown as it is."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = in_zone(moment, zone_name).date()
    return moment.strftime("%d-%m-%Y")


def local_naive(moment: datetime, zone_name: str = DEFAULT_TIME_ZONE) -> datetime:
    """The wall-clock time in the zone without the zone attached, for a spreadsheet cell (cells hold no zone: the
    column heading names it)."""
    return in_zone(moment, zone_name).replace(tzinfo=None)


def zone_heading(zone_name: str = DEFAULT_TIME_ZONE, at: datetime | None = None) -> str:
    """The zone's label for a column heading ('IST'), taken at `at` (or now; a zone may change with the season)."""
    return zone_label(in_zone(at or datetime.now(UTC), zone_name))


def recorded_time_text(text: str, zone_name: str = DEFAULT_TIME_ZONE) -> str:
    """A time the tool recorded as ISO text ('2026-06-30T10:15:02.123Z'), shown in the zone with seconds; text
    that is not such a time is shown as it is."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)
    return local_text(moment, zone_name, seconds=True)


def local_iso(moment: datetime, zone_name: str = DEFAULT_TIME_ZONE) -> str:
    """ISO 8601 with the offset, for files read by programs: '2026-12-02T02:30:00+05:30'."""
    return in_zone(moment, zone_name).isoformat(timespec="seconds")
