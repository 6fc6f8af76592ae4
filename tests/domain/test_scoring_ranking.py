"""Scores (contract 3.4), ranking and tie-breaks (3.5), including the ACC battery PLI worked example."""

from __future__ import annotations

import numpy as np

from repm_bids.domain.committee import Receipt
from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.identity import ref_key
from repm_bids.domain.ranking import lot_key, prices_salt
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid, minutes

QCBS = Scheme(covers=1).with_changes(method="qcbs", capacity_step=50, min_capacity=500)


def test_acc_pli_worked_example_y_ranks_above_x():
    # ACC battery PLI RFP: X has the lower quote and more capacity, Y the higher DVA.
    # X: DVA 60 -> 0.857 of Y's 70; capacity 1,100 = best. Y: capacity 850 -> 0.773; quote 2,000 vs X's 1,800 -> 90.
    x = make_bid("X", dva_pct=60.0, capacity=1100.0, quoted_incentive=1800.0)
    y = make_bid("Y", dva_pct=70.0, capacity=850.0, quoted_incentive=2000.0, bidder_name="Y Ltd")
    e = evaluate([x, y], QCBS)
    first, second = e.ranked()
    assert first.bid_ref == "Y" and second.bid_ref == "X"
    assert first.technical_score == 93.182
    assert first.financial_score == 90.0
    assert first.combined_score == 92.545
    assert second.technical_score == 90.0
    assert second.financial_score == 100.0
    assert second.combined_score == 92.0
    # L-rank is by quote alone: X is L1 though ranked second.
    assert (first.l_rank, second.l_rank) == (2, 1)


def test_lcs_financial_score_is_lowest_over_this():
    e = evaluate([make_bid("A", quoted_incentive=1600.0), make_bid("B", quoted_incentive=2000.0)], Scheme(covers=1))
    a, b = e.ranked()
    assert (a.financial_score, b.financial_score) == (100.0, 80.0)
    assert a.technical_score is None and a.combined_score is None


def test_scores_round_half_up():
    # 100 * 1000 / 1500 = 66.6666... -> 66.667 ; with 1 decimal 66.7
    e = evaluate([make_bid("A", quoted_incentive=1000.0), make_bid("B", quoted_incentive=1500.0)], Scheme(covers=1))
    assert e.ranked()[1].financial_score == 66.667
    e1 = evaluate(
        [make_bid("A", quoted_incentive=1000.0), make_bid("B", quoted_incentive=1600.0)],
        Scheme(covers=1).with_changes(score_decimals=1),
    )
    assert e1.ranked()[1].financial_score == 62.5


def test_qcbs_lower_is_better_criterion_and_min_technical_score():
    scheme = Scheme(covers=1).with_changes(
        method="qcbs",
        criteria=(type(Scheme(covers=1).criteria[0])("commissioning_months", 1.0, "lower"),),
        min_technical_score=80,
    )
    bids = [
        make_bid("A", commissioning_months=12),
        make_bid("B", commissioning_months=18),
        make_bid("C", commissioning_months=14),
    ]
    e = evaluate(bids, scheme)
    scores = {o.bid_ref: o.technical_score for o in e.outcomes}
    assert scores["A"] == 100.0 and scores["C"] == 85.714
    assert e.outcome_for("B").status is Status.NON_RESPONSIVE  # 66.667 < 80
    assert any("below the minimum of 80" in r for r in e.outcome_for("B").reasons)


def test_tie_on_quote_broken_by_capacity_then_recorded():
    bids = [make_bid("SMALL", capacity=800.0, quoted_incentive=1700.0), make_bid("BIG", quoted_incentive=1700.0)]
    e = evaluate(bids, Scheme(covers=1))
    first, second = e.ranked()
    assert (first.bid_ref, second.bid_ref) == ("BIG", "SMALL")
    assert first.tie_break == second.tie_break == "capacity_desc"


def test_tie_broken_by_the_receipt_register_when_capacities_match():
    bids = [make_bid("LATE"), make_bid("EARLY")]
    register = [Receipt("LATE", minutes(30)), Receipt("EARLY", minutes(5))]
    e = evaluate(bids, Scheme(covers=1), receipts=register)
    assert [o.bid_ref for o in e.ranked()] == ["EARLY", "LATE"]
    assert e.ranked()[0].tie_break == "received_at"


def test_the_bidders_typed_time_is_used_only_when_the_scheme_names_it():
    bids = [make_bid("A", submitted_at=minutes(30)), make_bid("B", submitted_at=minutes(5))]
    assert [o.tie_break for o in evaluate(bids, Scheme(covers=1)).ranked()] == ["bid_ref", "bid_ref"]
    named = evaluate(bids, Scheme(covers=1).with_changes(tie_break=("capacity_desc", "submitted_at", "draw")))
    assert [o.bid_ref for o in named.ranked()] == ["B", "A"]
    assert named.ranked()[0].tie_break == "submitted_at"


def test_a_named_lot_decides_full_ties_reproducibly_and_only_once_the_prices_are_known():
    scheme = Scheme(covers=1).with_changes(tie_break=("capacity_desc", "lot"))
    bids = [make_bid(r) for r in ("P", "Q", "R", "S")]
    e1 = evaluate(bids, scheme)
    e2 = evaluate(list(reversed(bids)), scheme)
    order = [o.bid_ref for o in e1.ranked()]
    assert order == [o.bid_ref for o in e2.ranked()]
    keys = np.array([ref_key(r) for r in "PQRS"], dtype=object)  # references as compared
    salt = prices_salt(keys, np.full(4, 1900.0), np.ones(4, bool))
    assert order == sorted("PQRS", key=lambda r: lot_key(scheme.lot_seed, ref_key(r), salt))
    assert all(o.tie_break == "lot" for o in e1.ranked())
    assert not e1.summary.provisional and e1.ties == ()
    # the lot depends on the prices opened: the same references at another price draw other lots
    other = prices_salt(keys, np.full(4, 1800.0), np.ones(4, bool))
    assert [lot_key(scheme.lot_seed, r, salt) for r in "PQRS"] != [lot_key(scheme.lot_seed, r, other) for r in "PQRS"]


def test_tie_break_order_is_configurable():
    bids = [
        make_bid("BIG_LATE", capacity=1200.0, submitted_at=minutes(30)),
        make_bid("SMALL_EARLY", capacity=900.0, submitted_at=minutes(1)),
    ]
    e = evaluate(bids, Scheme(covers=1).with_changes(tie_break=("submitted_at", "capacity_desc", "lot")))
    assert [o.bid_ref for o in e.ranked()] == ["SMALL_EARLY", "BIG_LATE"]
    assert e.ranked()[0].tie_break == "submitted_at"


def test_untied_bids_record_no_tie_break():
    e = evaluate([make_bid("A", quoted_incentive=1500.0), make_bid("B")], Scheme(covers=1))
    assert [o.tie_break for o in e.ranked()] == [None, None]


def test_qcbs_tie_on_combined_score():
    bids = [make_bid("A", capacity=1000.0), make_bid("B", capacity=1000.0)]
    register = [Receipt("A", minutes(0)), Receipt("B", minutes(-1))]
    e = evaluate(bids, QCBS.with_changes(min_capacity=600), receipts=register)
    assert [o.bid_ref for o in e.ranked()] == ["B", "A"]
    assert e.ranked()[1].tie_break == "received_at"
