"""The comparative statement: every opened financial cover in price order, L1 first, those above the ceiling (or
otherwise not qualified) included, so the committee sees every price it opened side by side."""

from __future__ import annotations

from dataclasses import dataclass

from repm_bids.domain import labels as L
from repm_bids.domain.result import BidOutcome, Evaluation
from repm_bids.io.award_layout import Column, SheetBuilder, Table
from repm_bids.io.award_tables import _capacity_style, method_text, status_fill

SHEET = "Comparative statement"


@dataclass(frozen=True)
class Priced:
    position: int  # 1 = the lowest price; equal prices share a position
    outcome: BidOutcome
    ceiling: float

    @property
    def within(self) -> str:
        quote = self.outcome.quoted_incentive or 0.0
        return "yes" if quote <= self.ceiling + 1e-9 else "no: above the ceiling"


def priced(ev: Evaluation) -> list[Priced]:
    """Every bid whose price was read, lowest first (then by bid reference); equal prices share their L-number."""
    opened = [o for o in ev.outcomes if o.quoted_incentive is not None]
    opened.sort(key=lambda o: (o.quoted_incentive, o.bid_ref or ""))
    out: list[Priced] = []
    for i, o in enumerate(opened, 1):
        position = out[-1].position if out and out[-1].outcome.quoted_incentive == o.quoted_incentive else i
        out.append(Priced(position, o, ev.scheme.quote_ceiling(o.capacity_offered or 0.0)))
    return out


COMPARATIVE = Table(
    SHEET,
    (
        Column("Price order", lambda p: f"L{p.position}", "center", figure=True, min_width=7, safe=True),
        Column(L.BID_REF.heading, lambda p: p.outcome.bid_ref, "text", figure=True, key=True, max_width=24),
        Column(L.BIDDER.heading, lambda p: p.outcome.bidder_name, "wrap", min_width=18, max_width=36),
        Column(
            L.CAPACITY_OFFERED.heading,
            lambda p: p.outcome.capacity_offered,
            _capacity_style,
            figure=True,
            min_width=10,
        ),
        Column(L.QUOTE.heading, lambda p: p.outcome.quoted_incentive, "quote", figure=True, min_width=10),
        Column("Ceiling", lambda p: p.ceiling, "quote", min_width=10),
        Column("Within the ceiling", lambda p: p.within, "text", min_width=10, safe=True),
        Column(L.RANK.heading, lambda p: p.outcome.rank, "center", figure=True),
        Column(L.STATUS.heading, lambda p: p.outcome.status.label, "text", figure=True, min_width=12, safe=True),
    ),
)


def build_comparative(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Comparative statement of the prices opened", "title", height=22)
    sb.line(
        "Every financial cover opened, in price order: L1 is the lowest price; equal prices share their L-number.",
        "note",
    )
    sb.line("Those above the ceiling and those of bids not qualified are included.", "note")
    sb.line(f"Rank: the place in the ranking ({method_text(ev.scheme)}).", "note")
    sb.line()
    rows = priced(ev)
    sb.table(COMPARATIVE, rows, row_fill=lambda p: status_fill(p.outcome), main=True)
    if not rows:
        sb.line("No price has been opened.", "note")
