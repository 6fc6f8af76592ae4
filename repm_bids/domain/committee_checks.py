"""Whether a step the committee records fits the evaluation as it stands: a draw must be for exactly the bids of a tie
the result names, a withdrawal for an awardee once the prices are opened. Each refusal is a problem with its code
and figures (the sentence is `wording.py`'s); None when the step fits."""

from __future__ import annotations

from repm_bids.domain.committee import Draw, draw_fits
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Problem, Severity, problem
from repm_bids.domain.result import Evaluation, Status

COMMITTEE = "(committee)"


def draw_refusal(evaluation: Evaluation, draw: Draw) -> Problem | None:
    """None when `draw` names exactly the bids of one of the evaluation's ties (each once); else why not."""
    if evaluation.stage == "technical":
        return problem(Severity.ERROR, "draw_before_prices", COMMITTEE, {"bid_refs": list(draw.order)})
    if draw_fits(draw, evaluation.ties):
        return None
    ties = [", ".join(t.bids) for t in evaluation.pending_ties()]
    return problem(Severity.ERROR, "draw_not_a_tie", COMMITTEE, {"bid_refs": list(draw.order), "ties": ties})


def withdrawal_refusal(evaluation: Evaluation, bid_ref: str) -> Problem | None:
    """None when `bid_ref` is an awardee of the evaluation (awarded or partly awarded); else why not."""
    if evaluation.stage == "technical":
        return problem(Severity.ERROR, "withdraw_before_prices", COMMITTEE, {"bid_ref": bid_ref}, bid_ref=bid_ref)
    key = ref_key(bid_ref)
    found = next((o for o in evaluation.outcomes if o.bid_ref is not None and ref_key(o.bid_ref) == key), None)
    if found is None:
        return problem(Severity.ERROR, "withdrawn_unknown_bid", COMMITTEE, {"bid_ref": bid_ref}, bid_ref=bid_ref)
    if found.status not in (Status.AWARDED, Status.PARTIAL):
        figures = {"bid_ref": found.bid_ref, "status": found.status.label.lower()}
        return problem(Severity.ERROR, "withdraw_not_awarded", COMMITTEE, figures, bid_ref=found.bid_ref)
    return None
