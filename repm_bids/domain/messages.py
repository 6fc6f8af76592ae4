"""Sentences for people: what each check found for one bid, and why a bid was waitlisted or partly awarded."""

from __future__ import annotations

import math
from collections.abc import Mapping

from repm_bids.domain import engine as E
from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.domain.models import Bid
from repm_bids.domain.scheme import Scheme

# The bid fields each check reads: the cells a rejection names.
CHECK_FIELDS: Mapping[str, tuple[str, ...]] = {
    "capacity_range": ("capacity",),
    "capacity_step": ("capacity",),
    "incentive_ceiling": ("quoted_incentive",),
    "net_worth": ("net_worth_cr", "capacity"),
    "investment": ("investment_cr", "capacity"),
    "integration": ("stage_oxide_metal", "stage_metal_alloy", "stage_alloy_magnet"),
    "commissioning": ("commissioning_months",),
    "consortium_lead": ("lead_equity_pct",),
    "dpr": ("dpr_submitted",),
    "bid_security": ("bid_security_cr",),
    "group": ("group", "bidder_name"),
    "committee": (),
    "technical_score": (),
}

CHECK_TITLES: Mapping[str, str] = {
    "capacity_range": "Capacity within the per-bid range",
    "capacity_step": "Capacity a multiple of the step",
    "incentive_ceiling": "Quote within the incentive ceiling",
    "net_worth": "Net worth for the capacity",
    "investment": "Minimum proposed investment",
    "integration": "Integrated oxide-to-magnet plant",
    "commissioning": "Commissioning time",
    "consortium_lead": "Consortium lead member equity",
    "dpr": "Detailed Project Report",
    "bid_security": "Bid security",
    "group": "One bid per group",
    "committee": "Committee's technical decision",
    "technical_score": "Minimum technical score",
}


def fmt(x: float | None, decimals: int | None = None) -> str:
    """1200.0 -> '1,200'; 1950.5 -> '1,950.5'; with decimals, exactly that many; None or NaN -> 'blank'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "blank"
    if decimals is None:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:,.{decimals}f}"


def cell_ref(bid: Bid, keys: tuple[str, ...]) -> str:
    """'(acme.xlsx, sheet Bid Form, cell B9)' for the first of `keys` that was read from a cell; '' otherwise."""
    for key in keys:
        r = bid.readings.get(key)
        if r is None or (r.cell is None and r.line is None):
            continue
        parts = [bid.source.path.replace("\\", "/").rsplit("/", 1)[-1]]
        sheet = r.sheet or bid.source.sheet
        if r.cell:
            if sheet:
                parts.append(f"sheet {sheet}")
            parts.append(f"cell {r.cell}")
        elif r.line is not None:
            parts.append(f"line {r.line}")
        return " (" + ", ".join(parts) + ")"
    return ""


def _label(key: str) -> str:
    return FIELDS_BY_KEY[key].label


def check_message(check: str, state: int, bid: Bid, s: Scheme, needed_net_worth: float, technical: float) -> str:
    v = bid.values
    u = s.capacity_unit
    ok = state == E.PASS
    if state == E.NA:
        return _not_applicable(check, bid, s)
    cap = v.get("capacity")
    if check == "capacity_range":
        if ok:
            return f"Capacity offered {fmt(cap)} {u} is within {fmt(s.min_capacity)} to {fmt(s.max_capacity)} {u}."
        above = float(cap or 0) > s.max_capacity
        side = "above the cap of" if above else "below the minimum of"
        limit = s.max_capacity if above else s.min_capacity
        return f"Capacity offered {fmt(cap)} {u} is {side} {fmt(limit)} {u}."
    if check == "capacity_step":
        verb = "is" if ok else "is not"
        return f"Capacity offered {fmt(cap)} {u} {verb} a multiple of {fmt(s.capacity_step)} {u}."
    if check == "incentive_ceiling":
        q = v.get("quoted_incentive")
        if ok:
            return f"Quoted incentive INR {fmt(q)}/kg is within the ceiling of INR {fmt(s.incentive_ceiling)}/kg."
        if q is not None and q <= 0:
            return f"Quoted incentive INR {fmt(q)}/kg must be more than zero."
        return f"Quoted incentive INR {fmt(q)}/kg is above the ceiling of INR {fmt(s.incentive_ceiling)}/kg."
    if check == "net_worth":
        nw = v.get("net_worth_cr")
        if math.isnan(needed_net_worth):
            return f"No net-worth slab covers a capacity of {fmt(cap)} {u}."
        verb = "meets" if ok else "is below"
        return (
            f"Net worth INR {fmt(nw)} crore {verb} the INR {fmt(needed_net_worth)} crore required for {fmt(cap)} {u}."
        )
    if check == "investment":
        need = s.min_investment_crore_per_unit * (cap or 0)
        verb = "meets" if ok else "is below"
        inv = fmt(v.get("investment_cr"))
        return f"Proposed investment INR {inv} crore {verb} the minimum of INR {fmt(need)} crore for {fmt(cap)} {u}."
    if check == "integration":
        if ok:
            return "The plant integrates all three stages: oxide to metal, metal to alloy, alloy to magnet."
        missing = [
            FIELDS_BY_KEY[k].label.lower()
            for k in ("stage_oxide_metal", "stage_metal_alloy", "stage_alloy_magnet")
            if v.get(k) is False
        ]
        return f"The plant is not integrated: no {', no '.join(missing)}."
    if check == "commissioning":
        m = v.get("commissioning_months")
        if ok:
            return f"Commissioning in {fmt(m)} months is within {s.max_commissioning_months} months."
        if m is not None and m < 0:
            return f"Commissioning in {fmt(m)} months is not possible."
        return f"Commissioning in {fmt(m)} months is later than the {s.max_commissioning_months} months allowed."
    if check == "consortium_lead":
        lead = v.get("lead_equity_pct")
        if lead is None:
            return "A consortium must state its lead member's equity."
        verb = "meets" if ok else "is below"
        return f"Lead member equity {fmt(lead)}% {verb} the minimum of {fmt(s.min_lead_equity_pct)}%."
    if check == "dpr":
        return "A Detailed Project Report was submitted." if ok else "No Detailed Project Report was submitted."
    if check == "bid_security":
        sec = v.get("bid_security_cr")
        return f"Bid security of INR {fmt(sec)} crore was furnished." if ok else "No bid security was furnished."
    if check == "group":
        if s.group_rule == "cap":
            return "Group cap: the group's awards together stay within the per-beneficiary cap."
        if ok:
            return "No other bid from the same group."
        return f"The group {_group_name(bid)} submitted more than one bid; every bid of the group is non-responsive."
    if check == "committee":
        return (
            "The committee found the bid technically qualified."
            if ok
            else "The committee found the bid not technically qualified."
        )
    if check == "technical_score":
        verb = "meets" if ok else "is below"
        return f"Technical score {fmt(technical, s.score_decimals)} {verb} the minimum of {fmt(s.min_technical_score)}."
    return check  # pragma: no cover - every check id is handled above


def _group_name(bid: Bid) -> str:
    return str(bid.values.get("group") or bid.values.get("bidder_name") or bid.values.get("registration_no"))


def _not_applicable(check: str, bid: Bid, s: Scheme) -> str:
    if check == "consortium_lead":
        return "Not a consortium."
    if check == "committee":
        return "No committee decision recorded."
    if check == "technical_score":
        return "Applies to qualified bids under QCBS only." if s.method == "qcbs" else "Not used under LCS."
    if check == "group":
        return "Group bids are not restricted by this scheme." if s.group_rule == "none" else "Group not known."
    if (
        check in ("integration", "dpr", "bid_security")
        and not {
            "integration": s.require_all_stages,
            "dpr": s.require_dpr,
            "bid_security": s.require_bid_security,
        }[check]
    ):
        return "Not required by this scheme."
    return "Not checked: a value it needs could not be read."


def waitlist_reason(why: int, bid: Bid, s: Scheme, remaining: float, awarded: float) -> str:
    u = s.capacity_unit
    cap = bid.values.get("capacity")
    if why == E.W_BENEFICIARIES:
        return f"All {s.max_beneficiaries} awards had been made before this bid was reached."
    if why == E.W_EXHAUSTED:
        if awarded > 0:
            return f"Partly awarded: {fmt(awarded)} of {fmt(cap)} {u} offered; only {fmt(remaining)} {u} remained."
        return f"Only {fmt(remaining)} {u} remained, less than the minimum award of {fmt(s.min_capacity)} {u}."
    if why == E.W_BELOW_MIN:
        return (
            f"Only {fmt(remaining)} {u} remained; rounded down to the {fmt(s.capacity_step)} {u} step that is less "
            f"than the minimum award of {fmt(s.min_capacity)} {u}."
        )
    if why == E.W_NO_PARTIAL:
        return f"Offered {fmt(cap)} {u} but only {fmt(remaining)} {u} remained, and partial awards are not allowed."
    if why == E.W_GROUP_NO_PARTIAL:
        return (
            f"Offered {fmt(cap)} {u}, more than the group's earlier awards leave under the cap of "
            f"{fmt(s.max_capacity)} {u}, and partial awards are not allowed."
        )
    if why == E.W_GROUP_CAP:
        if awarded > 0:
            return (
                f"Partly awarded: {fmt(awarded)} of {fmt(cap)} {u}; the group's awards together reach the cap of "
                f"{fmt(s.max_capacity)} {u}."
            )
        return (
            f"The group's earlier awards leave less than the minimum award of {fmt(s.min_capacity)} {u} "
            "under the group cap."
        )
    return ""


TIE_BREAK_TEXT: Mapping[str, str] = {
    "capacity_desc": "more capacity offered",
    "submitted_at": "earlier submission",
    "lot": "draw of lots",
}
