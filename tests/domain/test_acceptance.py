"""Acceptance checks of the evaluation rules (contract section 3) found while testing the tool from outside."""

from __future__ import annotations

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid


def test_a_bid_below_the_minimum_technical_score_keeps_its_score_and_the_reason_states_it():
    # Z has no DVA and the least capacity: 0.7 x 0 + 0.3 x (100 x 600 / 1,200) = 15.000, below the minimum of 50.
    scheme = Scheme(covers=1).with_changes(method="qcbs", min_technical_score=50)
    bids = [
        make_bid("X", dva_pct=60.0, capacity=1200.0, quoted_incentive=1800.0),
        make_bid("Z", dva_pct=None, capacity=600.0, net_worth_cr=300.0, quoted_incentive=1500.0),
    ]
    z = evaluate(bids, scheme).outcome_for("Z")
    assert z.status is Status.NON_RESPONSIVE
    assert z.technical_score == 15.0
    assert z.reasons == ("Technical score 15.000 is below the minimum of 50.",)
    assert z.financial_score is None and z.combined_score is None and z.rank is None


def test_the_minimum_technical_score_is_applied_to_the_rounded_score():
    # B's technical score is 100 x 699.9996 / 1,000 = 69.99996, which rounds to 70.000: the minimum itself, so the
    # bid qualifies
    # (a reason saying "70.000 is below the minimum of 70" would contradict itself).
    scheme = Scheme(covers=1).with_changes(
        method="qcbs",
        min_technical_score=70,
        criteria=(type(Scheme(covers=1).criteria[0])("net_worth_cr", 1.0, "higher"),),
    )
    bids = [make_bid("A", net_worth_cr=1000.0), make_bid("B", net_worth_cr=699.9996)]
    b = evaluate(bids, scheme).outcome_for("B")
    assert b.technical_score == 70.0
    assert b.status is not Status.NON_RESPONSIVE


def test_a_group_bid_that_would_need_a_partial_award_when_partial_awards_are_not_allowed_says_so():
    # cap: A's 600 MTPA leave the group 600 under the 1,200 MTPA cap, exactly the minimum award; B offers 1,000 and
    # would need a partial award of 600, which the scheme does not allow. The reason must say that, not that less
    # than the minimum is left.
    scheme = Scheme(covers=1).with_changes(group_rule="cap", partial="none")
    bids = [
        make_bid("A", capacity=600.0, net_worth_cr=300.0, group="G1", quoted_incentive=1500.0),
        make_bid("B", capacity=1000.0, group="G1", quoted_incentive=1600.0),
    ]
    b = evaluate(bids, scheme).outcome_for("B")
    assert b.status is Status.WAITLISTED
    (reason,) = b.reasons
    assert "less than the minimum" not in reason
    assert "partial awards are not allowed" in reason and "group" in reason
