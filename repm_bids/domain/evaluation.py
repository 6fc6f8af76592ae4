"""Evaluate bids under a scheme: from `Bid` records to an `Evaluation` with outcomes, reasons and a summary."""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import repeat
from typing import Any

import numpy as np

from repm_bids.domain import engine as E
from repm_bids.domain import settling as committee_records
from repm_bids.domain.check_memo import CheckMemo
from repm_bids.domain.checks import NA, PASS, SEALED_PRICE_COLUMN, OneBid, checks_for, facts, pointed_fields
from repm_bids.domain.committee import Draw, Receipt, Tie
from repm_bids.domain.covers import PRICE_KEY, held_price, not_about_price, seal
from repm_bids.domain.duplicates import duplicate_refs
from repm_bids.domain.fields import FIELDS
from repm_bids.domain.findings import Quoted, findings
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Bid, Decision, InputFile, Location, Problem, Severity, params_of, problem
from repm_bids.domain.result import (
    Allotment,
    BidOutcome,
    CheckOutcome,
    Evaluation,
    Finding,
    Reason,
    Status,
    Summary,
    UnopenedCover,
    bid_outcomes,
)
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.table import BidTable

_STATUS = {
    E.AWARDED: Status.AWARDED,
    E.PARTIAL: Status.PARTIAL,
    E.WAITLISTED: Status.WAITLISTED,
    E.NON_RESPONSIVE: Status.NON_RESPONSIVE,
    E.INVALID: Status.INVALID,
    E.WITHDRAWN: Status.WITHDRAWN,
}
_QUALIFIED_CODES = [code for code, status in _STATUS.items() if status.qualified]  # the engine's codes
_IS_QUALIFIED = np.array([_STATUS[code].qualified for code in range(len(_STATUS))])  # by the engine's code


def evaluate(
    bids: Iterable[Bid],
    scheme: Scheme,
    decisions: Iterable[Decision] = (),
    inputs: Iterable[InputFile] = (),
    problems: Iterable[Problem] = (),
    evaluated_at: datetime | None = None,
    prices: Mapping[str, Bid] | None = None,
    unopened: Sequence[UnopenedCover] = (),
    single_sitting: bool = False,
    receipts: Sequence[Receipt] = (),
    draws: Sequence[Draw] = (),
    withdrawn: Sequence[str] = (),
) -> Evaluation:
    """Every rule of docs/evaluation-rules.md, in its order. Never raises for bad bids: they come out `invalid` with
    their reasons.

    Under two covers (`scheme.covers == 2`) the bids are technical covers: their prices are sealed away (see
    `domain.covers`). Without `prices` this is the technical stage (statuses qualified, non-responsive, invalid; no
    quote, rank, score or award); with `prices` (bid reference key -> the sealed bid with the price from its
    financial cover) it is the price stage.

    `receipts` is the receipt register (the tie rule `received_at`, and which bidder holds a shared reference),
    `draws` the committee's draws of lots for the ties the result names, `withdrawn` the references of awardees
    that withdrew after the award (ignored at the technical stage)."""
    bids = tuple(bids)
    problems = list(problems)
    stage = "single_pass"
    held: tuple[bool, ...] = ()
    if scheme.covers == 2:
        bids, held = _sealed(bids)
        problems = [p for p in problems if not_about_price(p)]
        stage = "technical" if prices is None else "prices_opened"
        if prices:
            bids = tuple(prices.get(ref_key(b.bid_ref or ""), b) for b in bids)
        if scheme.price_in_technical == "warn":
            problems.extend(_price_warning(b) for b, h in zip(bids, held, strict=True) if h)
    holders = tuple(sorted((r.bid_ref, r.bidder) for r in receipts if r.bidder))
    prep = _prepare(bids, optional=(PRICE_KEY,) if scheme.covers == 2 else (), holders=holders, held=held)
    committee, low_quote, decision_list = _apply_decisions(prep.ref_keys, decisions, problems)
    for i in sorted(prep.extra):
        problems.extend(prep.extra[i])
    problems.extend(prep.notices)
    table = replace(prep.table, committee=committee, low_quote=low_quote)
    gone = () if stage == "technical" else withdrawn
    settled = committee_records.settling(prep.ref_keys, receipts, draws, gone, problems)
    r = E.evaluate_table(table, scheme, settled, prep.memo)
    ties: tuple[Tie, ...] = ()
    if stage != "technical":
        ties = committee_records.ties(bids, r, draws)
        problems.extend(committee_records.skipped_rules(bids, r))
        problems.extend(committee_records.unused_draws(draws, ties))
    by_ref = {ref_key(d.bid_ref): d for d in decision_list}
    outcomes = _outcomes(bids, prep, r, check_ids_for(scheme), stage == "technical", scheme, by_ref)
    problems.extend(prep.own_problems)
    summary = summarise(table, r, scheme)
    found: tuple[Finding, ...] = ()
    if stage == "technical":  # no finding: each is about a price; the outcomes stay in input order (an order by
        # price would tell the price)
        summary = _technical_summary(summary, scheme)
    else:
        low = [(outcomes[i], int(r.low_quote[i]), float(r.low_band[i])) for i in np.flatnonzero(r.low_quote).tolist()]
        others = np.flatnonzero(~_IS_QUALIFIED[r.status])  # in input order, after the ranked
        outcomes = list(map(outcomes.__getitem__, np.concatenate((r.order, others)).tolist()))
        quoted = Quoted(prep.said.refs, prep.said.quote_column, prep.said.capacity_column, r.order)
        found = findings(quoted, summary, scheme, low, by_ref, ties)
        summary = replace(summary, provisional=any(f.pending for f in found))
    return Evaluation(
        scheme=scheme,
        bids=bids,
        decisions=tuple(decision_list),
        inputs=tuple(inputs),
        problems=tuple(problems),
        outcomes=tuple(outcomes),
        summary=summary,
        check_ids=check_ids_for(scheme),
        evaluated_at=evaluated_at,
        stage=stage,
        unopened=tuple(unopened),
        single_sitting=single_sitting and stage == "prices_opened",
        findings=found,
        ties=ties,
    )


def check_ids_for(scheme: Scheme) -> tuple[str, ...]:
    """The ids of the checks an evaluation under this scheme runs, in order."""
    return tuple(c.id for c in checks_for(scheme))


_last_sealed: list[tuple[tuple[Bid, ...], tuple[Bid, ...], tuple[bool, ...]]] = []


def _sealed(bids: tuple[Bid, ...]) -> tuple[tuple[Bid, ...], tuple[bool, ...]]:
    """The technical covers without their prices, and which held one (the same objects for the same bids, so that
    the next evaluation of the same covers reuses what depends on the bids alone)."""
    if _last_sealed:
        given, sealed, held = _last_sealed[0]
        if len(given) == len(bids) and all(map(operator.is_, given, bids)):
            return sealed, held
    held = tuple(held_price(b) for b in bids)
    sealed = tuple(seal(b) for b in bids)
    _last_sealed[:] = [(bids, sealed, held)]
    return sealed, held


def _price_warning(bid: Bid) -> Problem:
    return problem(Severity.WARNING, "price_in_technical", bid.source.path, sheet=bid.source.sheet, bid_ref=bid.bid_ref)


def _technical_summary(s: Summary, scheme: Scheme) -> Summary:
    return replace(
        s,
        beneficiaries=0,
        capacity_awarded=0.0,
        capacity_unawarded=float(scheme.total_capacity),
        incentive_liability_crore_total=0.0,
        waitlisted=0,
        partially_awarded=0,
        irel_pool_allocated=0.0,
        capital_subsidy_crore_total=0.0,
    )


@dataclass(frozen=True, slots=True)
class _Said:
    """What the bids state that their outcomes repeat, as columns: each bid's reference, bidder name, group (None
    when blank), capacity offered and quoted incentive (as numbers), and where it was read."""

    refs: tuple[str | None, ...] = ()
    names: tuple[Any, ...] = ()
    groups: tuple[Any, ...] = ()
    capacities: tuple[float | None, ...] = ()
    quotes: tuple[float | None, ...] = ()
    sources: tuple[Location, ...] = ()
    quote_column: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the quotes as numbers, NaN for None
    capacity_column: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the capacities likewise


def _said(bids: Sequence[Bid]) -> _Said:
    values = [b.values for b in bids]
    capacities = tuple(_f(v.get("capacity")) for v in values)
    quotes = tuple(_f(v.get("quoted_incentive")) for v in values)
    return _Said(
        tuple(v.get("bid_ref") for v in values),
        tuple(v.get("bidder_name") for v in values),
        tuple(v.get("group") or None for v in values),
        capacities,
        quotes,
        tuple(b.source for b in bids),
        _column(quotes),
        _column(capacities),
    )


def _column(xs: Sequence[float | None]) -> np.ndarray:
    """Numbers as a column, None as NaN (a stated number is never NaN: see `_f`)."""
    return np.array([np.nan if x is None else x for x in xs], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What depends on the bids alone, not on the scheme or the decisions: kept for the next evaluation of the
    same bids, so that a scheme change in the application re-evaluates 1,000 bids well inside 20 ms."""

    bids: tuple[Bid, ...]
    extra: dict[int, list[Problem]]
    table: BidTable
    notices: list[Problem]  # warnings about who is who: near-duplicate references, one group spelled two ways
    ref_keys: tuple[str | None, ...]  # each bid's reference as compared (identity), None when it has none
    optional: tuple[str, ...] = ()  # required fields not required here (the price, in a technical cover)
    holders: tuple[tuple[str, str], ...] = ()  # the receipt register's bidder for each reference it gives one
    said: _Said = _Said()  # what the bids state that their outcomes repeat
    own_problems: tuple[Problem, ...] = ()  # each bid's reading errors and warnings, bid by bid
    held: tuple[bool, ...] = ()  # which technical covers held a price (the table's column SEALED_PRICE_COLUMN)
    memo: CheckMemo | None = None  # the checks' columns kept for the next scheme (of `table`)


_last: list[_Prepared] = []


def _prepare(
    bids: tuple[Bid, ...],
    optional: tuple[str, ...] = (),
    holders: tuple[tuple[str, str], ...] = (),
    held: tuple[bool, ...] = (),
) -> _Prepared:
    if _last:
        prev = _last[0]
        same = len(prev.bids) == len(bids) and all(map(operator.is_, prev.bids, bids))
        if same and prev.optional == optional and prev.holders == holders and prev.held == held:
            return prev
    extra = _missing_fields(bids, optional)
    shared, notices = duplicate_refs(bids, dict(holders) if holders else None)
    for i, found in shared.items():
        extra.setdefault(i, []).extend(found)
    invalid = [bool(b.errors) or i in extra for i, b in enumerate(bids)]
    keys = tuple(ref_key(b.bid_ref) if isinstance(b.bid_ref, str) else None for b in bids)
    said = _said(bids)
    own = tuple(p for b in bids for p in (*b.errors, *b.warnings))
    table = BidTable.from_bids(bids, invalid)
    if held:
        table = replace(table, num={**table.num, SEALED_PRICE_COLUMN: np.asarray(held, dtype=np.float64)})
    prep = _Prepared(bids, extra, table, notices, keys, optional, holders, said, own, held, CheckMemo(table))
    _last[:] = [prep]
    return prep


_REQUIRED = tuple((f.key, f.label) for f in FIELDS if f.required)
_REQUIRED_IF = tuple((f.key, f.label, f.required_if) for f in FIELDS if f.required_if is not None)


def _missing_fields(bids: Sequence[Bid], optional: tuple[str, ...] = ()) -> dict[int, list[Problem]]:
    """Bids built without the readers (tests, scripts) still must have every required field."""
    out: dict[int, list[Problem]] = {}
    for i, b in enumerate(bids):
        if b.errors:
            continue
        v = b.values
        missing = [(k, label) for k, label in _REQUIRED if k not in optional and _blank(v.get(k))]
        missing += [(k, label) for k, label, (other, val) in _REQUIRED_IF if v.get(other) == val and _blank(v.get(k))]
        for key, _label in missing:
            out.setdefault(i, []).append(
                problem(
                    Severity.ERROR,
                    "missing_field",
                    b.source.path,
                    sheet=b.source.sheet,
                    line=b.source.line,
                    field=key,
                    bid_ref=b.bid_ref,
                )
            )
    return out


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _apply_decisions(
    refs: Sequence[str | None], decisions: Iterable[Decision], problems: list[Problem]
) -> tuple[np.ndarray, np.ndarray, list[Decision]]:
    """The committee's columns (NaN, 1 or 0 per bid, given each bid's reference key): the technical decision and the
    decision on an abnormally low quote; a decision for an unknown bid reference is an error."""
    by_ref: dict[str, Decision] = {}
    for d in decisions:
        by_ref[ref_key(d.bid_ref)] = d  # a file with two decisions for one bid is refused as it is read
    known = set(refs) if by_ref else set()  # (None, a bid without a reference, is no decision's key)
    kept = []
    for key, d in by_ref.items():
        ref = d.bid_ref
        if key not in known:
            src = d.source
            problems.append(
                problem(
                    Severity.ERROR,
                    "decision_unknown_bid",
                    src.path if src else "(decisions)",
                    {"bid_ref": ref},
                    sheet=src.sheet if src else None,
                    cell=src.cell if src else None,
                    line=src.line if src else None,
                    field="bid_ref",
                    bid_ref=ref,
                )
            )
        else:
            kept.append(d)
    if not by_ref:  # no decision yet: every column NaN
        return np.full(len(refs), np.nan), np.full(len(refs), np.nan), kept
    technical = np.array([_committee_value(by_ref.get(k or "")) for k in refs], dtype=np.float64)
    low = np.array([_yes_no(by_ref[k].low_quote) if k in by_ref else np.nan for k in refs], dtype=np.float64)
    return technical, low, kept


def _yes_no(v: bool | None) -> float:
    return np.nan if v is None else float(v)


def _committee_value(d: Decision | None) -> float:
    """The committee check's column from the technical decision: 1 qualified, 0 not, NaN none (the engine adds the
    rejection of an abnormally low quote, which counts only where the quote is one)."""
    return np.nan if d is None else _yes_no(d.qualified)


class _ChecksOf:
    """What the check outcomes of one evaluation's bids are made from, shared by each bid's `LazyChecks`: the
    engine's check states (a row per bid), the bids, the scheme, each bid's net worth needed and technical score,
    the committee's decisions by reference key, each bid's reference key, and the scheme's check ids in order."""

    __slots__ = ("states", "bids", "scheme", "needed", "technical", "decisions", "keys", "ids")

    def __init__(
        self,
        states: np.ndarray,
        bids: tuple[Bid, ...],
        scheme: Scheme,
        needed: np.ndarray,
        technical: np.ndarray,
        decisions: Mapping[str, Decision],
        keys: tuple[str | None, ...],
        ids: tuple[str, ...],
    ) -> None:
        self.states = states
        self.bids = bids
        self.scheme = scheme
        self.needed = needed
        self.technical = technical
        self.decisions = decisions
        self.keys = keys
        self.ids = ids

    def row(self, i: int) -> list[int]:
        """Bid i's check states (PASS, FAIL or NA), in the checks' order."""
        return self.states[i].tolist()  # type: ignore[no-any-return]

    def make(self, i: int, k: int) -> CheckOutcome:
        """Bid i's outcome of the k-th check."""
        state = int(self.states[i, k])
        cid = self.ids[k]
        bid = self.bids[i]
        d = self.decisions.get(self.keys[i] or "")
        one = OneBid(
            bid,
            self.scheme,
            state,
            float(self.needed[i]),
            float(self.technical[i]),
            d.remarks if d else "",
            low_quote_rejected=d is not None and d.qualified is not False and d.low_quote is False,
        )
        case, figures = facts(cid, one)
        at = (d.source if d else None) if cid == "committee" else check_location(bid, cid)
        return CheckOutcome(cid, None if state == NA else state == PASS, case, params_of(figures), at)


class LazyChecks(Sequence[CheckOutcome]):
    """A bid's check outcomes, each made when first read: a table of 1,000 bids re-evaluates in a few milliseconds,
    and only the bids someone opens pay for their facts."""

    __slots__ = ("_of", "_i", "_made")
    _made: list[CheckOutcome | None]  # set when a first outcome is made

    def __init__(self, of: _ChecksOf, i: int) -> None:
        self._of = of
        self._i = i

    @property
    def _states(self) -> list[int]:
        return self._of.row(self._i)

    def __len__(self) -> int:
        return len(self._of.ids)

    def _make(self, k: int) -> CheckOutcome:
        try:
            made = self._made
        except AttributeError:
            made = self._made = [None] * len(self._of.ids)
        out = made[k]
        if out is None:
            out = made[k] = self._of.make(self._i, k)
        return out

    def __getitem__(self, k):  # type: ignore[no-untyped-def]
        if isinstance(k, slice):
            return [self._make(j) for j in range(len(self))[k]]
        return self._make(range(len(self))[k])

    def failed(self) -> list[CheckOutcome]:
        fail = E.FAIL
        return [self._make(k) for k, state in enumerate(self._states) if state == fail]

    def failed_count(self) -> int:
        return self._states.count(E.FAIL)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self._states))

    def __repr__(self) -> str:
        return f"LazyChecks({list(self)!r})"


class FailedChecks(Sequence[CheckOutcome]):
    """A non-responsive bid's grounds: its failed checks, made (with their figures and cells) when first read. Most
    of 1,000 bids' grounds are never shown after a scheme change; the ones read are the same data as made at once."""

    __slots__ = ("_checks", "_made")

    def __init__(self, checks: LazyChecks) -> None:
        self._checks = checks
        self._made: tuple[CheckOutcome, ...] | None = None

    def _all(self) -> tuple[CheckOutcome, ...]:
        if self._made is None:
            self._made = tuple(self._checks.failed())
        return self._made

    def __len__(self) -> int:
        return self._checks.failed_count() if self._made is None else len(self._made)

    def __getitem__(self, k):  # type: ignore[no-untyped-def]
        return self._all()[k]

    def __iter__(self) -> Iterator[CheckOutcome]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return self._all() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def check_location(bid: Bid, check_id: str) -> Location | None:
    """Where the value a check is about was read: the first field it points at that came from a cell or line."""
    for key in pointed_fields(check_id, bid):
        r = bid.readings.get(key)
        if r is not None and (r.cell is not None or r.line is not None):
            return Location(bid.source.path, r.sheet or bid.source.sheet, r.cell, r.line)
    return None


def _nones(xs: np.ndarray) -> list[float | None]:
    """NaN (not scored) as None."""
    nan = np.isnan(xs)
    if nan.all():
        return [None] * len(xs)
    if not nan.any():
        return xs.tolist()  # type: ignore[no-any-return]
    return [None if x != x else x for x in xs.tolist()]


_STATUS_OF = [_STATUS[code] for code in range(len(_STATUS))]  # by the engine's code
# at the technical stage: qualified, or not and why (the award waits for the prices)
_TECHNICAL_STATUS_OF = [Status.QUALIFIED if s.qualified else s for s in _STATUS_OF]


def _outcomes(
    bids: tuple[Bid, ...],
    prep: _Prepared,
    r: E.TableResult,
    check_ids: tuple[str, ...],
    technical_stage: bool,
    s: Scheme,
    decisions: Mapping[str, Decision],
) -> list[BidOutcome]:
    """Each bid's outcome, in input order, made column by column (each column converted from numpy once, not a
    numpy scalar per cell). At the technical stage: qualified or not, and why; nothing that depends on a price (no
    quote, rank, score, award or tie rule, and a qualified bid has no grounds)."""
    n = len(bids)
    status = list(map((_TECHNICAL_STATUS_OF if technical_stage else _STATUS_OF).__getitem__, r.status.tolist()))
    of = _ChecksOf(r.checks, bids, s, r.net_worth_needed, r.technical, decisions, prep.ref_keys, check_ids)
    checks = list(map(LazyChecks, repeat(of, n), range(n)))
    grounds = _grounds(bids, prep, r, s, technical_stage, checks)
    said = prep.said
    none: Iterable[Any] = repeat(None)
    if technical_stage:  # the prices are sealed: nothing made from one
        rank = l_rank = tie_break = quoted = tech_score = fin_score = combined = none
        awarded = liability = irel = repeat(0.0)
    else:
        rank, l_rank = [x or None for x in r.rank.tolist()], [x or None for x in r.l_rank.tolist()]
        tie_break, quoted = r.tie_break.tolist(), said.quotes
        tech_score, fin_score, combined = _nones(r.technical), _nones(r.financial), _nones(r.combined)
        awarded, liability, irel = r.awarded.tolist(), r.liability.tolist(), r.irel.tolist()
    return bid_outcomes(
        zip(
            range(n),
            bids,
            said.refs,
            said.names,
            said.groups,
            said.sources,
            status,
            rank,
            l_rank,
            said.capacities,
            quoted,
            tech_score,
            fin_score,
            combined,
            awarded,
            liability,
            irel,
            r.capital_subsidy.tolist(),
            tie_break,
            checks,
            grounds,
            r.rate_paid.tolist(),
        )
    )


def _grounds(
    bids: tuple[Bid, ...], prep: _Prepared, r: E.TableResult, s: Scheme, technical_stage: bool, checks: list[LazyChecks]
) -> list[Sequence[Reason]]:
    """Why each bid is where it is: its reading errors (invalid), its failed checks (non-responsive), why it was
    waitlisted or partly awarded, or that it withdrew; nothing for an award in full or a qualified technical cover.
    Bids waitlisted for the same reason with the same figures share one `Allotment` (it is immutable)."""
    out: list[Sequence[Reason]] = [()] * len(bids)
    code = r.status
    for i in np.flatnonzero(code == E.INVALID).tolist():
        out[i] = (*bids[i].errors, *prep.extra.get(i, ()))
    failing = np.flatnonzero(code == E.NON_RESPONSIVE).tolist()
    for i, failed in zip(failing, map(FailedChecks, map(checks.__getitem__, failing)), strict=True):
        out[i] = failed
    if technical_stage:
        return out
    waiting = np.flatnonzero((code == E.WAITLISTED) | (code == E.PARTIAL))
    why, remaining, awarded = r.why[waiting], r.remaining_before[waiting], r.awarded[waiting]
    own = (awarded > 0) | (why == E.W_NO_PARTIAL) | (why == E.W_GROUP_NO_PARTIAL)  # the figures name the bid's own
    # capacity or award
    for i, w, left, given in zip(
        waiting[own].tolist(), why[own].tolist(), remaining[own].tolist(), awarded[own].tolist(), strict=True
    ):
        out[i] = (allotment(w, bids[i], s, left, given),)
    shared = waiting[~own].tolist()
    if shared:
        left = remaining[~own]
        keys = list(zip(why[~own].tolist(), left.tolist(), np.copysign(1.0, left).tolist(), strict=True))
        made = {k: (allotment(k[0], bids[i], s, k[1], 0.0),) for k, i in dict(zip(keys, shared, strict=True)).items()}
        for i, found in zip(shared, map(made.__getitem__, keys), strict=True):
            out[i] = found
    gone = np.flatnonzero(code == E.WITHDRAWN).tolist()
    if gone:
        withdrawn = (Allotment("withdrawn", params_of({"unit": s.capacity_unit})),)
        for i in gone:
            out[i] = withdrawn
    return out


def allotment(why: int, bid: Bid, s: Scheme, remaining: float, awarded: float) -> Allotment:
    """Why a qualified bid was waitlisted or partly awarded, from the allocation walk's code."""
    u = s.capacity_unit
    cap = bid.values.get("capacity")
    code, figures = "none", dict[str, Any]()
    if why == E.W_BENEFICIARIES:
        code, figures = "beneficiaries", {"max_beneficiaries": s.max_beneficiaries}
    elif why == E.W_EXHAUSTED and awarded > 0:
        code, figures = "partly_exhausted", {"awarded": awarded, "capacity": cap, "remaining": remaining}
    elif why == E.W_EXHAUSTED:
        code, figures = "exhausted", {"remaining": remaining, "min": s.min_capacity}
    elif why == E.W_BELOW_MIN:
        code, figures = "below_min", {"remaining": remaining, "step": s.capacity_step, "min": s.min_capacity}
    elif why == E.W_NO_PARTIAL:
        code, figures = "no_partial", {"capacity": cap, "remaining": remaining}
    elif why == E.W_GROUP_NO_PARTIAL:
        code, figures = "group_no_partial", {"capacity": cap, "max": s.max_capacity}
    elif why == E.W_GROUP_CAP and awarded > 0:
        code, figures = "partly_group_cap", {"awarded": awarded, "capacity": cap, "max": s.max_capacity}
    elif why == E.W_GROUP_CAP:
        code, figures = "group_cap", {"min": s.min_capacity}
    return Allotment(code, params_of({**figures, "unit": u}))


def _f(v: object) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def summarise(t: BidTable, r: E.TableResult, s: Scheme) -> Summary:
    count = np.bincount(r.status, minlength=len(_STATUS)).tolist()  # bids by status code, in one pass
    cap = t.num["capacity"]
    offered = float(np.nansum(cap)) if t.n else 0.0
    awarded = float(r.awarded.sum())
    return Summary(
        bids_received=t.n,
        invalid=count[E.INVALID],
        non_responsive=count[E.NON_RESPONSIVE],
        qualified=sum(count[c] for c in _QUALIFIED_CODES),
        capacity_offered_total=offered,
        subscription_ratio=offered / s.total_capacity if s.total_capacity else 0.0,
        beneficiaries=int((r.awarded > 0).sum()),
        capacity_awarded=awarded,
        capacity_unawarded=float(s.total_capacity) - awarded,
        incentive_liability_crore_total=float(r.liability.sum()),
        waitlisted=count[E.WAITLISTED],
        partially_awarded=count[E.PARTIAL],
        irel_pool_allocated=float(r.irel.sum()),
        capital_subsidy_crore_total=float(r.capital_subsidy.sum()),
    )
