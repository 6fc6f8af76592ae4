"""The Ranking and Award sheets, and the words the sheets share (status, tie-break, check names). Column labels
and units come from domain.labels, as the application's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from repm_bids.domain import labels as L
from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import BidOutcome, Evaluation, Status
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.wording import TIE_BREAK_TEXT, check_title, irel_rule, liability_rule
from repm_bids.io.award_layout import Cell, Column, SheetBuilder, Table

STATUS_FILL = {Status.AWARDED: "full", Status.PARTIAL: "partial", Status.WAITLISTED: "waitlisted"}
LEGEND = (("full", "Awarded in full"), ("partial", "Partially awarded"), ("waitlisted", "Waitlisted"))


def check_label(check_id: str) -> str:
    return check_title(check_id)


def tie_break_text(rule: str | None) -> str | None:
    if not rule:
        return None
    words = TIE_BREAK_TEXT.get(rule)
    return f"Tie broken by {words} ({rule})" if words else rule


def method_text(scheme: Scheme) -> str:
    if scheme.method == "qcbs":
        return (
            f"Quality-cum-cost (QCBS): ranked by combined score, highest first "
            f"({scheme.technical_weight:g} technical + {scheme.financial_weight:g} financial)"
        )
    return "Least Cost System (LCS): ranked by quoted incentive, lowest first"


def _capacity_style(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return "mtpa_fraction"
    return "mtpa"


def _sum(attr: str) -> Callable[[Sequence[Any]], float]:
    return lambda items: sum(getattr(o, attr) for o in items)


def _status(o: BidOutcome) -> str:
    return o.status.label


def _remarks(o: BidOutcome) -> str | None:
    return "\n".join(o.reasons) if o.reasons else None


RANKING = Table(
    "Ranking",
    (
        Column(L.RANK.heading, lambda o: o.rank, "center", figure=True, min_width=6),
        Column(
            L.L_RANK.heading,
            lambda o: f"L{o.l_rank}" if o.l_rank else None,
            "center",
            figure=True,
            min_width=7,
            safe=True,
        ),
        Column(L.BID_REF.heading, lambda o: o.bid_ref, "text", figure=True, key=True, max_width=24),
        Column(L.BIDDER.heading, lambda o: o.bidder_name, "wrap", min_width=18, max_width=36),
        Column(L.GROUP.heading, lambda o: o.group, "wrap", max_width=24),
        Column(L.CAPACITY_OFFERED.heading, lambda o: o.capacity_offered, _capacity_style, figure=True, min_width=10),
        Column(L.QUOTE.heading, lambda o: o.quoted_incentive, "quote", figure=True, min_width=10),
        Column(L.TECHNICAL_SCORE.heading, lambda o: o.technical_score, "score", figure=True),
        Column(L.FINANCIAL_SCORE.heading, lambda o: o.financial_score, "score", figure=True),
        Column(L.COMBINED_SCORE.heading, lambda o: o.combined_score, "score", figure=True),
        Column(L.AWARDED.heading, lambda o: o.awarded, "mtpa", figure=True, min_width=10),
        Column(L.STATUS.heading, _status, "text", figure=True, min_width=12, safe=True),
        Column(L.TIE_BREAK.heading, lambda o: tie_break_text(o.tie_break), "wrap", min_width=12, max_width=24),
        Column(L.REMARKS.heading, _remarks, "wrap", min_width=24, max_width=44),
    ),
)

AWARD = Table(
    "Award",
    (
        Column(L.RANK.heading, lambda o: o.rank, "center", figure=True, min_width=7),
        Column(L.BID_REF.heading, lambda o: o.bid_ref, "text", figure=True, key=True, max_width=24),
        Column(L.BIDDER.heading, lambda o: o.bidder_name, "wrap", min_width=20, max_width=40),
        Column(L.CAPACITY_OFFERED.heading, lambda o: o.capacity_offered, _capacity_style, figure=True, min_width=10),
        Column(L.AWARDED.heading, lambda o: o.awarded, "mtpa", figure=True, total=_sum("awarded"), min_width=10),
        Column(L.QUOTE.heading, lambda o: o.quoted_incentive, "quote", figure=True, min_width=10),
        Column(
            L.LIABILITY.heading,
            lambda o: o.incentive_liability_crore,
            "crore",
            figure=True,
            total=_sum("incentive_liability_crore"),
            min_width=13,
        ),
        Column(L.IREL_SHARE.heading, lambda o: o.irel_share, "mtpa_fraction", figure=True, total=_sum("irel_share")),
        Column(L.STATUS.heading, _status, "text", figure=True, min_width=12, safe=True),
    ),
    totals=True,
)


def status_fill(o: BidOutcome) -> str | None:
    return STATUS_FILL.get(o.status)


def build_ranking(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Ranking of qualified bids", "title", height=22)
    sb.line(method_text(ev.scheme), "note")
    legend_col = 4  # the Bidder column: wide enough for the legend's words
    for i, (fill, text) in enumerate(LEGEND):
        cells: list[Cell | None] = [None] * legend_col
        if i == 0:
            cells[0] = ("Legend (colour and Status column):", "note", None)
        cells[legend_col - 1] = (text, "legend", fill)
        sb.cells(cells, fit=False)
    sb.line()
    ranked = ev.ranked()
    sb.table(RANKING, ranked, row_fill=status_fill, main=True)
    if not ranked:
        sb.line("No bid qualified: nothing to rank.", "note")


def build_award(ev: Evaluation, sb: SheetBuilder) -> None:
    s = ev.scheme
    sb.landscape = True
    sb.line("Award of capacity, in rank order", "title", height=22)
    sb.line(liability_rule(s.capacity_unit, s.incentive_years, s.quote_basis, s.price_paid), "note")
    sb.line(
        f"IREL supplies {indian_number(s.irel_pool)} {s.capacity_unit} of NdPr oxide "
        f"{irel_rule(s.irel_ranks, s.irel_split, s.capacity_unit)}.",
        "note",
    )
    sb.line()
    awards = ev.awards()
    sb.table(AWARD, awards, row_fill=status_fill, main=True)
    if not awards:
        sb.line("No capacity was awarded.", "note")
