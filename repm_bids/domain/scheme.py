"""The scheme: every evaluation parameter, its default, its meaning and where the default comes from.

`scheme_from_dict` turns a parsed TOML document into a `Scheme` or a list of problems naming the key; it does no
file access (the TOML file itself is read in `repm_bids.io.scheme_file`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from repm_bids.domain import labels as units
from repm_bids.domain.fields import FIELDS_BY_KEY, NUMERIC_KEYS
from repm_bids.domain.scheme_documents import (
    Committee,
    CommitteeMember,
    Tender,
    committee_from_dict,
    committee_to_dict,
    tender_from_dict,
    tender_to_dict,
)
from repm_bids.domain.security_forms import SECURITY_FORMS, security_form

__all__ = ["Committee", "CommitteeMember", "Scheme", "SchemeError", "Tender"]

DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True, slots=True)
class NetWorthSlab:
    up_to: float
    min_crore: float


@dataclass(frozen=True, slots=True)
class SubsidySlab:
    up_to: float
    max_crore: float


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    weight: float
    better: str = "higher"


def _param(default: Any, table: str, title: str, meaning: str, source: str, **more: Any) -> Any:
    """A scheme field with its declaration (see ParamInfo) attached as field metadata."""
    return field(
        default=default,
        metadata={"param": {"table": table, "title": title, "meaning": meaning, "source": source, **more}},
    )


_SLABS = (
    NetWorthSlab(600.0, 180.0),
    NetWorthSlab(800.0, 245.0),
    NetWorthSlab(1000.0, 310.0),
    NetWorthSlab(1200.0, 375.0),
)
_SUBSIDY_SLABS = (
    SubsidySlab(600.0, 75.0),
    SubsidySlab(800.0, 100.0),
    SubsidySlab(1000.0, 125.0),
    SubsidySlab(1200.0, 150.0),
)
_CRITERIA = (Criterion("dva_pct", 0.7, "higher"), Criterion("capacity", 0.3, "higher"))


@dataclass(frozen=True, slots=True)
class Scheme:
    """Every evaluation parameter, each declared once here: default, TOML table, title, meaning, source, whether the
    default is published or assumed, unit, bounds and choices. The scheme file's comments, its validation, the
    application's scheme panel and the workbook's Parameters sheet are all made from these declarations (`PARAMS`)."""

    # [scheme]
    name: str = _param(
        "Scheme to Promote Manufacturing of Sintered Rare Earth Permanent Magnets",
        "scheme",
        "Scheme name",
        "Name of the scheme",
        "Gazette notification S.O. 5800(E), 15 Dec 2025",
        required=True,
    )
    capacity_unit: str = _param(
        units.CAPACITY, "scheme", "Capacity unit", "Unit of capacity", "Gazette notification", required=True
    )
    total_capacity: float = _param(
        6000.0,
        "scheme",
        "Capacity on offer",
        "Capacity on offer",
        "Gazette: 6,000 MTPA integrated",
        unit=units.CAPACITY,
        lo=0,
        lo_open=True,
        decimals=0,
        step=100,
    )
    max_beneficiaries: int = _param(
        5, "scheme", "Most beneficiaries", "Most beneficiaries selected", "Notification: 5 beneficiaries", lo=1
    )
    min_capacity: float = _param(
        600.0,
        "scheme",
        "Least capacity per bid",
        "Least capacity per bid and per award",
        "Notification: 600 MTPA",
        unit=units.CAPACITY,
        lo=0,
        lo_open=True,
        decimals=0,
        step=100,
    )
    max_capacity: float = _param(
        1200.0,
        "scheme",
        "Cap per beneficiary",
        "Most capacity per bid and per award (the per-beneficiary cap)",
        "Notification: 1,200 MTPA",
        unit=units.CAPACITY,
        lo=0,
        lo_open=True,
        decimals=0,
        step=100,
    )
    capacity_step: float = _param(
        100.0,
        "scheme",
        "Capacity step",
        "Bids and awards are multiples of this",
        "Notification (as reported)",
        unit=units.CAPACITY,
        lo=0,
        lo_open=True,
        decimals=0,
        step=100,
    )
    incentive_ceiling: float = _param(
        2150.0,
        "scheme",
        "Incentive ceiling",
        "Highest quote accepted; a quote above it is non-responsive",
        "Notification (as reported): INR 2,150/kg",
        unit=units.RUPEES_PER_KG,
        lo=0,
        lo_open=True,
    )
    incentive_years: int = _param(
        5,
        "scheme",
        "Incentive period",
        "Years of sales-linked incentive",
        "Cabinet release: 5 years",
        unit=units.YEARS,
        lo=1,
    )
    incentive_outlay_crore: float = _param(
        6450.0,
        "scheme",
        "Incentive outlay",
        "Sales-linked incentive outlay the liabilities are checked against",
        "Cabinet release: INR 6,450 crore",
        unit=units.CRORE,
        lo=0,
    )
    capital_subsidy_rate: float = _param(
        0.15,
        "scheme",
        "Capital subsidy rate",
        "Capital subsidy as a fraction of eligible investment",
        "As reported: 15% of eligible investment",
        lo=0,
        hi=1,
        decimals=3,
        step=0.01,
    )
    capital_subsidy_slabs: tuple[SubsidySlab, ...] = _param(
        _SUBSIDY_SLABS,
        "scheme",
        "Capital subsidy slabs",
        "Most capital subsidy per beneficiary by awarded capacity (first slab whose up_to covers it)",
        "As reported: INR 75 cr at 600 and INR 150 cr at 1,100 to 1,200 MTPA; slabs in between assumed",
        assumed=True,
        unit=units.CRORE,
    )
    capital_subsidy_outlay_crore: float = _param(
        750.0,
        "scheme",
        "Capital subsidy outlay",
        "Capital subsidy outlay the subsidies are checked against",
        "Cabinet release: INR 750 crore",
        unit=units.CRORE,
        lo=0,
    )
    total_outlay_crore: float = _param(
        7280.0,
        "scheme",
        "Total outlay",
        "Total outlay of the scheme (incentive and capital subsidy)",
        "Cabinet release: INR 7,280 crore",
        unit=units.CRORE,
        lo=0,
    )
    # [eligibility]
    net_worth_slabs: tuple[NetWorthSlab, ...] = _param(
        _SLABS,
        "eligibility",
        "Net worth slabs",
        "Least net worth by capacity offered (first slab whose up_to covers the capacity)",
        "One press report; slabs between the reported points assumed",
        assumed=True,
        unit=units.CRORE,
    )
    min_investment_crore_per_unit: float = _param(
        0.5,
        "eligibility",
        "Least investment",
        "Least proposed investment per MTPA offered",
        "As reported: INR 300 cr for 600 to INR 600 cr for 1,200 MTPA; linear in between assumed",
        assumed=True,
        unit=units.CRORE_PER_CAPACITY,
        lo=0,
        decimals=3,
        step=0.05,
    )
    max_commissioning_months: int = _param(
        24,
        "eligibility",
        "Latest commissioning",
        "Latest commissioning, months from award",
        "Cabinet release: 2-year gestation",
        unit=units.MONTHS,
        lo=1,
    )
    min_lead_equity_pct: float = _param(
        51.0,
        "eligibility",
        "Consortium lead equity",
        "Least equity of a consortium's lead member",
        "As reported: 51%",
        unit=units.PERCENT,
        lo=0,
        hi=100,
    )
    require_all_stages: bool = _param(
        True,
        "eligibility",
        "All three stages",
        "Plant must integrate oxide-to-metal, metal-to-alloy and alloy-to-magnet",
        "Gazette: integrated facilities",
    )
    require_dpr: bool = _param(
        True,
        "eligibility",
        "Detailed Project Report",
        "A Detailed Project Report must be submitted",
        "RFP (as reported)",
        assumed=True,
    )
    require_bid_security: bool = _param(
        True, "eligibility", "Bid security", "Bid security must be more than zero", "Amount not published", assumed=True
    )
    bid_security_crore_per_unit: float = _param(
        0.0,
        "eligibility",
        "Bid security per MTPA",
        "Least bid security per MTPA offered (0: any amount above zero)",
        "Not published; GFR rule 170(i): 2-5% of the estimated value",
        assumed=True,
        unit=units.CRORE,
        lo=0,
        decimals=4,
        step=0.001,
    )
    bid_security_slabs: tuple[NetWorthSlab, ...] = _param(
        (),
        "eligibility",
        "Bid security slabs",
        "Least bid security by capacity offered (first slab whose up_to covers it), in place of the amount per MTPA; "
        "empty: the amount per MTPA applies",
        "Not published; GFR rule 170(i): 2-5% of the estimated value",
        assumed=True,
        unit=units.CRORE,
    )
    bid_security_validity_days: int = _param(
        0,
        "eligibility",
        "Bid security validity",
        "Least days the bid security stays valid after the bid's submission (0: not checked)",
        "Not published",
        assumed=True,
        lo=0,
        hi=3650,
    )
    bid_security_forms: tuple[str, ...] = _param(
        SECURITY_FORMS,
        "eligibility",
        "Bid security forms accepted",
        "Forms of bid security accepted; a bid whose Bid security form names another fails (names: "
        + ", ".join(SECURITY_FORMS)
        + ")",
        "GFR 2017 rule 170(i), as amended 5 Aug 2022: every form it lists; which the RFP accepts is not published",
        assumed=True,
    )
    require_bid_security_form: bool = _param(
        False,
        "eligibility",
        "Bid security form stated",
        "Every bid must state its bid security's form (a stated form is checked either way)",
        "Not published",
        assumed=True,
    )
    land_border_countries: tuple[str, ...] = _param(
        ("Afghanistan", "Bangladesh", "Bhutan", "China", "Myanmar", "Nepal", "Pakistan"),
        "eligibility",
        "Land-border countries",
        "Countries sharing a land border with India: a bidder incorporated there must be registered with the "
        "competent authority and give the registration's reference",
        "GFR 2017 rule 144(xi); Department of Expenditure orders of 23 Jul 2020",
    )
    require_debarment_declaration: bool = _param(
        False,
        "eligibility",
        "Debarment declaration",
        "Every bid must declare it is not debarred (a bid declaring No fails either way)",
        "GFR 2017 rule 151; whether the RFP asks for it is not published",
        assumed=True,
    )
    group_rule: str = _param(
        "reject_all",
        "eligibility",
        "Group rule",
        'Group bids: "reject_all" (every bid of a group that bid more than once is non-responsive), '
        '"cap" (a group\'s awards together stay within max_capacity) or "none"',
        "Not published; solar PV PLI tranche II single-bid rule followed",
        assumed=True,
        choices=(
            ("reject_all", "Reject every bid of a group that bid twice"),
            ("cap", "Cap a group's awards together"),
            ("none", "No group rule"),
        ),
    )
    # [evaluation]
    method: str = _param(
        "lcs",
        "evaluation",
        "Method",
        '"lcs": rank by quoted incentive, lowest first; "qcbs": by combined score, highest first',
        "PIB 7 Apr 2026: Least Cost System",
        choices=(("lcs", "LCS: lowest quote first"), ("qcbs", "QCBS: highest combined score first")),
    )
    technical_weight: float = _param(
        0.8,
        "evaluation",
        "Technical weight",
        "QCBS weight of the technical score (at most 0.8)",
        "GFR 2017 rule 192",
        assumed=True,
        lo=0,
        hi=0.8,
        why="GFR rule 192",
        decimals=3,
        step=0.05,
    )
    financial_weight: float = _param(
        0.2,
        "evaluation",
        "Financial weight",
        "QCBS weight of the financial score (technical + financial = 1)",
        "GFR 2017 rule 192",
        assumed=True,
        lo=0,
        hi=1,
        decimals=3,
        step=0.05,
    )
    min_technical_score: float = _param(
        0.0,
        "evaluation",
        "Least technical score",
        "QCBS: a bid whose technical score is below this is non-responsive",
        "Not published",
        assumed=True,
        lo=0,
        hi=100,
    )
    score_decimals: int = _param(
        3,
        "evaluation",
        "Score decimals",
        "Scores are rounded half up to this many decimals",
        "Assumed",
        assumed=True,
        lo=0,
        hi=6,
    )
    quote_basis: str = _param(
        "per_kg",
        "evaluation",
        "Bids quote",
        '"per_kg": a bid quotes the incentive in INR per kg of magnets sold, paid on the awarded capacity for '
        'incentive_years; "total_crore": a bid quotes the whole incentive it asks, INR crore (its ceiling is '
        "capacity x 1,000 x incentive_years x incentive_ceiling / 10^7); either way the lowest quote ranks first",
        "Assumed: the RFP's bid parameter is not public",
        assumed=True,
        choices=(("per_kg", "INR per kg sold"), ("total_crore", "Total incentive, INR crore")),
    )
    price_paid: str = _param(
        "own_quote",
        "evaluation",
        "Price paid",
        '"own_quote": each awardee is paid the incentive it quoted; "l1_rate": every awardee is paid the rate of the '
        "L1 bid (the lowest qualified quote, in INR per kg sold; under total_crore its total over its capacity for "
        "incentive_years). Decides the incentive liability, not the ranking",
        "Assumed: the RFP's payment terms are not public",
        assumed=True,
        choices=(("own_quote", "Each awardee its own quote"), ("l1_rate", "Every awardee L1's rate")),
    )
    min_quote: float = _param(
        0.0,
        "evaluation",
        "Least quote accepted",
        "Lowest quote accepted, in the quote's unit; 0 means a bid asking for no incentive is valid",
        "Assumed",
        assumed=True,
        lo=0,
    )
    abnormally_low: float = _param(
        0.0,
        "evaluation",
        "Abnormally low below",
        "A quote below this fraction of its ceiling is flagged for the committee (0: off); the result stays "
        "provisional until the committee accepts or rejects the quote (its own decision, Low quote accepted; a "
        "rejected quote puts the bid out)",
        "Assumed; GFR practice: seek a justification of an abnormally low bid",
        assumed=True,
        lo=0,
        hi=0.999,
        decimals=3,
        step=0.05,
    )
    criteria: tuple[Criterion, ...] = _param(
        _CRITERIA,
        "evaluation",
        "Technical criteria",
        "QCBS technical criteria: bid field = weight and direction; weights sum to 1",
        "ACC battery PLI (DVA 0.7, capacity 0.3)",
        assumed=True,
    )
    # [allocation]
    partial: str = _param(
        "allow",
        "allocation",
        "Partial awards",
        '"allow": the marginal bid may get less than it offered; "none": whole bids only',
        "Not published; SECI bucket filling",
        assumed=True,
        choices=(("allow", "Allow a partial award"), ("none", "Whole bids only")),
    )
    tie_break: tuple[str, ...] = _param(
        ("capacity_desc", "received_at", "draw"),
        "allocation",
        "Tie-break order",
        "Order of the rules that break ties: capacity_desc, received_at, submitted_at, lot, draw. What they leave "
        "tied is the committee's draw when the order decides an award, else the bid reference order",
        "Not published; GFR: stated in advance; a tie that decides an award is settled by a draw of lots",
        assumed=True,
        choices=(
            ("capacity_desc", "More capacity offered first"),
            ("received_at", "Earlier receipt first (receipt register)"),
            ("draw", "Draw of lots by the committee"),
            ("submitted_at", "Earlier submission first (as the bidder typed it)"),
            ("lot", "Seeded lot, drawn from the prices opened"),
        ),
    )
    lot_seed: int = _param(
        20260630,
        "allocation",
        "Lot seed",
        "Seed of the lot, when a scheme names the rule lot (drawn with the prices opened, so no one knows it before)",
        "Assumed (date of opening)",
        assumed=True,
        lo=0,
        hi=2**31 - 1,
    )
    irel_pool: float = _param(
        500.0,
        "allocation",
        "IREL NdPr oxide pool",
        "NdPr oxide from IREL shared by the first awardees",
        "Notification (as reported)",
        unit=units.CAPACITY,
        lo=0,
        decimals=0,
        step=100,
    )
    irel_ranks: int = _param(
        3,
        "allocation",
        "IREL shared by first",
        "How many of the first awardees share the IREL oxide",
        "Notification (as reported): L1-L3",
        lo=0,
    )
    irel_split: str | tuple[float, ...] = _param(
        "pro_rata",
        "allocation",
        "IREL oxide split",
        'How the IREL oxide is shared: "pro_rata" (in proportion to the awards), "equal", or a list of MTPA by '
        "rank (one figure per sharing awardee, e.g. [200, 175, 125])",
        "Assumed: the split is not published",
        assumed=True,
        unit=units.CAPACITY,
    )
    # [process]
    covers: int = _param(
        2,
        "process",
        "Sealed covers",
        "2: technical covers are evaluated and approved first, prices opened after; 1: one pass over forms that hold"
        " both (practice runs, schemes with one cover)",
        "GFR rule 193 (two-cover Least Cost System: financial bids opened only after the technical evaluation)",
        assumed=True,
        lo=1,
        hi=2,
        why="one or two covers",
    )
    price_in_technical: str = _param(
        "reject",
        "process",
        "Price in a technical cover",
        '"reject": a technical cover that holds a price fails the check sealed_price; "warn": a warning only',
        "GFR: the price is sealed in the financial cover",
        assumed=True,
        choices=(("reject", "The bid fails the check sealed_price"), ("warn", "A warning; the price is not read")),
    )
    # [tender] and [committee]: what the papers name (domain.scheme_documents); no figure depends on them
    tender: Tender = field(default=Tender())
    committee: Committee = field(default=Committee())

    def with_changes(self, **changes: Any) -> Scheme:
        return replace(self, **changes)

    def min_net_worth(self, capacity: float) -> float | None:
        """The net worth needed for this capacity: the first slab whose `up_to` covers it; None above every slab."""
        for slab in self.net_worth_slabs:
            if capacity <= slab.up_to:
                return slab.min_crore
        return None

    def min_bid_security(self, capacity: float) -> float:
        """The bid security needed for this capacity: its slab's figure where slabs are given (the last slab's above
        every slab), else the amount per MTPA times the capacity (0: any amount above zero)."""
        for slab in self.bid_security_slabs:
            if capacity <= slab.up_to + 1e-9:
                return slab.min_crore
        if self.bid_security_slabs:
            return self.bid_security_slabs[-1].min_crore
        return self.bid_security_crore_per_unit * capacity

    def max_capital_subsidy(self, capacity: float) -> float:
        """The most capital subsidy one beneficiary of this capacity can get: its slab's figure, the last slab's
        above every slab."""
        for slab in self.capital_subsidy_slabs:
            if capacity <= slab.up_to + 1e-9:
                return slab.max_crore
        return self.capital_subsidy_slabs[-1].max_crore if self.capital_subsidy_slabs else 0.0

    def quote_ceiling(self, capacity: float) -> float:
        """The highest quote accepted for a bid of this capacity, in the quote's own unit: INR/kg, or under
        `total_crore` the whole incentive in INR crore (capacity x 1,000 x years x ceiling / 10^7)."""
        if self.quote_basis == "total_crore":
            return capacity * 1000.0 * self.incentive_years * self.incentive_ceiling / 1e7
        return self.incentive_ceiling


@dataclass(frozen=True, slots=True)
class ParamInfo:
    """One scheme parameter as declared on `Scheme`: which TOML table it sits in, its short title, what it means,
    where its default comes from and whether that default is published or assumed, its unit, the bounds its value
    must keep (checked by `validate_scheme`; `why` names the rule behind them), the allowed values of a choice with
    what each means, and how finely it is entered (`decimals`, `step`)."""

    key: str
    table: str
    title: str
    meaning: str
    source: str
    assumed: bool = False
    unit: str = ""
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # lo itself is not allowed: "more than lo"
    why: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False  # text that must not be empty
    decimals: int = 2
    step: float = 1.0

    @property
    def name(self) -> str:
        """'scheme.total_capacity': how messages and the scheme file name the parameter."""
        return f"{self.table}.{self.key}"

    @property
    def status(self) -> str:
        """Whether the default is the published figure or an assumption no public source settled."""
        return "assumed default" if self.assumed else "published"

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    def rule(self) -> str | None:
        """The bounds in words ('more than 0', 'at least 1', 'from 0 to 0.8'), or None when not bounded."""
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            return f"from {_num(lo)} to {_num(hi)}"
        if lo is not None and self.lo_open:
            return f"more than {_num(lo)}"
        if lo is not None:
            return f"at least {_num(lo)}"
        if hi is not None:
            return f"at most {_num(hi)}"
        return None

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` for this parameter alone (its bounds, its choices, not empty), or None."""
        if self.choices and isinstance(value, str) and value not in self.allowed:
            return f"must be one of {', '.join(self.allowed)}, not {value!r}"
        if self.required and isinstance(value, str) and not value.strip():
            return "must not be empty"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        low = self.lo is not None and (value <= self.lo if self.lo_open else value < self.lo)
        if low or (self.hi is not None and value > self.hi):
            why = f" ({self.why})" if self.why else ""
            return f"{_num(value)} must be {self.rule()}{why}"
        return None


PARAMS: tuple[ParamInfo, ...] = tuple(
    ParamInfo(f.name, **f.metadata["param"]) for f in fields(Scheme) if "param" in f.metadata
)

PARAMS_BY_KEY: dict[str, ParamInfo] = {p.key: p for p in PARAMS}
TABLES: tuple[str, ...] = ("scheme", "eligibility", "evaluation", "allocation", "process", "tender", "committee")
DOCUMENT_TABLES = ("tender", "committee")


class SchemeError(ValueError):
    """Raised by `scheme_from_dict` with every problem found, each naming the key."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def scheme_to_dict(scheme: Scheme) -> dict[str, dict[str, Any]]:
    """The effective parameters, grouped by TOML table (the shape of the scheme file and of the JSON 'scheme')."""
    out: dict[str, dict[str, Any]] = {t: {} for t in TABLES if t not in DOCUMENT_TABLES}
    for info in PARAMS:
        value = getattr(scheme, info.key)
        if info.key in ("net_worth_slabs", "bid_security_slabs"):
            value = [{"up_to": _num(s.up_to), "min_crore": _num(s.min_crore)} for s in value]
        elif info.key == "capital_subsidy_slabs":
            value = [{"up_to": _num(s.up_to), "max_crore": _num(s.max_crore)} for s in value]
        elif info.key in ("land_border_countries", "bid_security_forms"):
            value = list(value)
        elif info.key == "irel_split" and not isinstance(value, str):
            value = [_num(x) for x in value]
        elif info.key == "criteria":
            value = {c.key: {"weight": c.weight, "better": c.better} for c in value}
        elif info.key == "tie_break":
            value = list(value)
        elif isinstance(value, float):
            value = _num(value)
        out[info.table][info.key] = value
    # only when given, so that a scheme without them keeps the result (and its digest) it always had
    if scheme.tender != Tender():
        out["tender"] = tender_to_dict(scheme.tender)
    if scheme.committee != Committee():
        out["committee"] = committee_to_dict(scheme.committee)
    return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def scheme_from_dict(doc: Mapping[str, Any]) -> Scheme:
    """Build a Scheme from a parsed scheme document; raise SchemeError naming every bad key."""
    errs: list[str] = []
    values: dict[str, Any] = {}
    defaults = Scheme()
    for table, body in doc.items():
        if table not in TABLES:
            errs.append(f"[{table}]: unknown table (expected one of {', '.join(TABLES)})")
            continue
        if not isinstance(body, Mapping):
            errs.append(f"[{table}]: must be a table")
            continue
        if table == "tender":
            values["tender"] = tender_from_dict(body, errs)
            continue
        if table == "committee":
            values["committee"] = committee_from_dict(body, errs)
            continue
        for key, raw in body.items():
            info = PARAMS_BY_KEY.get(key)
            if info is None or info.table != table:
                hint = f" (it belongs in [{PARAMS_BY_KEY[key].table}])" if key in PARAMS_BY_KEY else ""
                errs.append(f"{table}.{key}: unknown key{hint}")
                continue
            try:
                values[key] = _convert(key, raw, getattr(defaults, key))
            except ValueError as exc:
                errs.append(f"{table}.{key}: {exc}")
    if errs:
        raise SchemeError(errs)
    scheme = replace(defaults, **values)
    problems = validate_scheme(scheme)
    if problems:
        raise SchemeError(problems)
    return scheme


def _convert(key: str, raw: Any, default: Any) -> Any:
    if key in ("net_worth_slabs", "bid_security_slabs"):
        if not isinstance(raw, list) or (not raw and key == "net_worth_slabs"):
            raise ValueError("must be a list of { up_to = ..., min_crore = ... }")
        slabs = []
        for i, s in enumerate(raw, 1):
            if not isinstance(s, Mapping) or set(s) != {"up_to", "min_crore"}:
                raise ValueError(f"slab {i} must have exactly up_to and min_crore")
            slabs.append(
                NetWorthSlab(_number(s["up_to"], f"slab {i} up_to"), _number(s["min_crore"], f"slab {i} min_crore"))
            )
        return tuple(slabs)
    if key == "capital_subsidy_slabs":
        if not isinstance(raw, list) or not raw:
            raise ValueError("must be a list of { up_to = ..., max_crore = ... }")
        out = []
        for i, sl in enumerate(raw, 1):
            if not isinstance(sl, Mapping) or set(sl) != {"up_to", "max_crore"}:
                raise ValueError(f"slab {i} must have exactly up_to and max_crore")
            out.append(
                SubsidySlab(_number(sl["up_to"], f"slab {i} up_to"), _number(sl["max_crore"], f"slab {i} max_crore"))
            )
        return tuple(out)
    if key == "land_border_countries":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ValueError('must be a list of country names, e.g. ["China", "Pakistan"]')
        return tuple(x.strip() for x in raw if x.strip())
    if key == "bid_security_forms":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ValueError('must be a list of forms, e.g. ["Bank guarantee", "Demand draft"]')
        forms = []
        for x in raw:
            form = security_form(x)
            if form is None:
                raise ValueError(f"{x!r} is not a form of bid security (forms: {', '.join(SECURITY_FORMS)})")
            forms.append(form)
        return tuple(dict.fromkeys(forms))
    if key == "irel_split":
        if isinstance(raw, str):
            return raw
        if not isinstance(raw, list) or not raw:
            raise ValueError('must be "pro_rata", "equal" or a list of MTPA by rank, e.g. [200, 175, 125]')
        return tuple(_number(x, f"share {i}") for i, x in enumerate(raw, 1))
    if key == "criteria":
        if not isinstance(raw, Mapping) or not raw:
            raise ValueError('must be a table of field = { weight = ..., better = "higher"|"lower" }')
        crit = []
        for fkey, spec in raw.items():
            if fkey not in NUMERIC_KEYS:
                raise ValueError(f"{fkey} is not a numeric bid field (one of {', '.join(NUMERIC_KEYS)})")
            if not isinstance(spec, Mapping) or "weight" not in spec or set(spec) - {"weight", "better"}:
                raise ValueError(f'{fkey} must be {{ weight = ..., better = "higher"|"lower" }}')
            better = spec.get("better", "higher")
            if better not in DIRECTIONS:
                raise ValueError(f'{fkey}.better must be "higher" or "lower", not {better!r}')
            crit.append(Criterion(fkey, _number(spec["weight"], f"{fkey}.weight"), better))
        return tuple(crit)
    if key == "tie_break":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ValueError(f"must be a list of rule names ({', '.join(TIE_BREAK_RULES)})")
        bad = [x for x in raw if x not in TIE_BREAK_RULES]
        if bad:
            raise ValueError(f"unknown rule {bad[0]!r} (rules: {', '.join(TIE_BREAK_RULES)})")
        if len(set(raw)) != len(raw):
            raise ValueError("names a rule twice")
        return tuple(raw)
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise ValueError(f"must be true or false, not {raw!r}")
        return raw
    if isinstance(default, int) and not isinstance(default, bool) and key not in _FLOAT_KEYS:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not float(raw).is_integer():
            raise ValueError(f"must be a whole number, not {raw!r}")
        return int(raw)
    if isinstance(default, int | float):
        return _number(raw, "value")
    if isinstance(default, str):
        if not isinstance(raw, str):
            raise ValueError(f"must be text in quotes, not {raw!r}")
        return raw
    raise ValueError("unsupported value")  # pragma: no cover - every key is covered above


_FLOAT_KEYS = {f.name for f in fields(Scheme) if f.type in ("float",)}


def _number(raw: Any, what: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"{what} must be a number, not {raw!r}")
    x = float(raw)
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError(f"{what} must be a finite number")
    return x


def validate_scheme(s: Scheme) -> list[str]:
    """Every impossible value or combination, each message naming the key. Empty when the scheme can be used.

    Each parameter's own bounds and choices come from its declaration (`ParamInfo.problem`); the rules that tie
    parameters together follow."""
    e: list[str] = []
    for info in PARAMS:
        problem = info.problem(getattr(s, info.key))
        if problem:
            e.append(f"{info.name}: {problem}")
    if s.min_capacity > s.max_capacity:
        e.append(f"scheme.min_capacity: {_num(s.min_capacity)} is above max_capacity {_num(s.max_capacity)}")
    if s.capacity_step > 0:
        for key in ("min_capacity", "max_capacity", "total_capacity"):
            v = getattr(s, key)
            if v > 0 and not _divides(s.capacity_step, v):
                e.append(f"scheme.capacity_step: {_num(s.capacity_step)} does not divide {key} {_num(v)}")
    ups = [sl.up_to for sl in s.net_worth_slabs]
    if ups != sorted(ups) or len(set(ups)) != len(ups):
        e.append("eligibility.net_worth_slabs: up_to must increase from slab to slab")
    if any(sl.min_crore < 0 or sl.up_to <= 0 for sl in s.net_worth_slabs):
        e.append("eligibility.net_worth_slabs: up_to must be more than 0 and min_crore not negative")
    if s.net_worth_slabs and s.net_worth_slabs[-1].up_to < s.max_capacity:
        e.append(
            f"eligibility.net_worth_slabs: the last slab (up_to {_num(s.net_worth_slabs[-1].up_to)}) "
            f"must cover max_capacity {_num(s.max_capacity)}"
        )
    if abs(s.technical_weight + s.financial_weight - 1) > 1e-9:
        e.append(
            f"evaluation.financial_weight: technical_weight {s.technical_weight} + financial_weight "
            f"{s.financial_weight} must sum to 1"
        )
    if s.criteria:
        total = sum(c.weight for c in s.criteria)
        if abs(total - 1) > 1e-9:
            e.append(f"evaluation.criteria: weights sum to {round(total, 9)}, not 1")
        if any(c.weight < 0 for c in s.criteria):
            e.append("evaluation.criteria: a weight is negative")
        if any(c.key not in FIELDS_BY_KEY for c in s.criteria):
            e.append("evaluation.criteria: names an unknown field")
    elif s.method == "qcbs":
        e.append("evaluation.criteria: qcbs needs at least one criterion")
    if not s.tie_break:
        e.append("allocation.tie_break: name at least one rule (the committee's draw settles what is left)")
    elif "draw" in s.tie_break and s.tie_break[-1] != "draw":
        e.append("allocation.tie_break: a rule after draw never decides anything; put draw last")
    cups = [sl.up_to for sl in s.capital_subsidy_slabs]
    if cups != sorted(cups) or len(set(cups)) != len(cups):
        e.append("scheme.capital_subsidy_slabs: up_to must increase from slab to slab")
    if any(sl.max_crore < 0 or sl.up_to <= 0 for sl in s.capital_subsidy_slabs):
        e.append("scheme.capital_subsidy_slabs: up_to must be more than 0 and max_crore not negative")
    if s.quote_basis == "per_kg" and s.min_quote > s.incentive_ceiling:
        e.append(f"evaluation.min_quote: {_num(s.min_quote)} is above incentive_ceiling {_num(s.incentive_ceiling)}")
    sups = [sl.up_to for sl in s.bid_security_slabs]
    if sups != sorted(sups) or len(set(sups)) != len(sups):
        e.append("eligibility.bid_security_slabs: up_to must increase from slab to slab")
    if any(sl.min_crore < 0 or sl.up_to <= 0 for sl in s.bid_security_slabs):
        e.append("eligibility.bid_security_slabs: up_to must be more than 0 and min_crore not negative")
    if s.bid_security_slabs and s.bid_security_slabs[-1].up_to < s.max_capacity:
        e.append(
            f"eligibility.bid_security_slabs: the last slab (up_to {_num(s.bid_security_slabs[-1].up_to)}) "
            f"must cover max_capacity {_num(s.max_capacity)}"
        )
    if s.bid_security_slabs and s.bid_security_crore_per_unit > 0:
        e.append("eligibility.bid_security_slabs: give slabs or bid_security_crore_per_unit, not both")
    if not s.bid_security_forms:
        e.append("eligibility.bid_security_forms: name at least one form of bid security")
    unknown = [f for f in s.bid_security_forms if f not in SECURITY_FORMS]
    if unknown:
        e.append(
            f"eligibility.bid_security_forms: {unknown[0]!r} is not a form of bid security "
            f"(forms: {', '.join(SECURITY_FORMS)})"
        )
    e.extend(_irel_split_problems(s))
    return e


IREL_SPLITS = ("pro_rata", "equal")


def _irel_split_problems(s: Scheme) -> list[str]:
    split = s.irel_split
    if isinstance(split, str):
        if split not in IREL_SPLITS:
            return [f"allocation.irel_split: must be one of {', '.join(IREL_SPLITS)} or a list of MTPA, not {split!r}"]
        return []
    e = []
    if len(split) != s.irel_ranks:
        e.append(f"allocation.irel_split: gives {len(split)} shares for irel_ranks {s.irel_ranks}")
    if any(x < 0 for x in split):
        e.append("allocation.irel_split: a share is negative")
    if sum(split) > s.irel_pool + 1e-9:
        e.append(f"allocation.irel_split: shares sum to {_num(sum(split))}, more than irel_pool {_num(s.irel_pool)}")
    return e


def _divides(step: float, value: float) -> bool:
    q = value / step
    return abs(q - round(q)) < 1e-9


TIE_BREAK_RULES = PARAMS_BY_KEY["tie_break"].allowed  # every rule, in the default order
METHODS = PARAMS_BY_KEY["method"].allowed
GROUP_RULES = PARAMS_BY_KEY["group_rule"].allowed
PARTIAL_RULES = PARAMS_BY_KEY["partial"].allowed
