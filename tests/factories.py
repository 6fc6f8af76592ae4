"""Bids built in memory for tests: a valid default bid, with any field overridden."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from repm_bids.domain.models import Bid, Location

BASE_TIME = datetime(2026, 6, 29, 10, 0)


def bid_values(ref: str = "R-01", **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "bid_ref": ref,
        "bidder_name": f"Bidder {ref} Ltd",
        "bidder_type": "Company",
        "country": "India",
        "registration_no": f"U27100OR2020PLC{ref}",
        "group": None,
        "lead_equity_pct": None,
        "capacity": 1200.0,
        "net_worth_cr": 400.0,
        "investment_cr": 700.0,
        "stage_oxide_metal": True,
        "stage_metal_alloy": True,
        "stage_alloy_magnet": True,
        "plant_state": "Odisha",
        "commissioning_months": 20,
        "dpr_submitted": True,
        "bid_security_cr": 5.0,
        "dva_pct": 50.0,
        "submitted_at": BASE_TIME,
        "quoted_incentive": 1900.0,
        "eligible_investment_cr": None,
        "bid_security_form": None,
        "bid_security_valid_until": None,
        "land_border_registered": None,
        "land_border_reference": None,
        "not_debarred": None,
        "consortium_members": None,
    }
    values.update(overrides)
    return values


def make_bid(ref: str = "R-01", path: str | None = None, **overrides: Any) -> Bid:
    return Bid(Location(path or f"{ref}.xlsx", "Bid Form"), bid_values(ref, **overrides))


def minutes(n: int) -> datetime:
    return BASE_TIME + timedelta(minutes=n)
