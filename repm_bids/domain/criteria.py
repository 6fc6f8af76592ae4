"""Each bid against each technical criterion, as the technical evaluation report sets it out: the value the bidder
declared, the value the committee verified (a clarification), what the scheme requires, the result and the remark.
Pure: made from the evaluation's check outcomes and the bid's readings, never from a price."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from repm_bids.domain.checks import CHECKS_BY_ID, STAGES
from repm_bids.domain.covers import PRICE_KEY
from repm_bids.domain.indian import crore, indian_number
from repm_bids.domain.readings import FieldRow, field_rows, shown_value
from repm_bids.domain.result import BidOutcome, CheckOutcome
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.wording import check_text, check_title

RESULT_TEXT = {True: "pass", False: "FAIL", None: "n/a"}
PRICE_CHECKS = frozenset({"incentive_ceiling"})  # about the price: never in a technical report


@dataclass(frozen=True, slots=True)
class CriterionRow:
    outcome: BidOutcome
    criterion: str  # the check's title
    declared: str  # the bid's values of the fields the check reads, as a committee member writes them
    verified: str  # the committee's verified values of those fields ("" where it recorded none)
    requirement: str
    result: str  # "pass", "FAIL" or "n/a"
    remark: str  # the check's sentence (with the committee's remark where it decided)


def _n(x: Any) -> str:
    return indian_number(float(x), 0 if float(x).is_integer() else 2) if isinstance(x, int | float) else str(x)


_Requirement = Callable[[Scheme, Mapping[str, Any]], str]

REQUIREMENTS: Mapping[str, _Requirement] = {
    "capacity_range": lambda s, f: f"{_n(s.min_capacity)} to {_n(s.max_capacity)} {s.capacity_unit}",
    "capacity_step": lambda s, f: f"a multiple of {_n(s.capacity_step)} {s.capacity_unit}",
    "net_worth": lambda s, f: (
        f"at least {crore(f['needed'])} for the capacity offered" if f.get("needed") is not None else "a net worth slab"
    ),
    "investment": lambda s, f: _per_unit(s.min_investment_crore_per_unit, s, f, "a proposed investment"),
    "integration": lambda s, f: "all three stages: oxide to metal, metal to alloy, alloy to magnet",
    "commissioning": lambda s, f: f"within {_n(s.max_commissioning_months)} months of the award",
    "consortium_lead": lambda s, f: f"lead member's equity at least {_n(s.min_lead_equity_pct)}%",
    "dpr": lambda s, f: "a Detailed Project Report submitted",
    "bid_security": lambda s, f: (
        f"at least {crore(f['needed'])} for the capacity offered" if f.get("needed") else "a bid security furnished"
    ),
    "bid_security_form": lambda s, f: f"in a form accepted: {', '.join(s.bid_security_forms)}",
    "bid_security_validity": lambda s, f: f"valid at least {_n(s.bid_security_validity_days)} days from submission",
    "land_border": lambda s, f: "registered with the competent authority, with its reference",
    "debarment": lambda s, f: "a declaration that the bidder is not debarred",
    "consortium_members": lambda s, f: "members' equity adds up to 100%",
    "partners": lambda s, f: "a partner in one bid only",
    "group": lambda s, f: "one bid per group" if s.group_rule == "reject_all" else "capacity capped per group",
    "committee": lambda s, f: "qualified by the committee's decision",
    "technical_score": lambda s, f: f"a technical score of at least {_n(s.min_technical_score)}",
    "sealed_price": lambda s, f: "no price in the technical cover",
}


def _fields(check: CheckOutcome, bid_fields: Mapping[str, FieldRow]) -> list[FieldRow]:
    keys = CHECKS_BY_ID[check.id].fields if check.id in CHECKS_BY_ID else ()
    if check.id == "integration":
        keys = STAGES
    return [bid_fields[k] for k in keys if k in bid_fields and k != PRICE_KEY]


def _declared(rows: list[FieldRow]) -> str:
    """One field: its value as written; several: each named."""
    if len(rows) == 1:
        return rows[0].shown or "(blank)"
    return "\n".join(f"{r.spec.label}: {r.shown or '(blank)'}" for r in rows)


def _verified(rows: list[FieldRow]) -> str:
    verified = [r for r in rows if r.verified is not None]
    if len(rows) == 1 and verified:
        return shown_value(verified[0].spec, verified[0].verified)
    return "\n".join(f"{r.spec.label}: {shown_value(r.spec, r.verified)}" for r in verified)


def _per_unit(per_unit: float, s: Scheme, f: Mapping[str, Any], otherwise: str) -> str:
    if not per_unit:
        return otherwise
    needed = f": {crore(f['needed'])}" if f.get("needed") is not None else ""
    return f"at least {crore(per_unit)} per {s.capacity_unit}{needed}"


def criteria_rows(outcome: BidOutcome, scheme: Scheme, *, with_not_applicable: bool = False) -> list[CriterionRow]:
    """The bid against each criterion that applies to it (every criterion with `with_not_applicable`), in the
    order the checks run; never a criterion about the price."""
    bid_fields = {r.spec.key: r for r in field_rows(outcome.bid)}
    out = []
    for check in outcome.checks:
        if check.id in PRICE_CHECKS or (check.passed is None and not with_not_applicable):
            continue
        rows = _fields(check, bid_fields)
        requirement = REQUIREMENTS.get(check.id)
        out.append(
            CriterionRow(
                outcome,
                check_title(check.id),
                _declared(rows),
                _verified(rows),
                requirement(scheme, check.figures) if requirement else "",
                RESULT_TEXT[check.passed],
                _remark(check),
            )
        )
    return out


def _remark(check: CheckOutcome) -> str:
    text = check_text(check)
    remarks = check.figures.get("remarks") if check.id == "committee" else None
    return f"{text[:-1]}: {remarks}" if remarks else text
