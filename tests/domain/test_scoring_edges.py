"""QCBS normalisation at its edges, and schemes whose total is below the per-bid cap (a re-bid)."""

from __future__ import annotations

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Criterion, Scheme, scheme_from_dict
from tests.factories import make_bid

LOWER_MONTHS = Scheme(covers=1).with_changes(method="qcbs", criteria=(Criterion("commissioning_months", 1.0, "lower"),))


def test_a_zero_value_on_a_lower_is_better_criterion_is_the_best_not_the_worst():
    bids = [make_bid("NOW", commissioning_months=0), make_bid("LATER", commissioning_months=12)]
    e = evaluate(bids, LOWER_MONTHS)
    scores = {o.bid_ref: o.technical_score for o in e.outcomes}
    assert scores == {"NOW": 100.0, "LATER": 0.0}


def test_a_blank_value_scores_zero_in_either_direction():
    higher = Scheme(covers=1).with_changes(method="qcbs", criteria=(Criterion("dva_pct", 1.0, "higher"),))
    e = evaluate([make_bid("A", dva_pct=None), make_bid("B", dva_pct=40.0)], higher)
    assert {o.bid_ref: o.technical_score for o in e.outcomes} == {"A": 0.0, "B": 100.0}
    lower = Scheme(covers=1).with_changes(method="qcbs", criteria=(Criterion("dva_pct", 1.0, "lower"),))
    e = evaluate([make_bid("A", dva_pct=None), make_bid("B", dva_pct=40.0)], lower)
    assert {o.bid_ref: o.technical_score for o in e.outcomes} == {"A": 0.0, "B": 100.0}


def test_a_rebid_smaller_than_the_cap_is_a_valid_scheme_and_awards_in_part():
    s = scheme_from_dict({"scheme": {"total_capacity": 1000}, "process": {"covers": 1}})
    e = evaluate([make_bid("A", quoted_incentive=1500.0), make_bid("B")], s)
    a = e.outcome_for("A")
    assert (a.status, a.awarded) == (Status.PARTIAL, 1000.0)
    assert e.outcome_for("B").status is Status.WAITLISTED
