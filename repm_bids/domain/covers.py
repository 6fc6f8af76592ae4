"""Two sealed covers: the technical cover is read without its price; the price comes only from the financial cover,
opened after the technical evaluation is approved and only for the technically qualified bids.

`seal` takes the price out of a bid as read from a technical cover (value, raw text and every problem about it), so
that nothing made from the bid (a result, a screen, a log, an export) can hold it. `with_price` puts the price read
from the bid's financial cover back in."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from repm_bids.domain.models import Bid, FieldReading, Location, Problem

PRICE_KEY = "quoted_incentive"


def held_price(bid: Bid) -> bool:
    """Whether the bid as read holds a price: a value, or text typed where the price goes."""
    if bid.values.get(PRICE_KEY) is not None:
        return True
    reading = bid.readings.get(PRICE_KEY)
    return reading is not None and bool((reading.raw or "").strip())


def seal(bid: Bid) -> Bid:
    """The bid without its price: the price key, its reading and every problem about it are left out."""
    values: dict[str, Any] = {k: v for k, v in bid.values.items() if k != PRICE_KEY}
    return replace(
        bid,
        values=values,
        readings={k: r for k, r in bid.readings.items() if k != PRICE_KEY},
        errors=tuple(p for p in bid.errors if p.field != PRICE_KEY),
        warnings=tuple(p for p in bid.warnings if p.field != PRICE_KEY),
    )


def not_about_price(problem: Problem) -> bool:
    return problem.field != PRICE_KEY


def with_price(bid: Bid, price: float, at: Location | None = None, raw: str | None = None) -> Bid:
    """The sealed bid with the price read from its financial cover (and where it was read)."""
    reading = FieldReading(
        PRICE_KEY,
        price,
        raw=raw,
        cell=at.cell if at else None,
        line=at.line if at else None,
        sheet=at.sheet if at else None,
    )
    return replace(bid, values={**bid.values, PRICE_KEY: price}, readings={**bid.readings, PRICE_KEY: reading})
