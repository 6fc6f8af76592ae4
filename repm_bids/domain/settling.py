"""The committee's records (receipts, draws, withdrawals) as the engine's columns, and the engine's ties and skipped
rules back as records and problems. A record about a bid that is not among the bids is an error naming it; a draw
that fits no tie is not applied, and said so."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from repm_bids.domain.committee import Draw, Receipt, Tie
from repm_bids.domain.engine import Settling, TableResult
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Bid, Problem, Severity, problem
from repm_bids.domain.ranking import SKIP_NO_REGISTER

REGISTER = "(receipt register)"
COMMITTEE = "(committee)"
_EPOCH = datetime(1970, 1, 1)
LATER_RULES = ("submitted_at", "lot")  # objective rules that can decide what a skipped rule could not


def seconds(at: datetime) -> float:
    """A time as seconds, comparable across the register (a time with a zone is taken at its UTC instant)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return (at - _EPOCH).total_seconds()


def settling(
    keys: Sequence[str | None],
    receipts: Sequence[Receipt],
    draws: Sequence[Draw],
    withdrawn: Sequence[str],
    problems: list[Problem],
    columns: KeyColumns | None = None,
) -> Settling:
    """The engine's columns for these records; each record naming an unknown bid adds an error to `problems`.
    `columns`: `key_columns(keys)`, when the caller keeps it for the same bids."""
    known = {k for k in keys if k is not None} if receipts or withdrawn else set()
    received: np.ndarray | None = None
    if receipts:
        at = {}
        for r in receipts:
            k = ref_key(r.bid_ref)
            if k in known:
                at[k] = seconds(r.received_at)
            else:
                problems.append(
                    problem(Severity.ERROR, "receipt_unknown_bid", REGISTER, {"bid_ref": r.bid_ref}, bid_ref=r.bid_ref)
                )
        received = np.array([at.get(k, np.nan) if k is not None else np.nan for k in keys], dtype=np.float64)
    gone = set()
    for ref in withdrawn:
        if ref_key(ref) in known:
            gone.add(ref_key(ref))
        else:
            problems.append(problem(Severity.ERROR, "withdrawn_unknown_bid", COMMITTEE, {"bid_ref": ref}, bid_ref=ref))
    column, in_order = columns or key_columns(keys)
    return Settling(
        keys=column,
        received=received,
        draws=tuple(tuple(ref_key(r) for r in d.order) for d in draws),
        withdrawn=np.array([k in gone for k in keys], dtype=bool) if gone else None,
        in_order=in_order,
    )


KeyColumns = tuple[np.ndarray, np.ndarray]


def key_columns(keys: Sequence[str | None]) -> KeyColumns:
    """The reference keys as the engine's column ("" for a bid without one), and each bid's place when the bids are
    sorted by it (equal keys in input order): both depend on the bids alone."""
    column = np.array([k if k is not None else "" for k in keys], dtype=object)
    places = np.empty(len(keys), dtype=np.int64)
    places[np.argsort(column.astype(str), kind="stable")] = np.arange(len(keys))
    return column, places


def ties(bids: Sequence[Bid], r: TableResult, draws: Sequence[Draw]) -> tuple[Tie, ...]:
    return tuple(
        Tie(tuple(str(bids[i].bid_ref) for i in g.members), draws[g.draw] if g.draw is not None else None)
        for g in r.ties
    )


def unused_draws(draws: Sequence[Draw], found: Sequence[Tie]) -> list[Problem]:
    """A warning for each recorded draw that decided no tie (the bids it names are no longer tied as drawn)."""
    used = {id(t.drawn) for t in found if t.drawn is not None}
    return [
        problem(Severity.WARNING, "draw_not_applied", COMMITTEE, {"bid_refs": list(d.order)})
        for d in draws
        if id(d) not in used
    ]


def skipped_rules(bids: Sequence[Bid], r: TableResult) -> list[Problem]:
    """A warning for each tie a rule could not compare (no receipt register, or a bid without a time), where it
    mattered: the tie went to the committee's draw, or a later rule placed an awardee. A tie whose order changes
    nothing needs no warning."""
    in_ties = {i for g in r.ties for i in g.members}
    out = []
    for skip in r.skips:
        later = (r.tie_break[i] in LATER_RULES and r.awarded[i] > 0 for i in skip.members)
        if not (in_ties.intersection(skip.members) or any(later)):
            continue
        refs = [str(bids[i].bid_ref) for i in skip.members]
        figures: dict[str, object] = {"rule": skip.rule, "bid_refs": refs}
        if skip.why == SKIP_NO_REGISTER:
            out.append(problem(Severity.WARNING, "tie_rule_no_register", REGISTER, figures))
        else:
            figures["lacking"] = [str(bids[i].bid_ref) for i in skip.lacking]
            where = REGISTER if skip.rule == "received_at" else COMMITTEE
            out.append(problem(Severity.WARNING, "tie_rule_missing_time", where, figures))
    return out
