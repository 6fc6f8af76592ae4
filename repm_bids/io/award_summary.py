"""The Summary sheet: the award statement the committee signs."""

from __future__ import annotations

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain import labels as L
from repm_bids.domain.indian import crore, indian_number
from repm_bids.domain.result import Evaluation
from repm_bids.domain.scheme import PARAMS_BY_KEY, Scheme
from repm_bids.domain.wording import irel_rule
from repm_bids.io.award_layout import ChartSpec, Column, KeyValue, SheetBuilder, Table
from repm_bids.io.award_parameters import assumed_in_effect
from repm_bids.io.award_statement import (
    FINANCIAL,
    IMPLICATION_ROWS,
    build_findings,
    build_implication,
    build_provisional,
    build_sign_off,
    build_tender,
)
from repm_bids.io.award_tables import _capacity_style, _sum, method_text, status_fill, tie_break_text

CHART_ROWS = 20  # rows kept free for the bar chart
WAITLIST_SHOWN = 25  # the statement names the first of a long waiting list; the Ranking sheet has them all


def _param(key: str) -> str:
    """A scheme parameter's label on the Summary: its declared title and unit ('Incentive ceiling (₹/kg)')."""
    info = PARAMS_BY_KEY[key]
    return L.Label(info.title, info.unit).heading


def _n(x: float) -> str:
    return indian_number(x, 0 if float(x).is_integer() else 2)


def _capacity_rule(s: Scheme) -> str:
    return f"{_n(s.min_capacity)} to {_n(s.max_capacity)}, in multiples of {_n(s.capacity_step)}"


def _tie_order(s: Scheme) -> str:
    return ", then ".join(tie_break_text(r) or r for r in s.tie_break).replace("Tie broken by ", "")


def _outlay_note(ev: Evaluation) -> str:
    left = ev.scheme.incentive_outlay_crore - ev.summary.incentive_liability_crore_total
    if left < 0:
        return f"EXCEEDS the outlay by {crore(-left)}"
    return "within the outlay"


SCHEME_ROWS = (
    KeyValue("Selection method", lambda ev: method_text(ev.scheme), figure=False),
    KeyValue(_param("total_capacity"), lambda ev: ev.scheme.total_capacity, "mtpa"),
    KeyValue("Capacity per award (MTPA)", lambda ev: _capacity_rule(ev.scheme), figure=False),
    KeyValue(_param("max_beneficiaries"), lambda ev: ev.scheme.max_beneficiaries, "whole"),
    KeyValue(_param("incentive_ceiling"), lambda ev: ev.scheme.incentive_ceiling, "quote"),
    KeyValue(_param("incentive_years"), lambda ev: ev.scheme.incentive_years, "whole"),
    KeyValue("Ties broken by", lambda ev: _tie_order(ev.scheme), figure=False),
    KeyValue(
        "Assumed defaults",
        assumed_in_effect,
        "whole",
        figure=False,
        note=lambda ev: "parameters not settled by a public source; see the Parameters sheet",
    ),
)

BID_ROWS = (
    KeyValue("Bids received", lambda ev: ev.summary.bids_received, "whole"),
    KeyValue("Invalid", lambda ev: ev.summary.invalid, "whole", note=lambda ev: "could not be read completely"),
    KeyValue("Non-responsive", lambda ev: ev.summary.non_responsive, "whole", note=lambda ev: "failed a check"),
    KeyValue("Qualified", lambda ev: ev.summary.qualified, "whole", note=lambda ev: "ranked; see the Ranking sheet"),
    KeyValue("Waitlisted", lambda ev: len(ev.waitlist()), "whole"),
)

CAPACITY_ROWS = (
    KeyValue(
        "Capacity offered by all bids (MTPA)",
        lambda ev: ev.summary.capacity_offered_total,
        "mtpa",
        note=lambda ev: "every bid whose capacity could be read",
    ),
    KeyValue(
        "Subscription",
        lambda ev: ev.summary.subscription_ratio,
        "ratio",
        note=lambda ev: f"capacity offered ÷ {_n(ev.scheme.total_capacity)} {ev.scheme.capacity_unit} on offer",
    ),
    KeyValue(
        "Beneficiaries",
        lambda ev: ev.summary.beneficiaries,
        "whole",
        note=lambda ev: f"at most {ev.scheme.max_beneficiaries}",
    ),
    KeyValue("Capacity awarded (MTPA)", lambda ev: ev.summary.capacity_awarded, "mtpa"),
    KeyValue("Capacity unawarded (MTPA)", lambda ev: ev.summary.capacity_unawarded, "mtpa"),
)

INCENTIVE_ROWS = (
    KeyValue(
        "Total incentive liability (₹ crore)",
        lambda ev: ev.summary.incentive_liability_crore_total,
        "crore",
    ),
    KeyValue(_param("incentive_outlay_crore"), lambda ev: ev.scheme.incentive_outlay_crore, "crore"),
    KeyValue(
        "Outlay remaining (₹ crore)",
        lambda ev: ev.scheme.incentive_outlay_crore - ev.summary.incentive_liability_crore_total,
        "crore",
        note=_outlay_note,
    ),
    KeyValue(
        "Share of the outlay",
        lambda ev: (
            ev.summary.incentive_liability_crore_total / ev.scheme.incentive_outlay_crore
            if ev.scheme.incentive_outlay_crore
            else None
        ),
        "percent",
    ),
    KeyValue(_param("irel_pool"), lambda ev: ev.scheme.irel_pool, "mtpa"),
    KeyValue(
        "IREL oxide allocated (MTPA)",
        lambda ev: sum(o.irel_share for o in ev.awards()),
        "mtpa_fraction",
        note=lambda ev: irel_rule(ev.scheme.irel_ranks, ev.scheme.irel_split, ev.scheme.capacity_unit),
    ),
)

KEY_VALUES = SCHEME_ROWS + BID_ROWS + CAPACITY_ROWS + INCENTIVE_ROWS + IMPLICATION_ROWS


SUMMARY_AWARDS = Table(
    "Summary",
    (
        Column("Beneficiary", lambda o: o.bidder_name, "wrap", min_width=20, max_width=46),
        Column(L.BID_REF.heading, lambda o: o.bid_ref, "text", figure=True, key=True, max_width=24),
        Column(L.RANK.heading, lambda o: o.rank, "center", figure=True),
        Column(L.AWARDED.heading, lambda o: o.awarded, "mtpa", figure=True, total=_sum("awarded"), min_width=11),
        Column(L.QUOTE.heading, lambda o: o.quoted_incentive, "quote", figure=True, min_width=11),
        Column(
            L.LIABILITY.heading,
            lambda o: o.incentive_liability_crore,
            "crore",
            figure=True,
            total=_sum("incentive_liability_crore"),
            min_width=13,
        ),
        Column(
            L.IREL_SHARE.short_heading, lambda o: o.irel_share, "mtpa_fraction", figure=True, total=_sum("irel_share")
        ),
        Column(L.STATUS.heading, lambda o: o.status.label, "text", figure=True, min_width=12),
    ),
    totals=True,
)

SUMMARY_WAITLIST = Table(
    "Summary",
    (
        Column("Waitlisted bidder", lambda o: o.bidder_name, "wrap", min_width=20, max_width=46),
        Column(L.BID_REF.heading, lambda o: o.bid_ref, "text", figure=True, key=True, max_width=24),
        Column(L.RANK.heading, lambda o: o.rank, "center", figure=True),
        Column(L.CAPACITY_OFFERED.heading, lambda o: o.capacity_offered, _capacity_style, figure=True, min_width=11),
        Column(L.QUOTE.heading, lambda o: o.quoted_incentive, "quote", figure=True, min_width=11),
    ),
)

SUMMARY_TABLES = (SUMMARY_AWARDS, FINANCIAL, SUMMARY_WAITLIST)
CAP_HEADER = L.CAP.heading  # chart data beside the awards table: the per-beneficiary cap


TRAIL_HEAD_LABEL = "Audit trail head:"


def ties_text(ev: Evaluation) -> str:
    """Under the provisional line: the tied bids the committee is to draw lots for."""
    ties = "; ".join(", ".join(t.bids) for t in ev.pending_ties())
    return f"Tied bids {ties}: they stand in bid reference order until the committee records a draw of lots."


def trail_head_text(trail_head: str | None, *, short: bool = False) -> str:
    """The audit trail head as printed: in full on the Summary sheet, its first 16 characters in the footer."""
    if trail_head is None:
        return f"{TRAIL_HEAD_LABEL} not saved: no audit trail"
    return f"{TRAIL_HEAD_LABEL} {trail_head[:16] + '…' if short else trail_head}"


def build_summary(ev: Evaluation, sb: SheetBuilder, evaluated: str, digest: str, trail_head: str | None = None) -> None:
    s = ev.scheme
    sb.landscape = True  # its tables and the chart beside them need the width at a readable size
    sb.line("Award statement", "title", height=24)
    sb.line(s.name, "subtitle")
    sb.line(f"Evaluated {evaluated} by {TOOL_NAME} {__version__}. Result SHA-256 {digest}.", "note")
    build_provisional(ev, sb)
    if ev.pending_ties():
        sb.line(ties_text(ev), "provisional")
    build_tender(ev, sb)
    for title, rows in (
        ("Scheme", SCHEME_ROWS),
        ("Bids", BID_ROWS),
        ("Capacity", CAPACITY_ROWS),
        ("Incentive liability and IREL oxide", INCENTIVE_ROWS),
    ):
        sb.line()
        start = sb.line(title, "section")
        sb.key_values(rows, ev)
        sb.keep.append((start, sb.next_row - 1))  # a heading and its rows on one page

    sb.line()
    start = sb.line("Awards in rank order", "section")
    awards = ev.awards()
    header, last = sb.table(SUMMARY_AWARDS, awards, row_fill=status_fill)
    sb.keep.append((start, last + 1))  # with the totals
    cap_col = len(SUMMARY_AWARDS.columns) + 1
    sb.rows[header - 1].append((CAP_HEADER, "header", None))
    for r in range(header + 1, last + 1):
        sb.rows[r - 1].append((s.max_capacity, "mtpa", None))
    sb.widths[cap_col] = max(sb.widths.get(cap_col, 0), 9)
    sb.printed_cols = cap_col - 1  # the cap column is the chart's data: the chart prints it
    if not awards:
        sb.line("No capacity was awarded.", "note")
        sb.line()
    sb.keep.append(build_implication(ev, sb))
    sb.line()
    start = sb.line("Waiting list, in rank order", "section")
    waitlist = ev.waitlist()
    if waitlist:
        sb.table(SUMMARY_WAITLIST, waitlist[:WAITLIST_SHOWN], row_fill=status_fill)
        if len(waitlist) > WAITLIST_SHOWN:
            more = len(waitlist) - WAITLIST_SHOWN
            sb.line(f"… and {indian_number(more)} more waitlisted bids, in rank order on the Ranking sheet.", "note")
    else:
        sb.line("No bid is waitlisted.", "note")
    sb.keep.append((start, sb.next_row - 1))  # at most 25 bids: the list and its header on one page

    if awards:
        sb.line()
        start = sb.line(f"Awarded capacity per beneficiary against the {_n(s.max_capacity)} MTPA cap", "section")
        sb.chart = ChartSpec(
            anchor_row=sb.next_row,
            category_col=2,
            series_cols=(4, cap_col),
            header_row=header,
            first_row=header + 1,
            last_row=last,
            y_max=s.max_capacity,
            title="Awarded capacity (MTPA)",
        )
        for _ in range(CHART_ROWS):
            sb.line()
        sb.own_page.append((start, sb.next_row - 1))
    build_findings(ev, sb)
    build_sign_off(
        ev,
        sb,
        trail_head_text(trail_head),
        "We have examined the bids and the evaluation set out in this workbook and recommend the awards above.",
    )
