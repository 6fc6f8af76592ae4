"""The technical checks, each declared in one place: its id, the bid fields it reads, the test (vectorised over a
`BidTable`) and the facts a reason gives for one bid (which case applies and its figures). Its title and sentences
are words for people, in `wording.py` with every other sentence.

The engine runs the tests in this order; `domain.wording` words each (check, case) from the figures. A new check is
one `Check(...)` entry here and its sentences in `wording.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from repm_bids.domain.models import Bid
from repm_bids.domain.partners import member_countries, parse_members
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.security_forms import security_form
from repm_bids.domain.table import BidTable
from repm_bids.domain.wording import check_title

EPS = 1e-9
PASS, FAIL, NA = 1, 0, -1

Figures = dict[str, Any]


def round_half_up(x: np.ndarray, decimals: int) -> np.ndarray:
    f = 10.0**decimals
    return np.floor(x * f + 0.5 + 1e-7) / f


@dataclass(slots=True)
class Derived:
    """Columns the tests share, worked out once per evaluation. `technical` and `qualified` are set by the engine
    before the checks that run after scoring."""

    needed_net_worth: np.ndarray  # float64, NaN where no slab covers the capacity
    group_count: np.ndarray  # int64: bids of the same group
    technical: np.ndarray | None = None
    qualified: np.ndarray | None = None


@dataclass(slots=True)
class OneBid:
    """What the facts of one bid's outcome are worked out from. Made for each check outcome and dropped once its facts
    are taken (never kept or shared), so not frozen: a frozen dataclass costs three times as much to make."""

    bid: Bid
    scheme: Scheme
    state: int  # PASS, FAIL or NA
    needed_net_worth: float
    technical: float
    remarks: str  # the committee's remark on this bid ("" when none)
    low_quote_rejected: bool = False  # the committee rejected its abnormally low quote (and not the bid otherwise)

    @property
    def passed(self) -> bool:
        return self.state == PASS

    def value(self, key: str) -> Any:
        return self.bid.values.get(key)


Test = Callable[[BidTable, Scheme, Derived], tuple[np.ndarray, np.ndarray]]
Facts = Callable[[OneBid], tuple[str, Figures]]
NotApplicable = Callable[[OneBid], str]


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    fields: tuple[str, ...]  # the bid fields it reads: the cells a rejection names
    test: Test  # (applies, passes) per bid
    facts: Facts  # the case of one bid's outcome and its figures
    not_applicable: NotApplicable = lambda one: "not_read"  # the case when the check does not apply
    after_scores: bool = False  # runs on the bids still qualified, once technical scores are known
    points_at: Callable[[Bid], tuple[str, ...]] | None = None  # the fields a failure points at, if not `fields`

    @property
    def title(self) -> str:
        """For people: worded, like every sentence, in `wording.py`."""
        return check_title(self.id)


def _cap(one: OneBid) -> Figures:
    return {"capacity": one.value("capacity"), "unit": one.scheme.capacity_unit}


# -- the tests and facts -----------------------------------------------------------------------------------------------
def _capacity_range(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    cap = t.num["capacity"]
    return ~np.isnan(cap), (cap >= s.min_capacity - EPS) & (cap <= s.max_capacity + EPS)


def _capacity_range_facts(one: OneBid) -> tuple[str, Figures]:
    s = one.scheme
    figures = {**_cap(one), "min": s.min_capacity, "max": s.max_capacity}
    if one.passed:
        return "within", figures
    above = float(one.value("capacity") or 0) > s.max_capacity
    return ("above" if above else "below"), {**figures, "limit": s.max_capacity if above else s.min_capacity}


def _capacity_step(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    cap = t.num["capacity"]
    steps = cap / s.capacity_step
    return ~np.isnan(cap), np.abs(steps - np.round(steps)) < 1e-6


def _capacity_step_facts(one: OneBid) -> tuple[str, Figures]:
    return ("multiple" if one.passed else "not_multiple"), {**_cap(one), "step": one.scheme.capacity_step}


SLIP_SHARE = 0.01  # a quote below 1% of the ceiling is a likely slip of typing (Rs.1890 read as 0.189), not a price


def quote_ceilings(t: BidTable, s: Scheme) -> np.ndarray:
    """Each bid's ceiling in the quote's unit: the INR/kg ceiling, or the whole incentive in INR crore under
    `quote_basis = "total_crore"` (NaN where the capacity is not known)."""
    if s.quote_basis == "total_crore":
        return t.num["capacity"] * 1000.0 * s.incentive_years * s.incentive_ceiling / 1e7
    return np.full(t.n, s.incentive_ceiling)


def _incentive(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    quote = t.num["quoted_incentive"]
    ceiling = quote_ceilings(t, s)
    # a quote of exactly 0 (no incentive asked) is a price; one above 0 but below 1% of the ceiling is a likely slip
    slip = (quote > 0) & (quote < ceiling * SLIP_SHARE - EPS)
    passes = (quote >= s.min_quote - EPS) & (quote <= ceiling + EPS) & ~slip
    return ~np.isnan(quote), passes


def _incentive_facts(one: OneBid) -> tuple[str, Figures]:
    q = one.value("quoted_incentive")
    s = one.scheme
    ceiling = s.quote_ceiling(float(one.value("capacity") or 0))
    figures = {"quote": q, "ceiling": ceiling, "basis": s.quote_basis}
    if one.passed:
        return "within", figures
    if q is not None and q < s.min_quote:
        return "below_min", {**figures, "min": s.min_quote}
    if q is not None and 0 < q < ceiling * SLIP_SHARE:
        return "slip", {**figures, "floor": ceiling * SLIP_SHARE}
    return "above", figures


def needed_net_worth(t: BidTable, s: Scheme) -> np.ndarray:
    """The net worth each bid's capacity needs (the slab that covers it); NaN where no slab does."""
    cap = t.num["capacity"]
    have_cap = ~np.isnan(cap)
    ups = np.array([sl.up_to for sl in s.net_worth_slabs], dtype=np.float64)
    mins = np.array([sl.min_crore for sl in s.net_worth_slabs] + [np.nan], dtype=np.float64)
    slab = np.searchsorted(ups, np.where(have_cap, cap, 0.0) - EPS, side="left")
    return np.where(have_cap, mins[slab], np.nan)


def _net_worth(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    nw, needed = t.num["net_worth_cr"], d.needed_net_worth
    return ~np.isnan(t.num["capacity"]) & ~np.isnan(nw), ~np.isnan(needed) & (nw >= needed - EPS)


def _net_worth_facts(one: OneBid) -> tuple[str, Figures]:
    figures = {**_cap(one), "net_worth": one.value("net_worth_cr"), "needed": one.needed_net_worth}
    if math.isnan(one.needed_net_worth):
        return "no_slab", figures
    return ("meets" if one.passed else "below"), figures


def _investment(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    """On the eligible investment where the bid gives it; on the total proposed investment where it is blank."""
    cap, eligible = t.num["capacity"], t.num["eligible_investment_cr"]
    inv = np.where(np.isnan(eligible), t.num["investment_cr"], eligible)
    return ~np.isnan(cap) & ~np.isnan(inv), inv >= s.min_investment_crore_per_unit * cap - EPS


def _investment_facts(one: OneBid) -> tuple[str, Figures]:
    need = one.scheme.min_investment_crore_per_unit * (one.value("capacity") or 0)
    eligible = one.value("eligible_investment_cr")
    basis = "total" if eligible is None else "eligible"
    inv = one.value("investment_cr") if eligible is None else eligible
    figures = {**_cap(one), "investment": inv, "needed": need, "basis": basis}
    return ("meets" if one.passed else "below"), figures


STAGES = ("stage_oxide_metal", "stage_metal_alloy", "stage_alloy_magnet")


def _integration(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    stages = np.stack([t.num[k] for k in STAGES], axis=1)
    any_no = (stages == 0).any(axis=1)
    all_known = ~np.isnan(stages).any(axis=1)
    return (all_known | any_no) & s.require_all_stages, ~any_no & all_known


def _integration_facts(one: OneBid) -> tuple[str, Figures]:
    if one.passed:
        return "integrated", {}
    return "not_integrated", {"missing": [k for k in STAGES if one.value(k) is False]}


def _missing_stage(bid: Bid) -> tuple[str, ...]:
    """A failed integration points at the stage the bid lacks."""
    return tuple(k for k in STAGES if bid.values.get(k) is not True) or STAGES


def _commissioning(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    months = t.num["commissioning_months"]
    return ~np.isnan(months), (months >= 0) & (months <= s.max_commissioning_months)


def _commissioning_facts(one: OneBid) -> tuple[str, Figures]:
    m = one.value("commissioning_months")
    figures = {"months": m, "max": one.scheme.max_commissioning_months}
    if one.passed:
        return "within", figures
    return ("negative" if m is not None and m < 0 else "late"), figures


def _lead(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    lead = t.num["lead_equity_pct"]
    return t.consortium, ~np.isnan(lead) & (lead >= s.min_lead_equity_pct - EPS) & (lead <= 100)


def _lead_facts(one: OneBid) -> tuple[str, Figures]:
    lead = one.value("lead_equity_pct")
    figures = {"lead": lead, "min": one.scheme.min_lead_equity_pct}
    if lead is None:
        return "not_stated", figures
    return ("meets" if one.passed else "below"), figures


def _dpr(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    dpr = t.num["dpr_submitted"]
    return ~np.isnan(dpr) & s.require_dpr, dpr == 1


def _security(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    sec = t.num["bid_security_cr"]
    capacities, capacity_of = np.unique(np.nan_to_num(t.num["capacity"]), return_inverse=True)  # a few between them
    needed = np.array([s.min_bid_security(c) for c in capacities.tolist()], np.float64)[capacity_of]
    return ~np.isnan(sec) & s.require_bid_security, (sec > 0) & (sec >= needed - EPS)


def _security_facts(one: OneBid) -> tuple[str, Figures]:
    s = one.scheme
    figures = {
        "security": one.value("bid_security_cr"),
        "needed": s.min_bid_security(float(one.value("capacity") or 0)),
        **_cap(one),
    }
    if one.passed:
        return "furnished", figures
    sec = one.value("bid_security_cr")
    return ("not_furnished" if not sec or sec <= 0 else "short"), figures


def _security_form(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    forms, form_of = t.distinct_values("security_form")  # a few forms between the bids
    applies = (t.flag("bid_security_form_stated") | s.require_bid_security_form) & s.require_bid_security
    return applies, np.array([f is not None and f in s.bid_security_forms for f in forms], bool)[form_of]


def _security_form_facts(one: OneBid) -> tuple[str, Figures]:
    text = one.value("bid_security_form")
    form = security_form(text)
    figures = {"text": text or "", "form": form or "", "accepted": ", ".join(one.scheme.bid_security_forms)}
    if one.passed:
        return "accepted", figures
    if not text:
        return "not_stated", figures
    return ("not_accepted" if form else "unknown"), figures


_DAY = 86400.0


def _security_validity(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    days = s.bid_security_validity_days
    until, submitted = t.num["bid_security_valid_until"], t.num["submitted_at"]
    applies = np.full(t.n, days > 0 and s.require_bid_security) & ~np.isnan(submitted)
    return applies, ~np.isnan(until) & (until >= submitted + days * _DAY - EPS)


def _security_validity_facts(one: OneBid) -> tuple[str, Figures]:
    until, submitted = one.value("bid_security_valid_until"), one.value("submitted_at")
    days = one.scheme.bid_security_validity_days
    figures = {"days": days, "until": until.date().isoformat() if until else None}
    if until is None:
        return "not_stated", figures
    left = (until - submitted).days if submitted else None
    return ("valid" if one.passed else "short"), {**figures, "left": left}


def _border_names(s: Scheme) -> frozenset[str]:
    """The scheme's countries sharing a land border with India, as compared (case folded)."""
    return frozenset(c.casefold() for c in s.land_border_countries)


def _border_firms(
    names: frozenset[str], country: object, members: tuple[tuple[str, str], ...]
) -> tuple[bool, list[str]]:
    """Whether the bidder's country of incorporation is one of `names` (`_border_names`), and each consortium member
    whose country (`members`: `member_countries` of the members' list) is, as 'Name (Country)'."""
    bidder = isinstance(country, str) and country.strip().casefold() in names
    return bidder, [f"{name} ({c})" for name, c in members if c.casefold() in names]


def _border(t: BidTable, s: Scheme) -> np.ndarray:
    """`_border_firms` of every bid, from its countries case folded once per set of bids (a scheme change only
    compares them with the scheme's names)."""
    pairs, pair_of = t.distinct_values("border_countries")  # most bids state the same few countries
    names = _border_names(s)  # once for the column, not once per bid
    hit = np.array([c in names or any(m in names for m in ms) for c, ms in pairs], bool)
    return hit[pair_of]  # type: ignore[no-any-return]


def _land_border(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    has_ref = t.flag("land_border_reference_stated")
    return _border(t, s), (t.num["land_border_registered"] == 1) & has_ref


def _land_border_facts(one: OneBid) -> tuple[str, Figures]:
    stated = member_countries(one.value("consortium_members"))
    bidder, members = _border_firms(_border_names(one.scheme), one.value("country"), stated)
    figures = {
        "country": one.value("country"),
        "reference": one.value("land_border_reference") or "",
        "bidder": bidder,
        "members": ", ".join(members),
        "several": len(members) > 1,
    }
    if one.passed:
        return "registered", figures
    return ("no_reference" if one.value("land_border_registered") is True else "not_registered"), figures


def _debarment(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    v = t.num["not_debarred"]
    return ~np.isnan(v) | s.require_debarment_declaration, v == 1


def _debarment_facts(one: OneBid) -> tuple[str, Figures]:
    if one.passed:
        return "declared", {}
    return ("not_declared" if one.value("not_debarred") is None else "debarred"), {}


def _members(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    return t.flag("members_stated"), t.flag("members_sum_to_100")


def _members_facts(one: OneBid) -> tuple[str, Figures]:
    parsed = parse_members(one.value("consortium_members"))
    if parsed is None:
        return "unreadable", {"text": one.value("consortium_members")}
    total = sum(e for _, e in parsed)
    return ("sums" if one.passed else "not_100"), {"members": len(parsed), "total": total}


def _partners(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    shared = t.partners_shared if t.partners_shared is not None else np.zeros(t.n, bool)
    listed = t.flag("members_listed")
    return listed | shared, ~shared


def _partners_facts(one: OneBid) -> tuple[str, Figures]:
    return ("single" if one.passed else "several"), {}


def _group(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    present = t.group_key != None  # noqa: E711 - elementwise on an object array
    if s.group_rule == "reject_all":
        return present, d.group_count <= 1
    if s.group_rule == "cap":  # the cap is applied in allocation
        return present, np.ones(t.n, bool)
    return np.zeros(t.n, bool), np.ones(t.n, bool)


def group_name(bid: Bid) -> str:
    return str(bid.values.get("group") or bid.values.get("bidder_name") or bid.values.get("registration_no"))


def _group_facts(one: OneBid) -> tuple[str, Figures]:
    if one.scheme.group_rule == "cap":
        return "cap", {}
    return ("single" if one.passed else "several"), {"group": group_name(one.bid)}


def _committee(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    return ~np.isnan(t.committee), t.committee == 1


def _committee_facts(one: OneBid) -> tuple[str, Figures]:
    if one.passed:
        return "qualified", {"remarks": one.remarks}
    return ("low_quote_rejected" if one.low_quote_rejected else "not_qualified"), {"remarks": one.remarks}


def _technical(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    assert d.technical is not None and d.qualified is not None
    # the minimum applies to the score as shown (rounded); a bid below it keeps the score that excluded it
    with np.errstate(invalid="ignore"):
        meets = round_half_up(d.technical, s.score_decimals) >= s.min_technical_score - EPS
    return d.qualified, meets


def _technical_facts(one: OneBid) -> tuple[str, Figures]:
    s = one.scheme
    figures = {"score": one.technical, "decimals": s.score_decimals, "min": s.min_technical_score}
    return ("meets" if one.passed else "below"), figures


def _required(flag: Callable[[Scheme], bool]) -> NotApplicable:
    return lambda one: "not_read" if flag(one.scheme) else "not_required"


CHECKS: tuple[Check, ...] = (
    Check(
        "capacity_range",
        ("capacity",),
        _capacity_range,
        _capacity_range_facts,
    ),
    Check("capacity_step", ("capacity",), _capacity_step, _capacity_step_facts),
    Check(
        "incentive_ceiling",
        ("quoted_incentive",),
        _incentive,
        _incentive_facts,
        lambda one: "price_sealed" if one.scheme.covers == 2 and one.value("quoted_incentive") is None else "not_read",
    ),
    Check("net_worth", ("net_worth_cr", "capacity"), _net_worth, _net_worth_facts),
    Check("investment", ("investment_cr", "capacity"), _investment, _investment_facts),
    Check(
        "integration",
        STAGES,
        _integration,
        _integration_facts,
        _required(lambda s: s.require_all_stages),
        points_at=_missing_stage,
    ),
    Check("commissioning", ("commissioning_months",), _commissioning, _commissioning_facts),
    Check(
        "consortium_lead",
        ("lead_equity_pct",),
        _lead,
        _lead_facts,
        lambda one: "not_consortium",
    ),
    Check(
        "dpr",
        ("dpr_submitted",),
        _dpr,
        lambda one: ("submitted" if one.passed else "not_submitted", {}),
        _required(lambda s: s.require_dpr),
    ),
    Check(
        "bid_security",
        ("bid_security_cr",),
        _security,
        _security_facts,
        _required(lambda s: s.require_bid_security),
    ),
    Check(
        "bid_security_form",
        ("bid_security_form",),
        _security_form,
        _security_form_facts,
        lambda one: "not_required" if not one.scheme.require_bid_security else "not_stated",
    ),
    Check(
        "bid_security_validity",
        ("bid_security_valid_until",),
        _security_validity,
        _security_validity_facts,
        _required(lambda s: s.bid_security_validity_days > 0 and s.require_bid_security),
    ),
    Check(
        "land_border",
        ("land_border_registered", "land_border_reference", "country", "consortium_members"),
        _land_border,
        _land_border_facts,
        lambda one: "not_land_border",
    ),
    Check(
        "debarment",
        ("not_debarred",),
        _debarment,
        _debarment_facts,
        _required(lambda s: s.require_debarment_declaration),
    ),
    Check(
        "consortium_members",
        ("consortium_members",),
        _members,
        _members_facts,
        lambda one: "not_listed",
    ),
    Check(
        "partners",
        ("consortium_members", "bidder_name"),
        _partners,
        _partners_facts,
        lambda one: "not_listed",
    ),
    Check(
        "group",
        ("group", "bidder_name"),
        _group,
        _group_facts,
        lambda one: "not_restricted" if one.scheme.group_rule == "none" else "group_unknown",
    ),
    Check(
        "committee",
        (),
        _committee,
        _committee_facts,
        lambda one: "no_decision",
    ),
    Check(
        "technical_score",
        (),
        _technical,
        _technical_facts,
        lambda one: "qcbs_only" if one.scheme.method == "qcbs" else "not_lcs",
        after_scores=True,
    ),
)


SEALED_PRICE_COLUMN = "sealed_price"  # 1 where a technical cover held a price, 0 where it held none


def _sealed(t: BidTable, s: Scheme, d: Derived) -> tuple[np.ndarray, np.ndarray]:
    held = t.num.get(SEALED_PRICE_COLUMN, np.zeros(t.n))
    return np.full(t.n, s.price_in_technical == "reject"), held != 1


def _sealed_facts(one: OneBid) -> tuple[str, Figures]:
    return ("sealed" if one.passed else "price_in_technical"), {}


# Checks that exist only when the scheme has two covers (the technical cover must not hold the price).
COVER_CHECKS: tuple[Check, ...] = (Check("sealed_price", (), _sealed, _sealed_facts, lambda one: "warn_only"),)


def checks_for(s: Scheme) -> tuple[Check, ...]:
    """The checks an evaluation under this scheme runs, in order: the cover checks only under two covers."""
    return CHECKS + COVER_CHECKS if s.covers == 2 else CHECKS


_ALL = CHECKS + COVER_CHECKS
CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS)
CHECK_INDEX: Mapping[str, int] = {c.id: i for i, c in enumerate(CHECKS)}
CHECKS_BY_ID: Mapping[str, Check] = {c.id: c for c in _ALL}
CHECK_FIELDS: Mapping[str, tuple[str, ...]] = {c.id: c.fields for c in _ALL}
CHECK_TITLES: Mapping[str, str] = {c.id: c.title for c in _ALL}  # for readers that look titles up by id


def facts(check_id: str, one: OneBid) -> tuple[str, Figures]:
    """The case of one bid's outcome of a check, and its figures."""
    check = CHECKS_BY_ID[check_id]
    if one.state == NA:
        return check.not_applicable(one), {}
    return check.facts(one)


def pointed_fields(check_id: str, bid: Bid) -> tuple[str, ...]:
    """The fields a failure of the check points at, for this bid."""
    check = CHECKS_BY_ID[check_id]
    return check.points_at(bid) if check.points_at is not None else check.fields
