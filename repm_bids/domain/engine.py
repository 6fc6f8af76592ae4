"""The evaluation engine over a `BidTable`: checks, scores, ranking and allocation as arrays
(docs/evaluation-rules.md).

The checks themselves are declared in `checks.py`; this module runs them in order. Everything here is vectorised
except the allocation walk, which is linear in the ranked bids and usually stops after the last award. Sentences
for people are made elsewhere (`wording.py`) from these arrays, and only for the bids someone looks at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from repm_bids.domain.check_memo import CheckMemo, MemoOn
from repm_bids.domain.checks import (
    CHECK_IDS,
    CHECK_INDEX,
    FAIL,
    NA,
    PASS,
    Check,
    Derived,
    checks_for,
    needed_net_worth,
    quote_ceilings,
    round_half_up,
)
from repm_bids.domain.ranking import Skip, lot_key, rank
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.table import BidTable
from repm_bids.domain.ties import TieGroup, settle, tie_breaks

__all__ = [
    "CHECK_IDS",
    "CHECK_INDEX",
    "FAIL",
    "NA",
    "PASS",
    "Settling",
    "TableResult",
    "evaluate_table",
    "lot_key",
]

# Status codes in the result arrays.
AWARDED, PARTIAL, WAITLISTED, NON_RESPONSIVE, INVALID, WITHDRAWN = 0, 1, 2, 3, 4, 5

# Why a qualified bid was waitlisted or partly awarded (codes; sentences in wording.py).
W_NONE, W_BENEFICIARIES, W_EXHAUSTED, W_BELOW_MIN, W_NO_PARTIAL, W_GROUP_CAP = 0, 1, 2, 3, 4, 5
W_GROUP_NO_PARTIAL = 6  # the group's room under the cap would need a partial award, and none is allowed

# An abnormally low quote (below the scheme's band): flagged for the committee, never rejected by the tool.
LOW_NONE, LOW_PENDING, LOW_ACCEPTED, LOW_REJECTED = 0, 1, 2, 3

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Settling:
    """What the committee recorded that the ranking and the allocation use, as columns of the table: each bid's
    reference key, when the receipt register says it was received (seconds; NaN where it has no row; None without a
    register), the draws held (reference keys, best first) and the awardees withdrawn."""

    keys: np.ndarray | None = None  # object (n,): reference keys; None: the table's references as they are
    received: np.ndarray | None = None
    draws: tuple[tuple[str, ...], ...] = ()
    withdrawn: np.ndarray | None = None  # bool (n,)


@dataclass(frozen=True, slots=True)
class TableResult:
    checks: np.ndarray  # int8 (n, len(checks_for(scheme))): PASS, FAIL or NA
    status: np.ndarray  # int8 (n,)
    rank: np.ndarray  # int64 (n,), 0 where not ranked
    l_rank: np.ndarray  # int64 (n,), 0 where not ranked
    order: np.ndarray  # indices of the qualified bids in rank order
    technical: np.ndarray  # float64, NaN where not scored
    financial: np.ndarray
    combined: np.ndarray
    awarded: np.ndarray  # float64
    remaining_before: np.ndarray  # capacity left when the walk reached the bid (NaN if not reached)
    why: np.ndarray  # int8 W_* code for waitlisted / partial bids
    liability: np.ndarray  # INR crore
    irel: np.ndarray  # MTPA of NdPr oxide
    tie_break: np.ndarray  # object: the rule that decided the bid's place in a tie, or None
    net_worth_needed: np.ndarray  # float64, NaN where no slab covers the capacity
    low_quote: np.ndarray  # int8 LOW_*: an abnormally low quote and what the committee recorded about it
    low_band: np.ndarray  # float64: the quote below which a bid is abnormally low (0 where the band is off)
    capital_subsidy: np.ndarray  # INR crore: the most capital subsidy each award can get
    rate_paid: np.ndarray  # INR per kg: the incentive rate each award is paid (scheme key price_paid)
    ties: tuple[TieGroup, ...] = ()  # ties that need (pending) or needed (drawn) the committee's draw
    skips: tuple[Skip, ...] = ()  # tie rules that could not compare the bids of a tie


def evaluate_table(
    t: BidTable, s: Scheme, settling: Settling | None = None, memo: CheckMemo | None = None
) -> TableResult:
    """The evaluation of a table of bids under a scheme. `memo`: the checks' columns from earlier evaluations of the
    same bids (see `check_memo`), used when `t` is its table with other committee columns."""
    n = t.n
    num = t.num
    quote = num["quoted_incentive"]
    low_band = np.nan_to_num(quote_ceilings(t, s) * s.abnormally_low)
    with np.errstate(invalid="ignore"):
        below = (s.abnormally_low > 0) & ~np.isnan(quote) & (quote < low_band - 1e-9)
    decided = t.low_quote if t.low_quote is not None else np.full(n, np.nan)
    # the committee's rejection of a quote puts the bid out, where the quote is one the band flags (a decision on a
    # quote that is not abnormally low, or not yet opened, decides nothing)
    t = replace(t, committee=np.where(below & (decided == 0), 0.0, t.committee))
    active = checks_for(s)
    checks = np.full((n, len(active)), NA, dtype=np.int8)

    def put(k: int, applicable: np.ndarray, passed: np.ndarray) -> None:
        checks[:, k] = _states(applicable, passed)

    kept = memo.on(t) if memo is not None else None
    with np.errstate(invalid="ignore", divide="ignore"):
        derived = Derived(_needed_net_worth(t, s, kept), t.group_counts())
        for k, check in enumerate(active):
            if not check.after_scores:
                checks[:, k] = _tested(check, t, s, derived, kept)

    invalid = t.invalid
    failed = (checks == FAIL).any(axis=1)
    qualified = ~invalid & ~failed

    technical = np.full(n, np.nan)
    if s.method == "qcbs":
        technical = _technical_scores(t, s, qualified)
        derived.technical, derived.qualified = technical, qualified.copy()
        for k, check in enumerate(active):
            if check.after_scores:
                applies, passes = check.test(t, s, derived)
                put(k, applies, passes)
                qualified &= ~applies | passes

    financial = np.full(n, np.nan)
    combined = np.full(n, np.nan)
    if qualified.any():
        lowest = quote[qualified].min()
        with np.errstate(divide="ignore", invalid="ignore"):
            if lowest > 0:
                financial = np.where(qualified, 100.0 * lowest / quote, np.nan)
            else:  # a bid asking for no incentive scores 100, every other bid 0 (no division by zero)
                financial = np.where(qualified, np.where(quote <= 0, 100.0, 0.0), np.nan)
        if s.method == "qcbs":
            combined = s.technical_weight * technical + s.financial_weight * financial
    d = s.score_decimals
    technical, financial, combined = (round_half_up(a, d) for a in (technical, financial, combined))

    settling = settling or Settling()
    keys = settling.keys if settling.keys is not None else t.bid_ref
    status = np.where(invalid, INVALID, np.where(qualified, WAITLISTED, NON_RESPONSIVE)).astype(np.int8)
    if settling.withdrawn is not None:
        status[qualified & settling.withdrawn] = WITHDRAWN
    primary = quote if s.method == "lcs" else -combined
    ranked = rank(t.num, keys, s, qualified, primary, settling.received)
    order, splits, ties = settle(ranked, keys, settling.draws, _outcome_of(t, s, status), _reached_of(t, s, status))
    tie_break = tie_breaks(order, splits, ranked.primary_tied, n)
    rank_of = np.zeros(n, np.int64)
    rank_of[order] = np.arange(1, len(order) + 1)
    l_rank = rank_of.copy() if s.method == "lcs" else _competition_rank(quote, qualified)

    awarded, remaining_before, why = _allocate(t, s, order, status)
    rate_paid = rates_paid(t, s, awarded, quote, l_rank, order)
    liability = _liability(t, s, awarded, quote, rate_paid)
    irel = _irel(s, order, awarded)
    # only a price still in the running is for the committee to weigh: a qualified bid's, or one the committee
    # itself put out (a bid that failed a check is out whatever its price)
    low = below & ~invalid & (qualified | (t.committee == 0))
    # the committee's own decision on the quote; a bid it put out (technically, or by rejecting the quote) is rejected
    state = np.where(t.committee == 0, LOW_REJECTED, np.where(decided == 1, LOW_ACCEPTED, LOW_PENDING))
    low_quote = np.where(low, state, LOW_NONE).astype(np.int8)
    return TableResult(
        checks=checks,
        status=status,
        rank=rank_of,
        l_rank=l_rank,
        order=order,
        technical=technical,
        financial=financial,
        combined=combined,
        awarded=awarded,
        remaining_before=remaining_before,
        why=why,
        liability=liability,
        irel=irel,
        tie_break=tie_break,
        net_worth_needed=derived.needed_net_worth,
        low_quote=low_quote,
        low_band=low_band,
        capital_subsidy=capital_subsidy(t, s, awarded),
        rate_paid=rate_paid,
        ties=tuple(ties),
        skips=tuple(ranked.skips),
    )


def _states(applicable: np.ndarray, passed: np.ndarray) -> np.ndarray:
    """A check's column: PASS or FAIL where it applies, NA elsewhere."""
    return np.where(applicable, np.where(passed, PASS, FAIL), NA).astype(np.int8)


def _needed_net_worth(t: BidTable, s: Scheme, memo: MemoOn | None) -> np.ndarray:
    if memo is None:
        return needed_net_worth(t, s)
    return memo.run("needed_net_worth", s, lambda reading: needed_net_worth(t, reading))


def _tested(check: Check, t: BidTable, s: Scheme, derived: Derived, memo: MemoOn | None) -> np.ndarray:
    """A check's column, from its test or from the memo (whose entries for a check that reads the net worth needed
    hold the column of that worked out for the same slabs: the same object)."""
    if memo is None:
        return _states(*check.test(t, s, derived))
    return memo.run(
        check.id,
        s,
        lambda reading: _states(*check.test(t, reading, derived)),
        given=(derived.needed_net_worth,),
    )


def _outcome_of(t: BidTable, s: Scheme, status: np.ndarray) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The allocation of an order (awarded and IREL oxide per bid), for trying a tie's other orders."""

    def outcome(order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        awarded = _allocate(t, s, order, status.copy())[0]
        return awarded, _irel(s, order, awarded)

    return outcome


def _reached_of(t: BidTable, s: Scheme, status: np.ndarray) -> Callable[[np.ndarray, int], bool]:
    """Whether the allocation walk still had awards to make when it reached a position of the order."""

    def reached(order: np.ndarray, position: int) -> bool:
        awarded = _allocate(t, s, order[:position], status.copy())[0]
        awards, left = int((awarded > 0).sum()), s.total_capacity - float(awarded.sum())
        return awards < s.max_beneficiaries and left >= s.min_capacity - _EPS

    return reached


def _technical_scores(t: BidTable, s: Scheme, qualified: np.ndarray) -> np.ndarray:
    total = np.zeros(t.n)
    for c in s.criteria:
        raw = t.num[c.key]
        missing = np.isnan(raw)
        v = np.where(missing, 0.0, raw)
        pool = v[qualified & ~missing]
        with np.errstate(divide="ignore", invalid="ignore"):
            if c.better == "higher":
                best = pool.max() if pool.size else 0.0
                norm = 100.0 * v / best if best > 0 else np.zeros(t.n)
            else:
                # 100 x best / value; a value of 0 is the best possible and scores 100, not a division by zero
                best = max(pool.min(), 0.0) if pool.size else 0.0
                if best > 0:
                    norm = np.where(v > 0, 100.0 * best / v, 100.0)
                else:
                    norm = np.where(v <= 0, 100.0, 0.0)
        norm = np.where(missing, 0.0, norm)  # a blank value scores 0
        total += c.weight * np.clip(np.nan_to_num(norm), 0.0, 100.0)
    return np.where(qualified, total, np.nan)


def _competition_rank(values: np.ndarray, qualified: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values), np.int64)
    idx = np.flatnonzero(qualified)
    if idx.size:
        v = values[idx]
        out[idx] = np.searchsorted(np.sort(v), v, side="left") + 1
    return out


def _floor_step(x: float, step: float) -> float:
    return float(np.floor(x / step + 1e-9) * step)


def _allocate(
    t: BidTable, s: Scheme, order: np.ndarray, status: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Walk the ranked bids: bucket filling with partial awards, the beneficiary limit and the group cap."""
    n = t.n
    awarded = np.zeros(n)
    remaining_before = np.full(n, np.nan)
    why = np.zeros(n, np.int8)
    cap = t.num["capacity"]
    remaining = float(s.total_capacity)
    awards = 0
    group_total: dict[object, float] = {}
    for pos, i in enumerate(order.tolist()):
        if status[i] == WITHDRAWN:  # an awardee that withdrew: the walk goes on to the next bid
            continue
        if awards >= s.max_beneficiaries or remaining < s.min_capacity - _EPS:
            rest = order[pos:]
            why[rest] = W_BENEFICIARIES if awards >= s.max_beneficiaries else W_EXHAUSTED
            remaining_before[rest] = remaining
            break
        remaining_before[i] = remaining
        offered = float(cap[i])
        room = remaining
        group = t.group_key[i]
        if s.group_rule == "cap" and group is not None:
            room = min(room, s.max_capacity - group_total.get(group, 0.0))
        give = _floor_step(min(offered, room), s.capacity_step)
        if give < s.min_capacity - _EPS:
            why[i] = W_GROUP_CAP if room < remaining else W_BELOW_MIN
            continue
        if give < offered - _EPS and s.partial != "allow":
            why[i] = W_GROUP_NO_PARTIAL if room < remaining else W_NO_PARTIAL
            continue
        awarded[i] = give
        remaining -= give
        awards += 1
        if group is not None:
            group_total[group] = group_total.get(group, 0.0) + give
        if give < offered - _EPS:
            status[i] = PARTIAL
            why[i] = W_GROUP_CAP if room < remaining + give else W_EXHAUSTED
        else:
            status[i] = AWARDED
    return awarded, remaining_before, why


def rates_paid(
    t: BidTable, s: Scheme, awarded: np.ndarray, quote: np.ndarray, l_rank: np.ndarray, order: np.ndarray
) -> np.ndarray:
    """The incentive rate each award is paid, INR per kg sold (0 where nothing is awarded). A bid's own rate is its
    quote, or under `total_crore` its total over the kilograms of its capacity for the incentive years; with
    `price_paid = "l1_rate"` every award is paid the own rate of the L1 bid (the first in rank order of the bids
    with the lowest quote)."""
    own = quote
    if s.quote_basis == "total_crore":
        with np.errstate(divide="ignore", invalid="ignore"):
            own = quote * 1e7 / (t.num["capacity"] * 1000.0 * s.incentive_years)
    rate = own
    if s.price_paid == "l1_rate":
        first = [i for i in order.tolist() if l_rank[i] == 1]
        rate = np.full(t.n, float(own[first[0]]) if first else 0.0)
    return np.where(awarded > 0, np.nan_to_num(rate), 0.0).astype(np.float64)


def _liability(t: BidTable, s: Scheme, awarded: np.ndarray, quote: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """The most incentive each award can cost, INR crore: the awarded capacity sold for every incentive year at the
    rate paid. A total quote paid as quoted is the total asked, scaled down to a partial award (awarded / offered)."""
    if s.quote_basis == "total_crore" and s.price_paid == "own_quote":
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(awarded > 0, awarded / t.num["capacity"], 0.0)
        return np.asarray(np.nan_to_num(np.where(awarded > 0, quote, 0.0) * share), dtype=np.float64)
    return np.asarray(awarded * 1000.0 * s.incentive_years * rate / 1e7, dtype=np.float64)


def subsidy_investment(t: BidTable) -> np.ndarray:
    """The investment the capital subsidy is a share of: the eligible investment where the bid gives it, else its
    total proposed investment (an upper bound)."""
    eligible, total = t.num["eligible_investment_cr"], t.num["investment_cr"]
    return np.where(np.isnan(eligible), total, eligible)


def capital_subsidy(t: BidTable, s: Scheme, awarded: np.ndarray) -> np.ndarray:
    """Per award: the rate times the eligible investment (scaled to a partial award), at most its capacity's slab."""
    out = np.zeros(t.n)
    given = np.flatnonzero(awarded > 0)
    investment = np.nan_to_num(subsidy_investment(t)[given]).tolist()
    caps, awards = t.num["capacity"][given].tolist(), awarded[given].tolist()
    for i, inv, cap, award in zip(given.tolist(), investment, caps, awards, strict=True):
        share = award / cap if cap > 0 else 1.0
        out[i] = min(s.capital_subsidy_rate * inv * share, s.max_capital_subsidy(award))
    return out


def _irel(s: Scheme, order: np.ndarray, awarded: np.ndarray) -> np.ndarray:
    """The IREL oxide of the first `irel_ranks` awardees: pro rata to their awards, equal, or fixed by rank."""
    irel = np.zeros(len(awarded))
    if s.irel_ranks <= 0 or s.irel_pool <= 0:
        return irel
    winners = order[awarded[order] > 0][: s.irel_ranks].tolist()
    if not winners:
        return irel
    split = s.irel_split
    if split == "equal":
        for i in winners:
            irel[i] = s.irel_pool / len(winners)
    elif isinstance(split, tuple):
        for i, share in zip(winners, split, strict=False):
            irel[i] = share
    else:
        total = sum(awarded[i] for i in winners)
        for i in winners:
            irel[i] = s.irel_pool * awarded[i] / total
    return irel
