"""What the statement records for the committee beyond each bid's outcome: a single qualified bid, fewer qualified
bids than beneficiaries, capacity left unawarded, identical quotes, each tie whose order decides an award, and each
abnormally low quote. Findings are notes with the committee's justification beside them, never verdicts; an
abnormally low quote the committee has not yet accepted or rejected, and a tie it has not yet drawn, keep the result
provisional."""

from __future__ import annotations

from collections.abc import Sequence

from repm_bids.domain import engine as E
from repm_bids.domain.committee import Tie
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Decision, params_of
from repm_bids.domain.result import BidOutcome, Finding, Status, Summary
from repm_bids.domain.scheme import Scheme

_QUALIFIED = tuple(s for s in Status if s.qualified)
_LOW_STATE = {E.LOW_PENDING: "pending", E.LOW_ACCEPTED: "accepted", E.LOW_REJECTED: "rejected"}
_EPS = 1e-9


def findings(
    outcomes: Sequence[BidOutcome],
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

    qualified = [o for o in outcomes if o.status in _QUALIFIED]
    if summary.bids_received and len(qualified) == 1:
        add("single_qualified", bid_ref=qualified[0].bid_ref)
    elif 1 < len(qualified) < scheme.max_beneficiaries:
        add("fewer_qualified", qualified=len(qualified), beneficiaries=scheme.max_beneficiaries)
    if summary.bids_received and summary.capacity_unawarded > _EPS:
        add(
            "capacity_unawarded",
            unawarded=summary.capacity_unawarded,
            total=scheme.total_capacity,
            unit=scheme.capacity_unit,
        )
    ceilings: dict[float, float] = {}  # by capacity: the bids offer a few capacities between them
    quoted = [(o.quoted_incentive, o) for o in qualified if o.quoted_incentive is not None]
    at_ceiling = []
    for quote, o in quoted:
        capacity = o.capacity_offered or 0.0
        ceiling = ceilings.get(capacity)
        if ceiling is None:
            ceiling = ceilings[capacity] = scheme.quote_ceiling(capacity)
        if abs(quote - ceiling) < _EPS:
            at_ceiling.append(o)
    if len(at_ceiling) > 1:
        add("quotes_at_ceiling", bid_refs=sorted(str(o.bid_ref) for o in at_ceiling), basis=scheme.quote_basis)
    ceiling_refs = {o.bid_ref for o in at_ceiling} if len(at_ceiling) > 1 else set()
    by_quote: dict[float, list[str]] = {}
    for quote, o in quoted:
        if o.bid_ref not in ceiling_refs:
            by_quote.setdefault(quote, []).append(str(o.bid_ref))
    equal = justification.get("equal_quotes", "")
    for quote, refs in sorted(by_quote.items()):
        if len(refs) > 1:  # the figures as `add` makes them (params_of: the list as a tuple), one call fewer each
            params = (("quote", quote), ("bid_refs", tuple(sorted(refs))), ("basis", scheme.quote_basis))
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
