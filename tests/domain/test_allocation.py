"""Allocation (contract 3.6-3.8): bucket filling, partial awards, waiting list, group cap, liability and IREL."""

from __future__ import annotations

import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid

# A re-bid of capacity left by a withdrawn beneficiary: the total binds before the beneficiary count.
REBID = Scheme(covers=1).with_changes(total_capacity=2500)


def awards(e):
    return [(o.bid_ref, o.status, o.awarded) for o in e.ranked()]


def test_default_scheme_five_awards_then_waiting_list():
    bids = [make_bid(f"B{i}", quoted_incentive=1500.0 + i) for i in range(7)]
    e = evaluate(bids, Scheme(covers=1))
    assert [a[2] for a in awards(e)] == [1200.0] * 5 + [0.0, 0.0]
    assert e.summary.beneficiaries == 5 and e.summary.capacity_awarded == 6000
    assert e.outcome_for("B5").status is Status.WAITLISTED
    assert "All 5 awards had been made" in e.outcome_for("B5").reasons[0]


def test_marginal_bid_is_partly_awarded_when_the_total_binds():
    bids = [
        make_bid("A", quoted_incentive=1500.0),
        make_bid("B", quoted_incentive=1600.0),
        make_bid("C", quoted_incentive=1700.0),
    ]
    e = evaluate(bids, REBID)
    assert awards(e) == [("A", Status.AWARDED, 1200.0), ("B", Status.AWARDED, 1200.0), ("C", Status.WAITLISTED, 0.0)]
    assert "Only 100 MTPA remained" in e.outcome_for("C").reasons[0]
    e2 = evaluate(bids, Scheme(covers=1).with_changes(total_capacity=3000))
    assert awards(e2)[2] == ("C", Status.PARTIAL, 600.0)
    assert "Partly awarded: 600 of 1,200 MTPA" in e2.outcome_for("C").reasons[0]


def test_partial_none_skips_to_a_later_smaller_bid_that_fits():
    bids = [
        make_bid("A", quoted_incentive=1500.0),
        make_bid("B", quoted_incentive=1600.0),
        make_bid("C", quoted_incentive=1700.0),  # 1,200 offered, 600 left: no partial
        make_bid("D", quoted_incentive=1800.0, capacity=600.0),  # fits exactly
    ]
    e = evaluate(bids, Scheme(covers=1).with_changes(total_capacity=3000, partial="none"))
    assert awards(e) == [
        ("A", Status.AWARDED, 1200.0),
        ("B", Status.AWARDED, 1200.0),
        ("C", Status.WAITLISTED, 0.0),
        ("D", Status.AWARDED, 600.0),
    ]
    assert "partial awards are not allowed" in e.outcome_for("C").reasons[0]


def test_award_is_rounded_down_to_the_step():
    bids = [make_bid("A", quoted_incentive=1500.0), make_bid("B", quoted_incentive=1600.0)]
    e = evaluate(bids, Scheme(covers=1).with_changes(total_capacity=2000, capacity_step=100))
    assert awards(e)[1] == ("B", Status.PARTIAL, 800.0)
    s = Scheme(covers=1).with_changes(total_capacity=2400, capacity_step=200, min_capacity=600, max_capacity=1200)
    e = evaluate([make_bid("A", quoted_incentive=1500.0), make_bid("B", capacity=1000.0, quoted_incentive=1600.0)], s)
    assert awards(e)[1][2] == 1000.0


def test_group_cap_keeps_a_group_within_the_per_beneficiary_cap():
    s = Scheme(covers=1).with_changes(group_rule="cap")
    bids = [
        make_bid("G1", group="Grp", capacity=800.0, quoted_incentive=1500.0),
        make_bid("G2", group="Grp", capacity=800.0, quoted_incentive=1600.0),
        make_bid("G3", group="Grp", capacity=600.0, quoted_incentive=1650.0),
        make_bid("O", capacity=1200.0, quoted_incentive=1700.0),
    ]
    e = evaluate(bids, s)
    got = {o.bid_ref: (o.status, o.awarded) for o in e.outcomes}
    assert got["G1"] == (Status.AWARDED, 800.0)
    assert got["G2"] == (Status.WAITLISTED, 0.0)  # only 400 left under the group cap: below the minimum
    assert got["G3"] == (Status.WAITLISTED, 0.0)
    assert got["O"] == (Status.AWARDED, 1200.0)
    assert "group" in e.outcome_for("G2").reasons[0]


def test_less_than_minimum_left_waitlists_everyone_after():
    s = Scheme(covers=1).with_changes(total_capacity=2900)
    bids = [
        make_bid("A", quoted_incentive=1500.0),
        make_bid("B", quoted_incentive=1600.0),
        make_bid("C", capacity=600.0),
    ]
    e = evaluate(bids, s)
    assert e.outcome_for("C").status is Status.WAITLISTED
    assert "Only 500 MTPA remained" in e.outcome_for("C").reasons[0]


def test_incentive_liability_and_irel_shares():
    bids = [
        make_bid("A", quoted_incentive=1500.0, capacity=1200.0),
        make_bid("B", quoted_incentive=1600.0, capacity=800.0),
        make_bid("C", quoted_incentive=1700.0, capacity=600.0, net_worth_cr=200.0, investment_cr=300.0),
        make_bid("D", quoted_incentive=1800.0, capacity=1000.0),
    ]
    e = evaluate(bids, Scheme(covers=1))
    a = e.outcome_for("A")
    # 1,200 MTPA x 1,000 kg x 5 years x INR 1,500 / 10^7 = INR 900 crore
    assert a.incentive_liability_crore == pytest.approx(900.0)
    assert e.outcome_for("D").incentive_liability_crore == pytest.approx(900.0)
    assert e.summary.incentive_liability_crore_total == pytest.approx(900 + 640 + 510 + 900)
    # The first three awardees share 500 MTPA of NdPr oxide pro rata: 1,200 : 800 : 600
    assert a.irel_share == pytest.approx(500 * 1200 / 2600)
    assert e.outcome_for("C").irel_share == pytest.approx(500 * 600 / 2600)
    assert e.outcome_for("D").irel_share == 0
    assert e.summary.irel_pool_allocated == pytest.approx(500)


def test_max_liability_at_the_ceiling_matches_the_notification():
    # INR 1,290 crore for 1,200 MTPA at INR 2,150/kg; INR 645 crore for 600 MTPA.
    e = evaluate(
        [
            make_bid("A", quoted_incentive=2150.0),
            make_bid("B", capacity=600.0, quoted_incentive=2150.0, net_worth_cr=180.0, investment_cr=300.0),
        ],
        Scheme(covers=1),
    )
    assert e.outcome_for("A").incentive_liability_crore == pytest.approx(1290.0)
    assert e.outcome_for("B").incentive_liability_crore == pytest.approx(645.0)


def test_summary_subscription():
    bids = [make_bid(f"B{i}") for i in range(4)] + [make_bid("BAD", capacity=1300.0)]
    e = evaluate(bids, Scheme(covers=1))
    assert e.summary.capacity_offered_total == 4 * 1200 + 1300
    assert e.summary.subscription_ratio == pytest.approx(6100 / 6000)
    assert e.summary.capacity_unawarded == 6000 - 4800


def test_outcomes_order_is_ranked_then_others_in_input_order():
    bids = [
        make_bid("N1", capacity=1300.0),
        make_bid("Q1", quoted_incentive=1800.0),
        make_bid("N2", dpr_submitted=False),
        make_bid("Q2", quoted_incentive=1500.0),
    ]
    e = evaluate(bids, Scheme(covers=1))
    assert [o.bid_ref for o in e.outcomes] == ["Q2", "Q1", "N1", "N2"]
    assert [o.rank for o in e.outcomes] == [1, 2, None, None]


def test_re_evaluating_other_bids_of_the_same_count_uses_the_new_bids():
    # evaluate() keeps what depends on the bids alone for the next call with the very same Bid objects
    first = [make_bid("A", quoted_incentive=1500.0), make_bid("B")]
    second = [make_bid("A", quoted_incentive=2500.0), make_bid("B")]
    assert evaluate(first, Scheme(covers=1)).outcome_for("A").status is Status.AWARDED
    assert evaluate(second, Scheme(covers=1)).outcome_for("A").status is Status.NON_RESPONSIVE
    again = evaluate(first, Scheme(covers=1).with_changes(max_beneficiaries=1))
    assert [o.bid_ref for o in again.awards()] == ["A"]
