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
) -> Ranked:
    """The qualified bids ranked by `primary_all` (lower is better), then by the objective rules."""
    idx = np.flatnonzero(qualified)
    if idx.size == 0:
        return Ranked(idx, [], np.zeros(0, bool))
    refs = keys[idx].astype(str)
    by_ref = np.argsort(refs, kind="stable")
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
    ranked = Ranked(np.empty(0, np.int64), splits, tied)
    out: list[int] = []
    rules = objective_rules(s)
    start = 0
    while start < idx.size:
        stop = start + 1
        while stop < idx.size and tied[stop - 1]:
            stop += 1
        members = idx[pre[start:stop]]
        if stop - start == 1:
            out.append(int(members[0]))
        else:
            for block, rule in _refine(members, rules, columns, ranked.skips):
                if out and rule is not None:
                    splits[len(out) - 1] = rule
                if block.size > 1:
                    ranked.open.append((len(out), len(out) + block.size))
                out.extend(block.tolist())
        start = stop
    ranked.order = np.asarray(out, dtype=np.int64)
    return ranked


def _refine(
    members: np.ndarray,
    rules: list[str],
    columns: dict[str, Callable[[np.ndarray], np.ndarray] | None],
    skips: list[Skip],
) -> list[tuple[np.ndarray, str | None]]:
    """Split bids tied so far by the next rule: blocks in order, each with the rule that placed it after the block
    before it (None for the first)."""
    if members.size == 1 or not rules:
        return [(members, None)]
    rule, rest = rules[0], rules[1:]
    column = columns.get(rule)
    if column is None:
        skips.append(Skip(rule, tuple(members.tolist()), SKIP_NO_REGISTER))
        return _refine(members, rest, columns, skips)
    values = column(members)
    missing = np.isnan(values)
    if missing.any():
        skips.append(Skip(rule, tuple(members.tolist()), SKIP_MISSING, tuple(members[missing].tolist())))
        return _refine(members, rest, columns, skips)
    sort = np.argsort(values, kind="stable")  # members arrive in reference order, which stays within equal values
    members, values = members[sort], values[sort]
    cuts = np.flatnonzero(values[1:] != values[:-1]) + 1
    out: list[tuple[np.ndarray, str | None]] = []
    for j, run in enumerate(np.split(members, cuts)):
        blocks = _refine(run, rest, columns, skips)
        if j > 0:
            blocks[0] = (blocks[0][0], rule)
        out.extend(blocks)
    return out
