"""The rank order of the qualified bids under the scheme's objective tie-break rules (docs/evaluation-rules.md,
"Ties").

The primary key is the quote (LCS) or the combined score (QCBS). Bids equal on it are separated by the scheme's
rules in their order: `capacity_desc`, `received_at` (the receipt register), `submitted_at` (the bidder's own typed
time, only when a scheme names it) and `lot` (a seeded lot that no one can compute before the prices are opened).
A rule that cannot compare every bid of a tie (no register, or a bid without a time) is skipped for that tie and
said so. What the rules leave tied is returned as open blocks, in bid reference order; `ties.py` decides whether
each needs the committee's draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from repm_bids.domain.scheme import Scheme

# The rules that end the objective ones: the committee's draw (named or not, it is what is left).
DRAW = "draw"
BY_REFERENCE = "bid_ref"  # a tie whose order changes nothing, ordered by bid reference

SKIP_NO_REGISTER, SKIP_MISSING = "no_register", "missing"


def lot_key(seed: int, bid_ref: object, salt: str = "") -> int:
    """A bid's lot number: from the seed, its reference and `salt` (a digest of the prices opened), not from its
    position in the input. With the salt no one can compute a lot before the prices are opened."""
    digest = hashlib.sha256(f"{seed}:{salt}:{bid_ref}".encode() if salt else f"{seed}:{bid_ref}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


def prices_salt(keys: np.ndarray, quote: np.ndarray, qualified: np.ndarray) -> str:
    """A digest of every qualified bid's reference and quote: known only once the prices are opened."""
    opened = zip(keys[qualified].tolist(), quote[qualified].tolist(), strict=True)
    pairs = sorted(f"{k}={float(q)!r}" for k, q in opened)
    return hashlib.sha256("\n".join(pairs).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Skip:
    """A rule that could not compare the bids of a tie: `why` is SKIP_NO_REGISTER or SKIP_MISSING (`lacking` names
    the bids without a time)."""

    rule: str
    members: tuple[int, ...]
    why: str
    lacking: tuple[int, ...] = ()


@dataclass(slots=True)
class Ranked:
    """`order`: bid indices, best first. `splits[j]`: the rule that placed `order[j + 1]` after `order[j]` when the
    primary key tied them (None where the primary key differs or nothing objective separated them). `open`: the
    (start, stop) positions in `order` of the blocks still tied, each in bid reference order."""

    order: np.ndarray
    splits: list[str | None]
    primary_tied: np.ndarray  # bool per adjacent pair: equal on the primary key
    open: list[tuple[int, int]] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)


def objective_rules(s: Scheme) -> list[str]:
    """The scheme's rules before the draw (a rule after `draw` never decides anything)."""
    rules = list(s.tie_break)
    return rules[: rules.index(DRAW)] if DRAW in rules else rules


def rank(
    t_num: Mapping[str, np.ndarray],
    keys: np.ndarray,
    s: Scheme,
    qualified: np.ndarray,
    primary_all: np.ndarray,
    received: np.ndarray | None,
    in_order: np.ndarray | None = None,
) -> Ranked:
    """The qualified bids ranked by `primary_all` (lower is better), then by the objective rules. `in_order`: each
    bid's place in the order of `keys` (equal keys in input order), when the caller keeps it for the same bids."""
    idx = np.flatnonzero(qualified)
    if idx.size == 0:
        return Ranked(idx, [], np.zeros(0, bool))
    if in_order is not None:
        by_ref = np.argsort(in_order[idx])  # places are distinct: any sort gives the one order
    else:
        by_ref = np.argsort(keys[idx].astype(str), kind="stable")
    primary = primary_all[idx]
    pre = by_ref[np.argsort(primary[by_ref], kind="stable")]
    sorted_primary = primary[pre]
    tied = sorted_primary[1:] == sorted_primary[:-1]
    splits: list[str | None] = [None] * (idx.size - 1)
    if not tied.any():
        return Ranked(idx[pre], splits, tied)
    salt: list[str] = []

    def lots(members: np.ndarray) -> np.ndarray:
        if not salt:
            salt.append(prices_salt(keys, t_num["quoted_incentive"], qualified))
        return np.array([float(lot_key(s.lot_seed, keys[i], salt[0])) for i in members.tolist()])

    columns: dict[str, Callable[[np.ndarray], np.ndarray] | None] = {
        "capacity_desc": lambda m: -t_num["capacity"][m],
        "submitted_at": lambda m: t_num["submitted_at"][m],
        "received_at": None if received is None else (lambda m: received[m]),
        "lot": lots,
    }
    order = idx[pre]
    boundary = np.concatenate(([True], ~tied))  # where a block of bids still tied starts
    ranked = Ranked(order, splits, tied)
    _refine(order, boundary, objective_rules(s), columns, ranked)
    return ranked


def _refine(
    order: np.ndarray,
    boundary: np.ndarray,
    rules: list[str],
    columns: dict[str, Callable[[np.ndarray], np.ndarray] | None],
    ranked: Ranked,
) -> None:
    """Split the blocks of bids tied so far (`boundary` marks where each starts in `order`) by each rule in turn,
    every block at once: the bids of a block sorted by the rule's value (stable: they arrive in reference order,
    which stays within equal values), a new block wherever the value changes, and the rule recorded as the split
    before it. A rule that cannot compare a block's bids (no column, or a bid without a value) is skipped for that
    block and said so. `order`, `boundary` and `ranked` are updated in place; the blocks left tied are `open`."""
    n = order.size
    skips: list[tuple[int, int, Skip]] = []  # (start, depth, skip): sorted, the order of a rule-by-rule descent
    for depth, rule in enumerate(rules):
        starts = np.flatnonzero(boundary)
        sizes = np.diff(np.append(starts, n))
        tied = sizes > 1
        if not tied.any():
            break
        block = np.cumsum(boundary) - 1  # each position's block
        column = columns.get(rule)
        if column is None:
            for a, size in zip(starts[tied].tolist(), sizes[tied].tolist(), strict=True):
                skips.append((a, depth, Skip(rule, tuple(order[a : a + size].tolist()), SKIP_NO_REGISTER)))
            continue
        at = np.flatnonzero(tied[block])  # the positions of the blocks still tied
        values = np.full(n, np.nan)
        values[at] = column(order[at])
        missing = np.isnan(values) & tied[block]
        if missing.any():
            lacking = np.zeros(starts.size, bool)
            lacking[block[missing]] = True
            for b in np.flatnonzero(lacking).tolist():
                a, z = int(starts[b]), int(starts[b] + sizes[b])
                members = order[a:z]
                gone = tuple(members[missing[a:z]].tolist())
                skips.append((a, depth, Skip(rule, tuple(members.tolist()), SKIP_MISSING, gone)))
            at = at[~lacking[block[at]]]
        if at.size == 0:
            continue
        by_value = np.argsort(values[at], kind="stable")
        sort = at[by_value[np.argsort(block[at][by_value], kind="stable")]]  # by block, then by value
        order[at], values[at] = order[sort], values[sort]
        prev, this = at[:-1], at[1:]
        cut = this[(block[prev] == block[this]) & (values[prev] != values[this])]
        boundary[cut] = True
        for p in cut.tolist():
            ranked.splits[p - 1] = rule
    starts = np.flatnonzero(boundary)
    stops = np.append(starts[1:], n)
    ranked.open = [(a, z) for a, z in zip(starts.tolist(), stops.tolist(), strict=True) if z - a > 1]
    ranked.skips = [skip for _, _, skip in sorted(skips, key=lambda x: (x[0], x[1]))]
