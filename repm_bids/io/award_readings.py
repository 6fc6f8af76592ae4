"""The award workbook's sheet of bids as read: one row per reading that was not a plain number or plain text (the
text as written, the value the tool took from it, its cell and note) and per value the committee verified, so the
signed workbook shows every reading a committee member could question. A value read exactly as written is not
repeated here: the Checks sheet gives the figures the checks weighed, and the JSON result (`fields`) every value."""

from __future__ import annotations

from dataclasses import dataclass

from repm_bids.domain.readings import FieldRow, field_rows, shown_value
from repm_bids.domain.result import BidOutcome, Evaluation
from repm_bids.io.award_layout import Column, SheetBuilder, Table

SHEET = "Bids as read"


@dataclass(frozen=True)
class Reading:
    outcome: BidOutcome
    row: FieldRow

    @property
    def verified(self) -> str | None:
        return shown_value(self.row.spec, self.row.verified) if self.row.verified is not None else None


READINGS = Table(
    SHEET,
    (
        Column("Bid reference", lambda r: r.outcome.bid_ref or "(none)", "text", key=True, max_width=16),
        Column("Bidder", lambda r: r.outcome.bidder_name, "wrap", min_width=14, max_width=22),
        Column("Field", lambda r: r.row.spec.label, "wrap", min_width=16, max_width=26, safe=True),
        Column("Cell or line", lambda r: r.row.where, "text", min_width=8, max_width=16),
        Column("As written", lambda r: r.row.text, "wrap", min_width=12, max_width=22),
        Column("Read as", lambda r: r.row.shown, "wrap", min_width=10, max_width=16),
        Column("How it was read", lambda r: r.row.note, "wrap", min_width=24, max_width=36),
        Column("Verified by the committee", lambda r: r.verified, "wrap", min_width=12, max_width=16),
    ),
)


def noted_readings(ev: Evaluation) -> list[Reading]:
    """Every reading with a note or a verified value, bid by bid in the order read, field by field."""
    out = []
    for o in sorted(ev.outcomes, key=lambda o: o.index):
        out += [Reading(o, r) for r in field_rows(o.bid) if r.note or r.verified is not None]
    return out


def build_readings(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Bids as read: every reading that was not plain", "title", height=22)
    sb.line(
        "One row per value that was not a plain number or plain text as written (how it was read, and its cell), "
        "and per value the committee verified. Every other value was taken exactly as written.",
        "note",
    )
    sb.line()
    rows = noted_readings(ev)
    sb.table(READINGS, rows, main=True)
    if not rows:
        sb.line("Every value of every bid was a plain number or plain text, taken as written.", "note")
