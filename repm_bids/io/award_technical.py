"""The technical evaluation report: what `--out` writes at the technical stage of two covers (the financial covers
still sealed). Every bid against every criterion that applies to it: the value declared, the value verified, the
requirement, the result and the remark; the tender, the committee and the sign-off. It holds no price: the
evaluation it is made from has none, and no column or line of it speaks of one."""

from __future__ import annotations

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain import labels as L
from repm_bids.domain.criteria import CriterionRow, criteria_rows
from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import BidOutcome, Evaluation, Status
from repm_bids.io.award_layout import Column, KeyValue, SheetBuilder, Table, text_height, wrapped_lines, written_height
from repm_bids.io.award_statement import NARROW_SIGN_OFF, build_sign_off, build_tender
from repm_bids.io.award_tables import check_label

SHEET = "Evaluation"

TECHNICAL_ROWS = (
    KeyValue("Bids received", lambda ev: ev.summary.bids_received, "whole"),
    KeyValue("Invalid", lambda ev: ev.summary.invalid, "whole", note=lambda ev: "could not be read completely"),
    KeyValue("Non-responsive", lambda ev: ev.summary.non_responsive, "whole", note=lambda ev: "failed a criterion"),
    KeyValue(
        "Qualified",
        lambda ev: ev.summary.qualified,
        "whole",
        note=lambda ev: "technically qualified: their financial covers may be opened",
    ),
)


def _failed(o: BidOutcome) -> str:
    return "\n".join(check_label(c.id) for c in o.failed_checks) or ("" if o.status.qualified else "see Rejected")


TECHNICAL_BIDS = Table(
    "Summary",
    (
        Column(L.BID_REF.heading, lambda o: o.bid_ref or "(none)", "text", figure=True, key=True, max_width=24),
        Column(L.BIDDER.heading, lambda o: o.bidder_name, "wrap", min_width=20, max_width=40),
        Column("Technical result", lambda o: o.status.label, "text", figure=True, min_width=14, safe=True),
        Column("Criteria failed", _failed, "wrap", min_width=24, max_width=44),
    ),
)

CRITERIA = Table(
    SHEET,
    (
        Column(L.BID_REF.heading, lambda r: r.outcome.bid_ref or "(none)", "text", key=True, max_width=16),
        Column(L.BIDDER.heading, lambda r: r.outcome.bidder_name, "wrap", min_width=14, max_width=18),
        Column("Criterion", lambda r: r.criterion, "wrap", min_width=14, max_width=18, safe=True),
        Column("Value declared", lambda r: r.declared, "wrap", min_width=16, max_width=26),
        Column("Value verified", lambda r: r.verified, "wrap", min_width=12, max_width=18),
        Column("Requirement", lambda r: r.requirement, "wrap", min_width=16, max_width=22, safe=True),
        Column("Result", lambda r: r.result, "check", min_width=7, max_width=7, safe=True),
        Column("Remark", lambda r: r.remark, "wrap", min_width=24, max_width=32),
    ),
)


def build_technical_summary(ev: Evaluation, sb: SheetBuilder, evaluated: str, digest: str, trail_line: str) -> None:
    """The report's first sheet: what it is, the tender, the counts, every bid's technical result, the sign-off."""
    sb.landscape = True
    sb.line("Technical evaluation report", "title", height=24)
    sb.line(ev.scheme.name, "subtitle")
    sb.line(f"Evaluated {evaluated} by {TOOL_NAME} {__version__}. Result SHA-256 {digest}.", "note")
    sb.line("The financial covers are sealed: no price has been read, and none is shown here.", "note")
    build_tender(ev, sb)
    sb.line()
    start = sb.line("Bids", "section")
    sb.key_values(TECHNICAL_ROWS, ev)
    sb.keep.append((start, sb.next_row - 1))
    sb.line()
    start = sb.line("Technical result of every bid", "section")
    outcomes = sorted(ev.outcomes, key=lambda o: o.index)
    for i, part in enumerate(_pages_of(outcomes)):  # each part a page, headed: a long table reads on every page
        first = sb.next_row
        sb.table(TECHNICAL_BIDS, part, row_fill=lambda o: None if o.status.qualified else "fail")
        sb.keep.append((start if i == 0 else first, sb.next_row - 2))  # the blank row after it may fall anywhere
    if not outcomes:
        sb.table(TECHNICAL_BIDS, [])
        sb.line("No bid was received.", "note")
    sb.line(
        f"Each bid against each criterion: the {SHEET} sheet; the reasons for every rejection, with the cell they are "
        "about: the Rejected sheet.",
        "note",
    )
    qualified = sum(1 for o in ev.outcomes if o.status is Status.QUALIFIED)
    build_sign_off(
        ev,
        sb,
        trail_line,
        f"We have examined the technical covers and the evaluation set out in this report and find "
        f"{indian_number(qualified)} bid{'' if qualified == 1 else 's'} technically qualified, whose financial "
        "covers may be opened.",
        NARROW_SIGN_OFF,
    )
    sb.widths[5] = max(sb.widths.get(5, 0), 12)  # the date


PART_PT = 420.0  # the rows of a part of the results table: a landscape page (472 points) less its header and room


def _pages_of(outcomes: list[BidOutcome]) -> list[list[BidOutcome]]:
    """The results table cut into parts that each fit a page: a row takes a line per criterion failed, and the lines
    of the bidder's name in the width its column is given (fitted to the longest name, within its bounds)."""
    bidder = TECHNICAL_BIDS.columns[1]
    longest = max((len(o.bidder_name or "") for o in outcomes), default=0)
    width = max(bidder.min_width, min(longest + 2, bidder.max_width))
    parts: list[list[BidOutcome]] = []
    used = PART_PT
    for o in outcomes:
        lines = max(_failed(o).count("\n") + 1, wrapped_lines(o.bidder_name or "", width))
        h = written_height(text_height(lines))
        if used + h > PART_PT:
            parts.append([])
            used = 0.0
        parts[-1].append(o)
        used += h
    return parts


def build_criteria(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Each bid against each criterion", "title", height=22)
    sb.line(
        "Value declared: as read from the bid. Value verified: as the committee recorded it from a document (a "
        "clarification); the evaluation uses it. Criteria that do not apply to a bid are left out.",
        "note",
    )
    sb.line()
    rows: list[CriterionRow] = [
        r for o in sorted(ev.outcomes, key=lambda o: o.index) for r in criteria_rows(o, ev.scheme)
    ]
    sb.table(CRITERIA, rows, main=True)
    header = int(sb.title_rows.split(":")[0]) if sb.title_rows else 0
    result_col = CRITERIA.headers.index("Result")
    for row in sb.rows[header:]:
        cell = row[result_col] if len(row) > result_col else None
        if cell is not None and cell[0] == "FAIL":
            row[result_col] = (cell[0], cell[1], "fail")
    if not rows:
        sb.line("No criterion applied to any bid.", "note")
