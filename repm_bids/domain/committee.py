"""What the committee itself records about the bids, beyond its technical decisions: when each bid was received (the
receipt register of the portal's bid opening), the draws of lots it holds to settle a tie, and the awardees that
withdrew after the award. Plain records; `evaluation.evaluate` takes them and the engine applies them
(docs/evaluation-rules.md, "Ties")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from repm_bids.domain.identity import ref_key


@dataclass(frozen=True, slots=True)
class Receipt:
    """One row of the receipt register: the portal's record of when a bid was received (not the bidder's typing)."""

    bid_ref: str
    received_at: datetime
    bidder: str | None = None


@dataclass(frozen=True, slots=True)
class Draw:
    """A draw of lots held by the committee for one tie: the bid references in the order drawn, best first, and who
    witnessed it."""

    order: tuple[str, ...]
    witnesses: str

    @property
    def keys(self) -> frozenset[str]:
        """The bids drawn for, as compared (reference spelling aside)."""
        return frozenset(ref_key(r) for r in self.order)


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie the objective rules left and whose order changes who is awarded, how much, or who shares the IREL
    oxide: the bids as they now stand (by the draw, or by reference while no draw is recorded), and whether a draw
    decided it."""

    bids: tuple[str, ...]
    drawn: Draw | None = None

    @property
    def decided_by(self) -> str | None:
        return "draw" if self.drawn is not None else None

    @property
    def pending(self) -> bool:
        return self.drawn is None


def draw_fits(draw: Draw, ties: Sequence[Tie]) -> bool:
    """Whether a draw names exactly the bids of one of the ties an evaluation names (a draw for other bids, or for
    some of a tie's bids only, settles nothing and is refused)."""
    if len(set(draw.keys)) != len(draw.order):
        return False
    return any(frozenset(ref_key(r) for r in t.bids) == draw.keys for t in ties)


RECEIPT_COLUMNS: dict[str, tuple[str, ...]] = {
    "bid_ref": ("Bid reference", "bid_ref", "Bid ID", "Bid number", "Bid no"),
    "received_at": ("Received at", "received_at", "Received on", "Receipt time", "Bid received at", "Submission time"),
    "bidder": ("Bidder", "bidder", "Bidder name", "Name of bidder", "Bidder's name"),
}
"""The receipt register's columns: the label a template would use first, then the other names accepted (the portal's
bid-opening summary names them its own way)."""
