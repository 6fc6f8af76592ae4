"""The scheme: every evaluation parameter, its default, its meaning and where the default comes from.

`scheme_from_dict` turns a parsed TOML document into a `Scheme` or a list of problems naming the key; it does no
file access (the TOML file itself is read in `repm_bids.io.scheme_file`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

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

__all__ = ["Committee", "CommitteeMember", "Scheme", "SchemeError", "Tender"]

TIE_BREAK_RULES = ("capacity_desc", "submitted_at", "lot")
METHODS = ("lcs", "qcbs")
GROUP_RULES = ("reject_all", "cap", "none")
PARTIAL_RULES = ("allow", "none")
DIRECTIONS = ("higher", "lower")
QUOTE_BASES = ("per_kg", "total_crore")
IREL_SPLITS = ("pro_rata", "equal")


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


@dataclass(frozen=True, slots=True)
class Scheme:
    # [scheme]
    name: str = "Scheme to Promote Manufacturing of Sintered Rare Earth Permanent Magnets"
    capacity_unit: str = "MTPA"
    total_capacity: float = 6000.0
    max_beneficiaries: int = 5
    min_capacity: float = 600.0
    max_capacity: float = 1200.0
    capacity_step: float = 100.0
    incentive_ceiling: float = 2150.0
    incentive_years: int = 5
    incentive_outlay_crore: float = 6450.0
    capital_subsidy_rate: float = 0.15
    capital_subsidy_slabs: tuple[SubsidySlab, ...] = (
        SubsidySlab(600.0, 75.0),
        SubsidySlab(800.0, 100.0),
        SubsidySlab(1000.0, 125.0),
        SubsidySlab(1200.0, 150.0),
    )
    capital_subsidy_outlay_crore: float = 750.0
    total_outlay_crore: float = 7280.0
    # [eligibility]
    net_worth_slabs: tuple[NetWorthSlab, ...] = (
        NetWorthSlab(600.0, 180.0),
        NetWorthSlab(800.0, 245.0),
        NetWorthSlab(1000.0, 310.0),
        NetWorthSlab(1200.0, 375.0),
    )
    min_investment_crore_per_unit: float = 0.5
    max_commissioning_months: int = 24
    min_lead_equity_pct: float = 51.0
    require_all_stages: bool = True
    require_dpr: bool = True
    require_bid_security: bool = True
    group_rule: str = "reject_all"
    # [evaluation]
    method: str = "lcs"
    technical_weight: float = 0.8
    financial_weight: float = 0.2
    min_technical_score: float = 0.0
    score_decimals: int = 3
    criteria: tuple[Criterion, ...] = (Criterion("dva_pct", 0.7, "higher"), Criterion("capacity", 0.3, "higher"))
    quote_basis: str = "per_kg"
    min_quote: float = 0.0
    abnormally_low: float = 0.0
    # [allocation]
    partial: str = "allow"
    tie_break: tuple[str, ...] = TIE_BREAK_RULES
    lot_seed: int = 20260630
    irel_pool: float = 500.0
    irel_ranks: int = 3
    irel_split: str | tuple[float, ...] = "pro_rata"
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
    """What a scheme key means, which TOML table it sits in, and whether its default is published or assumed."""

    table: str
    key: str
    meaning: str
    source: str
    assumed: bool
    unit: str = ""


PARAMS: tuple[ParamInfo, ...] = (
    ParamInfo("scheme", "name", "Name of the scheme", "Gazette notification S.O. 5800(E), 15 Dec 2025", False),
    ParamInfo("scheme", "capacity_unit", "Unit of capacity", "Gazette notification", False),
    ParamInfo("scheme", "total_capacity", "Capacity on offer", "Gazette: 6,000 MTPA integrated", False, "MTPA"),
    ParamInfo("scheme", "max_beneficiaries", "Most beneficiaries selected", "Notification: 5 beneficiaries", False),
    ParamInfo(
        "scheme", "min_capacity", "Least capacity per bid and per award", "Notification: 600 MTPA", False, "MTPA"
    ),
    ParamInfo(
        "scheme",
        "max_capacity",
        "Most capacity per bid and per award (the per-beneficiary cap)",
        "Notification: 1,200 MTPA",
        False,
        "MTPA",
    ),
    ParamInfo(
        "scheme", "capacity_step", "Bids and awards are multiples of this", "Notification (as reported)", False, "MTPA"
    ),
    ParamInfo(
        "scheme",
        "incentive_ceiling",
        "Highest quote accepted; a quote above it is non-responsive",
        "Notification (as reported): INR 2,150/kg",
        False,
        "INR/kg",
    ),
    ParamInfo(
        "scheme", "incentive_years", "Years of sales-linked incentive", "Cabinet release: 5 years", False, "years"
    ),
    ParamInfo(
        "scheme",
        "incentive_outlay_crore",
        "Sales-linked incentive outlay the liabilities are checked against",
        "Cabinet release: INR 6,450 crore",
        False,
        "INR crore",
    ),
    ParamInfo(
        "scheme",
        "capital_subsidy_rate",
        "Capital subsidy as a fraction of eligible investment",
        "As reported: 15% of eligible investment",
        False,
    ),
    ParamInfo(
        "scheme",
        "capital_subsidy_slabs",
        "Most capital subsidy per beneficiary by awarded capacity (first slab whose up_to covers it)",
        "As reported: INR 75 cr at 600 and INR 150 cr at 1,100 to 1,200 MTPA; slabs in between assumed",
        True,
        "INR crore",
    ),
    ParamInfo(
        "scheme",
        "capital_subsidy_outlay_crore",
        "Capital subsidy outlay the subsidies are checked against",
        "Cabinet release: INR 750 crore",
        False,
        "INR crore",
    ),
    ParamInfo(
        "scheme",
        "total_outlay_crore",
        "Total outlay of the scheme (incentive and capital subsidy)",
        "Cabinet release: INR 7,280 crore",
        False,
        "INR crore",
    ),
    ParamInfo(
        "eligibility",
        "net_worth_slabs",
        "Least net worth by capacity offered (first slab whose up_to covers the capacity)",
        "One press report; slabs between the reported points assumed",
        True,
        "INR crore",
    ),
    ParamInfo(
        "eligibility",
        "min_investment_crore_per_unit",
        "Least proposed investment per MTPA offered",
        "As reported: INR 300 cr for 600 to INR 600 cr for 1,200 MTPA; linear in between assumed",
        True,
        "INR crore/MTPA",
    ),
    ParamInfo(
        "eligibility",
        "max_commissioning_months",
        "Latest commissioning, months from award",
        "Cabinet release: 2-year gestation",
        False,
        "months",
    ),
    ParamInfo(
        "eligibility",
        "min_lead_equity_pct",
        "Least equity of a consortium's lead member",
        "As reported: 51%",
        False,
        "%",
    ),
    ParamInfo(
        "eligibility",
        "require_all_stages",
        "Plant must integrate oxide-to-metal, metal-to-alloy and alloy-to-magnet",
        "Gazette: integrated facilities",
        False,
    ),
    ParamInfo("eligibility", "require_dpr", "A Detailed Project Report must be submitted", "RFP (as reported)", True),
    ParamInfo(
        "eligibility", "require_bid_security", "Bid security must be more than zero", "Amount not published", True
    ),
    ParamInfo(
        "eligibility",
        "group_rule",
        'Group bids: "reject_all" (every bid of a group that bid more than once is non-responsive), '
        '"cap" (a group\'s awards together stay within max_capacity) or "none"',
        "Not published; solar PV PLI tranche II single-bid rule followed",
        True,
    ),
    ParamInfo(
        "evaluation",
        "method",
        '"lcs": rank by quoted incentive, lowest first; "qcbs": by combined score, highest first',
        "PIB 7 Apr 2026: Least Cost System",
        False,
    ),
    ParamInfo(
        "evaluation", "technical_weight", "QCBS weight of the technical score (at most 0.8)", "GFR 2017 rule 192", True
    ),
    ParamInfo(
        "evaluation",
        "financial_weight",
        "QCBS weight of the financial score (technical + financial = 1)",
        "GFR 2017 rule 192",
        True,
    ),
    ParamInfo(
        "evaluation",
        "min_technical_score",
        "QCBS: a bid whose technical score is below this is non-responsive",
        "Not published",
        True,
    ),
    ParamInfo("evaluation", "score_decimals", "Scores are rounded half up to this many decimals", "Assumed", True),
    ParamInfo(
        "evaluation",
        "quote_basis",
        '"per_kg": a bid quotes the incentive in INR per kg of magnets sold, paid on the awarded capacity for '
        'incentive_years; "total_crore": a bid quotes the whole incentive it asks, INR crore (its ceiling is '
        "capacity x 1,000 x incentive_years x incentive_ceiling / 10^7); either way the lowest quote ranks first",
        "Assumed: the RFP's bid parameter is not public",
        True,
    ),
    ParamInfo(
        "evaluation",
        "min_quote",
        "Lowest quote accepted, in the quote's unit; 0 means a bid asking for no incentive is valid",
        "Assumed",
        True,
    ),
    ParamInfo(
        "evaluation",
        "abnormally_low",
        "A quote below this fraction of its ceiling is flagged for the committee (0: off); the result stays "
        "provisional until the committee records the bid qualified (accepts) or not qualified (rejects)",
        "Assumed; GFR practice: seek a justification of an abnormally low bid",
        True,
    ),
    ParamInfo(
        "evaluation",
        "criteria",
        "QCBS technical criteria: bid field = weight and direction; weights sum to 1",
        "ACC battery PLI (DVA 0.7, capacity 0.3)",
        True,
    ),
    ParamInfo(
        "allocation",
        "partial",
        '"allow": the marginal bid may get less than it offered; "none": whole bids only',
        "Not published; SECI bucket filling",
        True,
    ),
    ParamInfo(
        "allocation",
        "tie_break",
        "Order of the rules that break ties: capacity_desc, submitted_at, lot",
        "Not published; GFR: stated in advance",
        True,
    ),
    ParamInfo("allocation", "lot_seed", "Seed of the reproducible draw of lots", "Assumed (date of opening)", True),
    ParamInfo(
        "allocation",
        "irel_pool",
        "NdPr oxide from IREL shared by the first awardees",
        "Notification (as reported)",
        False,
        "MTPA",
    ),
    ParamInfo(
        "allocation",
        "irel_ranks",
        "How many of the first awardees share the IREL oxide",
        "Notification (as reported): L1-L3",
        False,
    ),
    ParamInfo(
        "allocation",
        "irel_split",
        'How the IREL oxide is shared: "pro_rata" (in proportion to the awards), "equal", or a list of MTPA by '
        "rank (one figure per sharing awardee, e.g. [200, 175, 125])",
        "Assumed: the split is not published",
        True,
        "MTPA",
    ),
)

PARAMS_BY_KEY: dict[str, ParamInfo] = {p.key: p for p in PARAMS}
TABLES: tuple[str, ...] = ("scheme", "eligibility", "evaluation", "allocation", "tender", "committee")
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
        if info.key == "net_worth_slabs":
            value = [{"up_to": _num(s.up_to), "min_crore": _num(s.min_crore)} for s in value]
        elif info.key == "capital_subsidy_slabs":
            value = [{"up_to": _num(s.up_to), "max_crore": _num(s.max_crore)} for s in value]
        elif info.key == "criteria":
            value = {c.key: {"weight": c.weight, "better": c.better} for c in value}
        elif info.key == "tie_break":
            value = list(value)
        elif info.key == "irel_split" and not isinstance(value, str):
            value = [_num(x) for x in value]
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
    if key == "net_worth_slabs":
        if not isinstance(raw, list) or not raw:
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
    if key == "irel_split":
        if isinstance(raw, str):
            return raw
        if not isinstance(raw, list) or not raw:
            raise ValueError('must be "pro_rata", "equal" or a list of MTPA by rank, e.g. [200, 175, 125]')
        return tuple(_number(x, f"share {i}") for i, x in enumerate(raw, 1))
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
    """Every impossible combination, each message naming the key. Empty when the scheme can be used."""
    e: list[str] = []
    choice = {"method": METHODS, "group_rule": GROUP_RULES, "partial": PARTIAL_RULES, "quote_basis": QUOTE_BASES}
    for key, allowed in choice.items():
        if getattr(s, key) not in allowed:
            e.append(f"{PARAMS_BY_KEY[key].table}.{key}: must be one of {', '.join(allowed)}, not {getattr(s, key)!r}")
    positive = ("total_capacity", "min_capacity", "max_capacity", "capacity_step", "incentive_ceiling")
    for key in positive:
        if not getattr(s, key) > 0:
            e.append(f"scheme.{key}: must be more than 0")
    for key in ("max_beneficiaries", "incentive_years"):
        if getattr(s, key) < 1:
            e.append(f"scheme.{key}: must be at least 1")
    for key in ("incentive_outlay_crore", "capital_subsidy_outlay_crore", "total_outlay_crore"):
        if getattr(s, key) < 0:
            e.append(f"scheme.{key}: must not be negative")
    if not 0 <= s.capital_subsidy_rate <= 1:
        e.append("scheme.capital_subsidy_rate: must be a fraction from 0 to 1")
    cups = [sl.up_to for sl in s.capital_subsidy_slabs]
    if cups != sorted(cups) or len(set(cups)) != len(cups):
        e.append("scheme.capital_subsidy_slabs: up_to must increase from slab to slab")
    if any(sl.max_crore < 0 or sl.up_to <= 0 for sl in s.capital_subsidy_slabs):
        e.append("scheme.capital_subsidy_slabs: up_to must be more than 0 and max_crore not negative")
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
    if s.min_investment_crore_per_unit < 0:
        e.append("eligibility.min_investment_crore_per_unit: must not be negative")
    if s.max_commissioning_months < 1:
        e.append("eligibility.max_commissioning_months: must be at least 1")
    if not 0 <= s.min_lead_equity_pct <= 100:
        e.append("eligibility.min_lead_equity_pct: must be from 0 to 100")
    if not 0 <= s.technical_weight <= 0.8:
        e.append(f"evaluation.technical_weight: {s.technical_weight} must be from 0 to 0.8 (GFR rule 192)")
    if not 0 <= s.financial_weight <= 1:
        e.append("evaluation.financial_weight: must be from 0 to 1")
    if abs(s.technical_weight + s.financial_weight - 1) > 1e-9:
        e.append(
            f"evaluation.financial_weight: technical_weight {s.technical_weight} + financial_weight "
            f"{s.financial_weight} must sum to 1"
        )
    if not 0 <= s.min_technical_score <= 100:
        e.append("evaluation.min_technical_score: must be from 0 to 100")
    if not 0 <= s.score_decimals <= 6:
        e.append("evaluation.score_decimals: must be from 0 to 6")
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
        e.append("allocation.tie_break: name at least one rule (lot always decides)")
    if s.irel_pool < 0:
        e.append("allocation.irel_pool: must not be negative")
    if s.irel_ranks < 0:
        e.append("allocation.irel_ranks: must not be negative")
    e.extend(_irel_split_problems(s))
    if s.min_quote < 0:
        e.append("evaluation.min_quote: must not be negative")
    elif s.quote_basis == "per_kg" and s.min_quote > s.incentive_ceiling:
        e.append(f"evaluation.min_quote: {_num(s.min_quote)} is above incentive_ceiling {_num(s.incentive_ceiling)}")
    if not 0 <= s.abnormally_low < 1:
        e.append("evaluation.abnormally_low: must be a fraction of the ceiling, from 0 up to (not including) 1")
    return e


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
