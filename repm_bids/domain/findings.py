"""What the statement records for the committee beyond each bid's outcome: a single qualified bid, fewer qualified
bids than beneficiaries, capacity left unawarded, identical quotes, each tie whose order decides an award, and each
abnormally low quote. Findings are notes with the committee's justification beside them, never verdicts; an
abnormally low quote the committee has not yet accepted or rejected, and a tie it has not yet drawn, keep the result
provisional."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from repm_bids.domain import engine as E
from repm_bids.domain.committee import Tie
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Decision, params_of
from repm_bids.domain.result import BidOutcome, Finding, Summary
from repm_bids.domain.scheme import Scheme

_LOW_STATE = {E.LOW_PENDING: "pending", E.LOW_ACCEPTED: "accepted", E.LOW_REJECTED: "rejected"}
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Quoted:
    """The qualified bids' quotes as columns, for the findings about quotes: every bid's reference (as stated), quoted
    incentive and capacity offered (NaN where the bid states none), and the qualified bids' indices in rank order.
    Columns, not outcomes: a thousand outcomes walked one by one took a tenth of a scheme change."""

    refs: Sequence[object]
    quotes: np.ndarray  # float64 (n,)
    capacities: np.ndarray  # float64 (n,)
    order: np.ndarray  # int (k,): the qualified bids, best first


def findings(
    quoted: Quoted,
    summary: Summary,
    scheme: Scheme,
    low: Sequence[tuple[BidOutcome, int, float]],
    decisions: dict[str, Decision],
    ties: Sequence[Tie] = (),
) -> tuple[Finding, ...]:
    """The findings in a fixed order: the whole tender's first, then each tie the committee draws (or is to draw),
    then each abnormally low quote by bid reference."""
    justification = dict(scheme.committee.justifications)  # the committee's, by finding code (once, not per finding)
    out: list[Finding] = []

    def add(code: str, **figures: object) -> None:
        out.append(Finding(code, params_of(figures), justification.get(code, "")))

    refs, qualified = quoted.refs, quoted.order
    if summary.bids_received and len(qualified) == 1:
        add("single_qualified", bid_ref=refs[int(qualified[0])])
    elif 1 < len(qualified) < scheme.max_beneficiaries:
        add("fewer_qualified", qualified=len(qualified), beneficiaries=scheme.max_beneficiaries)
    if summary.bids_received and summary.capacity_unawarded > _EPS:
        add(
            "capacity_unawarded",
            unawarded=summary.capacity_unawarded,
            total=scheme.total_capacity,
            unit=scheme.capacity_unit,
        )
    with_quote = qualified[~np.isnan(quoted.quotes[qualified])]
    at_ceiling = with_quote[_at_ceiling(quoted, with_quote, scheme)]
    rest = with_quote
    if len(at_ceiling) > 1:
        ceiling_refs = {refs[i] for i in at_ceiling.tolist()}
        add("quotes_at_ceiling", bid_refs=sorted(str(refs[i]) for i in at_ceiling.tolist()), basis=scheme.quote_basis)
        rest = np.array([i for i in with_quote.tolist() if refs[i] not in ceiling_refs], dtype=np.int64)
    equal = justification.get("equal_quotes", "")
    for quote, group in _equal_quotes(quoted.quotes, rest):
        # the figures as `add` makes them (params_of: the list as a tuple), one call fewer each
        bid_refs = tuple(sorted(str(refs[i]) for i in group))
        params = (("quote", quote), ("bid_refs", bid_refs), ("basis", scheme.quote_basis))
        out.append(Finding("equal_quotes", params, equal))
    for tie in ties:
        figures = {"bid_refs": list(tie.bids), "drawn": tie.drawn is not None}
        if tie.drawn is not None:
            figures |= {"order": list(tie.drawn.order), "witnesses": tie.drawn.witnesses}
        out.append(Finding("tie_draw", params_of(figures), justification.get("tie_draw", ""), pending=tie.pending))
    for o, state, band in sorted(low, key=lambda x: str(x[0].bid_ref)):
        d = decisions.get(ref_key(o.bid_ref or ""))
        figures = {
            "bid_ref": o.bid_ref,
            "quote": o.quoted_incentive,
            "band": band,
            "basis": scheme.quote_basis,
            "decision": _LOW_STATE[state],
        }
        out.append(
            Finding("abnormally_low", params_of(figures), d.remarks if d else "", pending=state == E.LOW_PENDING)
        )
    return tuple(out)


def _at_ceiling(quoted: Quoted, bids: np.ndarray, scheme: Scheme) -> np.ndarray:
    """Which of `bids` quote the ceiling for their capacity (a bid without a capacity: the ceiling at 0), each
    ceiling worked out once per capacity offered, as a Python float like the quote it is compared with."""
    capacities = np.nan_to_num(quoted.capacities[bids], nan=0.0)
    offered, which = np.unique(capacities, return_inverse=True)
    ceilings = np.array([scheme.quote_ceiling(c) for c in offered.tolist()], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(quoted.quotes[bids] - ceilings[which]) < _EPS)


def _equal_quotes(quotes: np.ndarray, bids: np.ndarray) -> list[tuple[float, list[int]]]:
    """The quotes that two or more of `bids` (in rank order) share, lowest first, each with its bids; a shared quote is
    given as the first of them in rank order states it."""
    by_value = np.argsort(quotes[bids], kind="stable")  # equal quotes stay in rank order
    values = quotes[bids][by_value]
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    ends = np.append(starts[1:], len(values))
    shared = (ends - starts) > 1
    ranked, stated = bids[by_value].tolist(), values.tolist()
    return [(stated[a], ranked[a:b]) for a, b in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True)]
