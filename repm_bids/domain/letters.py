"""Letters of award: one per beneficiary, what each says, as plain data and sentences (the .docx is made in io).

Every figure comes from the evaluation's outcome for the bid and is written with domain.indian, so the letter
agrees with the award statement and the JSON to the paisa. The letter names the award statement it rests on by
the evaluation's result SHA-256, the digest the workbook prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repm_bids.domain.indian import crore, crore_in_words, indian_number, rupees
from repm_bids.domain.local_time import local_date_text, wall_clock_text
from repm_bids.domain.result import BidOutcome, Evaluation, Status
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.scheme_documents import meeting_date_text

BLANK = "…………"  # a gap the ministry fills in by hand where the scheme file gives nothing


@dataclass(frozen=True, slots=True)
class LetterOfAward:
    bid_ref: str
    beneficiary: str
    registration_no: str
    partial: bool
    rank: int | None
    capacity_offered: float
    capacity_awarded: float
    quoted_incentive: float
    max_incentive_crore: float
    irel_share: float
    dated: str  # the evaluation's date in the scheme's zone, '' when it was not recorded
    digest: str
    scheme: Scheme
    trail_head: str | None = (
        None  # the saved evaluation's audit trail head when the letter was written; None: not saved
    )

    @property
    def unit(self) -> str:
        return self.scheme.capacity_unit


def letters_of_award(evaluation: Evaluation, digest: str, trail_head: str | None = None) -> list[LetterOfAward]:
    """One letter per awarded or partly awarded bid, in rank order. `trail_head`: the saved evaluation's audit trail
    head, when the letters are written from one."""
    zone = evaluation.scheme.tender.time_zone
    dated = local_date_text(evaluation.evaluated_at, zone) if evaluation.evaluated_at else ""
    return [_letter(o, evaluation.scheme, dated, digest, trail_head) for o in evaluation.awards()]


def _letter(o: BidOutcome, scheme: Scheme, dated: str, digest: str, trail_head: str | None) -> LetterOfAward:
    reg = o.bid.values.get("registration_no")
    return LetterOfAward(
        bid_ref=o.bid_ref or "",
        beneficiary=o.bidder_name or "",
        registration_no=reg if isinstance(reg, str) else "",
        partial=o.status is Status.PARTIAL,
        rank=o.rank,
        capacity_offered=o.capacity_offered or 0.0,
        capacity_awarded=o.awarded,
        quoted_incentive=o.quoted_incentive or 0.0,
        max_incentive_crore=round(o.incentive_liability_crore, 6),  # as the JSON holds it
        irel_share=round(o.irel_share, 6),
        dated=dated,
        digest=digest,
        scheme=scheme,
        trail_head=trail_head,
    )


def _quantity(x: float) -> str:
    return indian_number(x, 0 if float(x).is_integer() else 2)


def award_rows(letter: LetterOfAward) -> list[tuple[str, str]]:
    """The table of the award, label and figure, in the order the letter prints them."""
    unit = letter.unit
    capacity = f"{_quantity(letter.capacity_awarded)} {unit}"
    if letter.partial:
        capacity += f" (of the {_quantity(letter.capacity_offered)} {unit} offered)"
    rows = [
        ("Beneficiary", letter.beneficiary or BLANK),
        ("Bid reference", letter.bid_ref or BLANK),
        ("Rank", str(letter.rank) if letter.rank else BLANK),
        ("Capacity awarded", capacity),
        ("Quoted incentive", f"{rupees(letter.quoted_incentive)} per kg"),
        ("Maximum incentive", f"{crore(letter.max_incentive_crore)} over {letter.scheme.incentive_years} years"),
        ("Maximum incentive in words", crore_in_words(letter.max_incentive_crore)),
    ]
    if letter.irel_share > 0:
        rows.append(("NdPr oxide from IREL", f"{_quantity(letter.irel_share)} {unit}"))
    return rows


def reference_line(letter: LetterOfAward) -> str:
    """'No. <tender reference>' and the date: the letter's own reference is the tender's until the ministry adds its
    file number."""
    return f"No. {letter.scheme.tender.reference or BLANK}"


def tender_sentence(letter: LetterOfAward) -> str:
    t = letter.scheme.tender
    parts = [f"Tender {t.reference or BLANK}"]
    if t.portal_id:
        parts.append(f"(tender ID {t.portal_id} on the e-procurement portal)")
    text = " ".join(parts)
    opened = []
    if t.technical_opened:
        opened.append(f"technical covers opened on {wall_clock_text(t.technical_opened, t.time_zone)}")
    if t.financial_opened:
        opened.append(f"financial covers opened on {wall_clock_text(t.financial_opened, t.time_zone)}")
    if opened:
        text += "; " + " and ".join(opened)
    return text if text.endswith(BLANK) else text + "."


def meeting_sentence(letter: LetterOfAward) -> str:
    """Where and when the evaluation committee met, as the scheme file says; a gap to fill in by hand for what it
    does not say (never a date made up)."""
    c, zone_name = letter.scheme.committee, letter.scheme.tender.time_zone
    return (
        f"The evaluation committee met at {c.meeting_place or BLANK} on "
        f"{meeting_date_text(c, zone_name) or BLANK} and recommended the award."
    )


def award_sentence(letter: LetterOfAward) -> str:
    authority = letter.scheme.committee.competent_authority
    approved = f"the competent authority ({authority})" if authority else "the competent authority"
    kind = "a part of the capacity it offered" if letter.partial else "the capacity it offered"
    return (
        f"With reference to bid {letter.bid_ref or BLANK} of {letter.beneficiary or BLANK} under the "
        f"{letter.scheme.name}, {approved} has approved the award to it of {kind}, on the terms below. The maximum "
        "incentive is the capacity awarded, times 1,000 kg a tonne, times the quoted incentive, times the years of "
        "the incentive; what is paid depends on the sales made, under the scheme's guidelines."
    )


def conditions(letter: LetterOfAward) -> tuple[str, ...]:
    return letter.scheme.committee.conditions


def statement_sentence(letter: LetterOfAward) -> str:
    return (
        "This award rests on the award statement of the evaluation committee whose result SHA-256 is "
        f"{letter.digest}; the statement's footer prints its first twelve characters ({letter.digest[:12]}). "
        + trail_head_sentence(letter.trail_head)
    )


def trail_head_sentence(trail_head: str | None) -> str:
    """The saved evaluation's audit trail head, as `repm-bids log` prints it, or that there is none."""
    if trail_head is None:
        return "Audit trail head: not saved: no audit trail."
    return f"Audit trail head: {trail_head} (the saved evaluation's, as 'repm-bids log' prints it)."


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_stem(bid_ref: str, fallback: str) -> str:
    """A bid reference as a file name on every system: letters, digits, '.', '_' and '-' only, no leading dot,
    at most 80 characters, never a reserved device name; `fallback` when nothing is left."""
    stem = _UNSAFE.sub("_", bid_ref.strip()).strip("._")[:80].rstrip("._")
    if not stem:
        return fallback
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem


def letter_file_names(letters: list[LetterOfAward]) -> list[str]:
    """'letter-of-award-REPM-2026-001.docx' for each letter; two references that become the same name are told
    apart by a number."""
    names: list[str] = []
    seen: set[str] = set()
    for i, letter in enumerate(letters, 1):
        stem = safe_file_stem(letter.bid_ref, f"award-{i}")
        name, n = f"letter-of-award-{stem}.docx", 2
        while name.lower() in seen:
            name, n = f"letter-of-award-{stem}-{n}.docx", n + 1
        seen.add(name.lower())
        names.append(name)
    return names
