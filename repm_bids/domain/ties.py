"""Ties the objective rules leave (docs/evaluation-rules.md, "Ties"): a tie whose order changes who is awarded, how
much, or who shares the IREL oxide is the committee's to settle by a draw of lots; until the draw is recorded the
result is provisional and the tied bids stand in reference order. A tie whose order changes nothing is ordered by
bid reference and needs no draw.

Whether the order matters is tried, not guessed: the allocation is run again with the tied bids in every other order
(at most `MAX_TRIED` bids; a larger tie is taken to matter unless the award was complete before it was reached).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import permutations

import numpy as np

from repm_bids.domain.ranking import BY_REFERENCE, DRAW, Ranked

MAX_TRIED = 6  # 720 orders at most; a tie of more bids is taken to matter
_EPS = 1e-9

Outcome = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
"""The allocation of an order: (awarded per bid, IREL oxide per bid)."""


@dataclass(frozen=True, slots=True)
class TieGroup:
    """A tie that needs (or needed) a draw: the bid indices as they now stand, and which recorded draw decided it
    (its index in the draws given, None while pending)."""

    members: tuple[int, ...]
    draw: int | None


def settle(
    ranked: Ranked,
    keys: np.ndarray,
    draws: Sequence[tuple[str, ...]],
    outcome: Outcome,
    reached: Callable[[np.ndarray, int], bool],
) -> tuple[np.ndarray, list[str | None], list[TieGroup]]:
    """The final order, the rule that placed each adjacent pair, and the ties that need or needed a draw.

    `draws` are the committee's draws as reference keys, best first. `reached(order, position)` says whether the
    allocation walk was still making awards when it reached that position (a tie after the award is complete
    changes nothing, whatever its size)."""
    order = ranked.order.copy()
    splits = list(ranked.splits)
    groups: list[TieGroup] = []
    ended = False  # the walk ended before an earlier tie: it ends before every later one too
    for lo, hi in ranked.open:
        members = order[lo:hi]
        wanted = frozenset(str(keys[i]) for i in members.tolist())
        drawn = next((j for j in range(len(draws) - 1, -1, -1) if frozenset(draws[j]) == wanted), None)
        if drawn is not None and len(set(draws[drawn])) == len(draws[drawn]):
            place = {k: n for n, k in enumerate(draws[drawn])}
            order[lo:hi] = sorted(members.tolist(), key=lambda i: place[str(keys[i])])
            splits[lo : hi - 1] = [DRAW] * (hi - lo - 1)
            groups.append(TieGroup(tuple(order[lo:hi].tolist()), drawn))
            continue
        ended = ended or not reached(order, lo)
        if not ended and _matters(order, lo, hi, outcome):
            splits[lo : hi - 1] = [None] * (hi - lo - 1)
            groups.append(TieGroup(tuple(members.tolist()), None))
        else:
            splits[lo : hi - 1] = [BY_REFERENCE] * (hi - lo - 1)
    return order, splits, groups


def _matters(order: np.ndarray, lo: int, hi: int, outcome: Outcome) -> bool:
    if hi - lo > MAX_TRIED:
        return True
    awarded, irel = outcome(order)
    members = order[lo:hi].tolist()
    trial = order.copy()
    for perm in permutations(members):
        if list(perm) == members:
            continue
        trial[lo:hi] = perm
        other_awarded, other_irel = outcome(trial)
        if not (np.allclose(awarded, other_awarded, atol=_EPS) and np.allclose(irel, other_irel, atol=_EPS)):
            return True
    return False


def tie_breaks(order: np.ndarray, splits: list[str | None], primary_tied: np.ndarray, n: int) -> np.ndarray:
    """For each bid, the rule that decided its place in a tie (None where it was not tied, or while a draw is
    pending): the rule between it and the bid before it, or for the first bid of a tie the one after it."""
    rules: list[str | None] = [None] * n
    at = order.tolist()  # Python ints: a numpy scalar per lookup cost more than the rest of the loop
    for j in np.flatnonzero(primary_tied).tolist():
        rule = splits[j]
        for i in (at[j + 1], at[j]):
            if rules[i] is None:
                rules[i] = rule
    out = np.empty(n, dtype=object)
    out[:] = rules
    return out
