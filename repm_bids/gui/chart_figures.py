"""What the award charts show, as plain numbers and words made from an evaluation (no Qt here). The chart widgets
(award_chart.py) draw them; a re-evaluation that leaves them equal draws nothing again."""

from __future__ import annotations

import math
from dataclasses import dataclass

from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import BidOutcome, Evaluation, Status
from repm_bids.domain.shown import shown

HOW = {Status.AWARDED: "in full", Status.PARTIAL: "in part"}
NOT_AWARDED = "Not awarded"


@dataclass(frozen=True)
class Bar:
    """One bar (or one segment of the stacked bar): its label under it, its value, the status it is coloured by
    (None: the capacity not awarded) and what its tooltip says."""

    label: str
    value: float
    status: Status | None
    about: str


@dataclass(frozen=True)
class BeneficiaryFigures:
    """Awarded capacity per beneficiary, in rank order, against the per-beneficiary cap."""

    title: str
    unit: str
    bars: tuple[Bar, ...]
    cap: float
    empty: str  # what stands for the bars when there is none: no award, or prices not opened yet

    @property
    def cap_label(self) -> str:
        return f"Cap {indian_number(self.cap)}"

    @property
    def ticks(self) -> list[float]:
        return nice_ticks(max([self.cap * 1.1, *(b.value for b in self.bars)]))

    @property
    def categories(self) -> list[str]:
        """The labels under the bars (the ranks), or the one that says why there is no bar."""
        return [b.label for b in self.bars] or [self.empty]

    def describe(self) -> str:
        """The chart in words, for a screen reader."""
        if not self.bars:
            return f"{self.title}: {self.empty}; {self.cap_label.lower()} {self.unit}"
        return f"{self.title}: " + "; ".join(b.about for b in self.bars) + f"; {self.cap_label.lower()} {self.unit}"


@dataclass(frozen=True)
class TotalFigures:
    """The awards stacked in rank order, then the capacity not awarded, against the total capacity on offer."""

    title: str
    unit: str
    segments: tuple[Bar, ...]
    offered: float

    @property
    def ticks(self) -> list[float]:
        return nice_ticks(self.offered, 5)

    def describe(self) -> str:
        return f"{self.title}: " + "; ".join(s.about for s in self.segments)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`, at most `most` of them (1, 2 or 5 times a power of ten apart)."""
    top = max(top, 1.0)
    raw = top / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def tick_labels(ticks: list[float]) -> list[str]:
    """Tick values with Indian grouping (1,20,000)."""
    return [indian_number(t) for t in ticks]


def _about(o: BidOutcome, unit: str) -> str:
    who = shown(o.bid_ref or "")
    if o.bidder_name:
        who += f" ({shown(o.bidder_name)})"
    return f"Rank {o.rank}: {who}, {indian_number(o.awarded)} {unit} {HOW.get(o.status, '')}".rstrip()


def award_figures(ev: Evaluation) -> tuple[BeneficiaryFigures, TotalFigures]:
    """Both charts' figures. Before the prices are opened (two covers) there is no award yet, not an award of 0."""
    s = ev.scheme
    unit = s.capacity_unit
    sealed = ev.stage == "technical"
    awards = ev.awards()
    bars = tuple(Bar(str(o.rank), o.awarded, o.status, _about(o, unit)) for o in awards)
    per = BeneficiaryFigures(
        f"Awarded per beneficiary ({unit})",
        unit,
        bars,
        s.max_capacity,
        "(prices not opened yet)" if sealed else "(no awards)",
    )
    awarded = sum(o.awarded for o in awards)
    offer = indian_number(s.total_capacity)
    rest = max(s.total_capacity - awarded, 0.0)
    title = (
        f"Prices not opened yet: no award; {offer} {unit} on offer"
        if sealed
        else f"Awarded {indian_number(awarded)} of {offer} {unit} on offer"
    )
    left = Bar(NOT_AWARDED, rest, None, f"{NOT_AWARDED}: {indian_number(rest)} {unit} of {offer} {unit} on offer")
    total = TotalFigures(title, unit, (*bars, left), s.total_capacity)
    return per, total
