"""The scheme file's [tender] and [committee] tables: what the signed and sent papers name (the tender, the dates
the covers were opened, the committee, the competent authority, the conditions the letters of award repeat).

None of it changes an evaluation's figures. Every key is optional; a problem is a sentence naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from repm_bids.domain.local_time import DEFAULT_TIME_ZONE, wall_clock_text, zone, zone_label


@dataclass(frozen=True, slots=True)
class CommitteeMember:
    name: str
    designation: str = ""


@dataclass(frozen=True, slots=True)
class Tender:
    reference: str = ""  # the NIT / tender reference
    portal_id: str = ""  # the e-procurement portal's tender ID
    technical_opened: datetime | None = None  # wall-clock time in time_zone
    financial_opened: datetime | None = None
    time_zone: str = DEFAULT_TIME_ZONE


@dataclass(frozen=True, slots=True)
class Committee:
    members: tuple[CommitteeMember, ...] = ()
    meeting_place: str = ""
    competent_authority: str = ""
    conditions: tuple[str, ...] = ()  # lines every letter of award repeats
    justifications: tuple[tuple[str, str], ...] = ()  # (finding code, the committee's justification)
    meeting_date: date | datetime | None = None  # the day (or wall-clock time, in the tender's zone) it met

    def justification(self, code: str) -> str:
        return dict(self.justifications).get(code, "")


TENDER_KEYS: dict[str, str] = {
    "reference": "Tender (NIT) reference",
    "portal_id": "Tender ID on the e-procurement portal",
    "technical_opened": "Date and time the technical covers were opened, in time_zone",
    "financial_opened": "Date and time the financial covers were opened, in time_zone",
    "time_zone": "Time zone of every date and time in the papers (IANA name)",
}
COMMITTEE_KEYS: dict[str, str] = {
    "members": "Members of the evaluation committee, each { name, designation }, for the sign-off block",
    "meeting_place": "Where the committee met",
    "meeting_date": "When the committee met: a date (2026-07-20) or a date and time (2026-07-20 11:00) in time_zone; "
    "without it the papers leave a line to write the date on",
    "competent_authority": "Who approves the award (designation)",
    "conditions": "Conditions every letter of award repeats, one line each",
    "justifications": "The committee's justification of each finding the statement records, by the finding's code "
    "(single_qualified, fewer_qualified, capacity_unawarded, quotes_at_ceiling, equal_quotes)",
}
FINDING_CODES = ("single_qualified", "fewer_qualified", "capacity_unawarded", "quotes_at_ceiling", "equal_quotes")


def tender_from_dict(body: Mapping[str, Any], errs: list[str]) -> Tender:
    values: dict[str, Any] = {}
    for key, raw in body.items():
        if key not in TENDER_KEYS:
            errs.append(f"tender.{key}: unknown key (expected one of {', '.join(TENDER_KEYS)})")
        elif key in ("reference", "portal_id"):
            values[key] = _text(raw, f"tender.{key}", errs)
        elif key == "time_zone":
            name = _text(raw, "tender.time_zone", errs)
            try:
                zone(name)
                values[key] = name
            except ValueError as exc:
                errs.append(f"tender.time_zone: {exc}")
        else:
            values[key] = _moment(raw, f"tender.{key}", errs)
    tender = Tender(**values)
    if tender.technical_opened and tender.financial_opened and tender.financial_opened < tender.technical_opened:
        errs.append("tender.financial_opened: is before technical_opened; the financial covers open after")
    return tender


def committee_from_dict(body: Mapping[str, Any], errs: list[str]) -> Committee:
    values: dict[str, Any] = {}
    for key, raw in body.items():
        if key not in COMMITTEE_KEYS:
            errs.append(f"committee.{key}: unknown key (expected one of {', '.join(COMMITTEE_KEYS)})")
        elif key == "members":
            values[key] = _members(raw, errs)
        elif key == "justifications":
            values[key] = _justifications(raw, errs)
        elif key == "meeting_date":
            values[key] = _meeting_date(raw, errs)
        elif key == "conditions":
            if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
                errs.append('committee.conditions: must be a list of lines in quotes, e.g. ["...", "..."]')
            else:
                values[key] = tuple(x.strip() for x in raw if x.strip())
        else:
            values[key] = _text(raw, f"committee.{key}", errs)
    return Committee(**values)


def _justifications(raw: Any, errs: list[str]) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping):
        errs.append('committee.justifications: must be a table of finding = "justification"')
        return ()
    out = []
    for code, text in raw.items():
        if code not in FINDING_CODES:
            errs.append(f"committee.justifications.{code}: unknown finding (one of {', '.join(FINDING_CODES)})")
        elif not isinstance(text, str):
            errs.append(f"committee.justifications.{code}: must be text in quotes")
        elif text.strip():
            out.append((code, text.strip()))
    return tuple(out)


def _members(raw: Any, errs: list[str]) -> tuple[CommitteeMember, ...]:
    if not isinstance(raw, list):
        errs.append("committee.members: must be a list of { name = ..., designation = ... }")
        return ()
    out = []
    for i, m in enumerate(raw, 1):
        if not isinstance(m, Mapping) or not isinstance(m.get("name"), str):
            errs.append(f'committee.members[{i}]: needs name = "..." (and optionally designation)')
            continue
        extra = set(m) - {"name", "designation"}
        if extra:
            errs.append(f"committee.members[{i}]: unknown key {sorted(extra)[0]}")
        desig = m.get("designation", "")
        if not isinstance(desig, str):
            errs.append(f"committee.members[{i}].designation: must be text")
            desig = ""
        out.append(CommitteeMember(m["name"].strip(), desig.strip()))
    return tuple(out)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")


def _meeting_date(raw: Any, errs: list[str]) -> date | datetime | None:
    """A day (TOML 2026-07-20 or "2026-07-20") or a wall-clock time on it ("2026-07-20 11:00"); "" is none. Written
    year first only: "07-08-2026" could be July or August, so it is refused rather than guessed."""
    key = "committee.meeting_date"
    hint = 'write it as "2026-07-20" (or "2026-07-20 11:00" with the time)'
    if raw == "":
        return None
    if isinstance(raw, str):
        text = raw.strip()
        try:
            if _DAY.fullmatch(text):
                return date.fromisoformat(text)
            if _DAY_TIME.fullmatch(text):
                return datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            errs.append(f"{key}: {raw!r} is not a day of the calendar; {hint}")
            return None
        errs.append(f"{key}: {raw!r} is not a date; {hint}")
        return None
    if isinstance(raw, datetime):
        if raw.tzinfo is not None:
            errs.append(f"{key}: write the time without an offset; tender.time_zone says which clock it is")
            return None
        return raw.replace(second=0, microsecond=0) if raw.second == 0 else raw.replace(microsecond=0)
    if isinstance(raw, date):
        return raw
    what = "a time without a day" if isinstance(raw, time) else repr(raw)
    errs.append(f"{key}: must be a date, not {what}; {hint}")
    return None


def meeting_date_text(c: Committee, zone_name: str = DEFAULT_TIME_ZONE) -> str:
    """'20-07-2026 (IST)' for a day, '20-07-2026 11:00 IST' for a time on it (day first, the zone named); '' when
    the scheme file gives none."""
    when = c.meeting_date
    if when is None:
        return ""
    if isinstance(when, datetime):
        return wall_clock_text(when, zone_name)
    noon = datetime(when.year, when.month, when.day, 12, tzinfo=zone(zone_name))
    return f"{when.strftime('%d-%m-%Y')} ({zone_label(noon)})"


def _text(raw: Any, key: str, errs: list[str]) -> str:
    if not isinstance(raw, str):
        errs.append(f"{key}: must be text in quotes, not {raw!r}")
        return ""
    return raw.strip()


def _moment(raw: Any, key: str, errs: list[str]) -> datetime | None:
    """A TOML date-time (2026-06-30T11:00) or the same written as text; a date alone is that day at 00:00.
    A time with an offset is refused: the scheme's time_zone says where the clock was."""
    if raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = datetime.fromisoformat(raw.strip().replace(" ", "T", 1))
        except ValueError:
            errs.append(f'{key}: {raw!r} is not a date and time; write it as "2026-06-30 11:00"')
            return None
    if isinstance(raw, date) and not isinstance(raw, datetime):
        raw = datetime(raw.year, raw.month, raw.day)
    if not isinstance(raw, datetime):
        errs.append(f"{key}: must be a date and time such as 2026-06-30T11:00, not {raw!r}")
        return None
    if raw.tzinfo is not None:
        errs.append(f"{key}: write the time without an offset; tender.time_zone says which clock it is")
        return None
    return raw.replace(microsecond=0)


def tender_to_dict(t: Tender) -> dict[str, Any]:
    return {
        "reference": t.reference,
        "portal_id": t.portal_id,
        "technical_opened": _iso(t.technical_opened),
        "financial_opened": _iso(t.financial_opened),
        "time_zone": t.time_zone,
    }


def committee_to_dict(c: Committee) -> dict[str, Any]:
    out: dict[str, Any] = {
        "members": [{"name": m.name, "designation": m.designation} for m in c.members],
        "meeting_place": c.meeting_place,
        "competent_authority": c.competent_authority,
        "conditions": list(c.conditions),
        "justifications": dict(c.justifications),
    }
    if c.meeting_date is not None:  # only when given: a committee without it keeps the result digest it had
        out["meeting_date"] = (
            c.meeting_date.isoformat() if not isinstance(c.meeting_date, datetime) else _iso(c.meeting_date)
        )
    return out


def _iso(t: datetime | None) -> str:
    if t is None:
        return ""
    return t.isoformat(sep=" ", timespec="seconds" if t.second else "minutes")
