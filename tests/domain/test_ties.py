"""Ties the committee settles, the receipt register and withdrawal after the award (docs/evaluation-rules.md,
"Ties")."""

from __future__ import annotations

import pytest

from repm_bids.domain.committee import Draw, Receipt, draw_fits
from repm_bids.domain.committee_checks import draw_refusal, withdrawal_refusal
from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.report import result_dict
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme, SchemeError, scheme_from_dict
from tests.factories import make_bid, minutes


def _bids(quotes: dict[str, float]) -> list:
    return [make_bid(ref, quoted_incentive=q) for ref, q in quotes.items()]


# Four clear awards, then E and F tie for the fifth and last award.
FIFTH = {"A": 1500.0, "B": 1510.0, "C": 1520.0, "D": 1530.0, "E": 1600.0, "F": 1600.0}


def _line(e) -> list[tuple[str, str, float]]:
    return [(o.bid_ref, o.status.value, o.awarded) for o in e.ranked()]


def _codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_a_tie_that_decides_an_award_makes_the_result_provisional_and_names_the_bids():
    e = evaluate(_bids(FIFTH), Scheme(covers=1))
    assert e.summary.provisional
    assert [(t.bids, t.decided_by) for t in e.pending_ties()] == [(("E", "F"), None)]
    # until the draw, the tied bids stand in reference order, and no rule is said to have placed them
    assert _line(e)[4:] == [("E", "awarded", 1200.0), ("F", "waitlisted", 0.0)]
    assert [o.tie_break for o in e.ranked()[4:]] == [None, None]
    d = result_dict(e)
    assert d["provisional"] is True and d["summary"]["provisional"] is True
    assert d["ties"] == [{"bids": ["E", "F"], "decided_by": None}]
    tie = next(f for f in e.findings if f.code == "tie_draw")
    assert tie.pending and "E, F" in tie.message and "provisional until the committee records a draw" in tie.message
    # the rule received_at had nothing to compare: skipped, and said so
    assert "tie_rule_no_register" in _codes(e.warnings)


def test_a_tie_that_changes_nothing_is_ordered_by_reference_and_needs_no_draw():
    # A and B share the first places: both get their full capacity and (pro rata) the same IREL oxide either way
    e = evaluate(_bids({"B": 1500.0, "A": 1500.0, "C": 1520.0}), Scheme(covers=1))
    assert [o.bid_ref for o in e.ranked()] == ["A", "B", "C"]
    assert [o.tie_break for o in e.ranked()[:2]] == ["bid_ref", "bid_ref"]
    assert not e.summary.provisional and e.ties == ()
    assert e.warnings == ()  # no register, but the tie does not matter: nothing to warn about
    # a tie after the award is complete changes nothing either, however many bids share it
    late = {r: 1500.0 + 10 * i for i, r in enumerate("ABCDE")} | {r: 2000.0 for r in "PQRSTUVW"}
    e = evaluate(_bids(late), Scheme(covers=1))
    assert not e.summary.provisional and [o.status for o in e.waitlist()] == [Status.WAITLISTED] * 8


def test_a_recorded_draw_for_the_tied_bids_decides_their_order():
    e = evaluate(_bids(FIFTH), Scheme(covers=1), draws=[Draw(("F", "E"), "Shri A. Rao, Smt B. Iyer")])
    assert _line(e)[4:] == [("F", "awarded", 1200.0), ("E", "waitlisted", 0.0)]
    assert [o.tie_break for o in e.ranked()[4:]] == ["draw", "draw"]
    assert not e.summary.provisional
    assert result_dict(e)["ties"] == [{"bids": ["F", "E"], "decided_by": "draw"}]
    tie = next(f for f in e.findings if f.code == "tie_draw")
    assert not tie.pending and "witnessed by Shri A. Rao, Smt B. Iyer" in tie.message


def test_a_draw_naming_other_bids_is_refused_and_never_applied():
    e = evaluate(_bids(FIFTH), Scheme(covers=1))
    assert draw_fits(Draw(("E", "F"), "W"), e.ties)
    assert draw_fits(Draw(("e", "f"), "W"), e.ties)  # references as compared: case aside
    assert not draw_fits(Draw(("F", "A"), "W"), e.ties)  # other bids
    assert not draw_fits(Draw(("E",), "W"), e.ties)  # part of the tie
    assert not draw_fits(Draw(("E", "F", "D"), "W"), e.ties)  # more than the tie
    assert not draw_fits(Draw(("E", "F", "E"), "W"), e.ties)  # a bid twice
    wrong = evaluate(_bids(FIFTH), Scheme(covers=1), draws=[Draw(("F", "A"), "W")])
    assert wrong.summary.provisional and _line(wrong) == _line(e)
    unused = [p for p in wrong.warnings if p.code == "draw_not_applied"]
    assert len(unused) == 1 and "F, A settles no tie" in unused[0].message


def test_the_receipt_register_orders_a_tie_before_any_draw():
    register = [Receipt("E", minutes(5), "Bidder E Ltd"), Receipt("F", minutes(3))]
    e = evaluate(_bids(FIFTH), Scheme(covers=1), receipts=register)
    assert _line(e)[4:] == [("F", "awarded", 1200.0), ("E", "waitlisted", 0.0)]
    assert [o.tie_break for o in e.ranked()[4:]] == ["received_at", "received_at"]
    assert not e.summary.provisional and e.ties == () and e.warnings == ()


def test_a_register_without_a_time_for_a_tied_bid_leaves_the_tie_to_the_draw():
    e = evaluate(_bids(FIFTH), Scheme(covers=1), receipts=[Receipt("E", minutes(5)), Receipt("A", minutes(1))])
    assert e.summary.provisional and [t.bids for t in e.ties] == [("E", "F")]
    skipped = [p for p in e.warnings if p.code == "tie_rule_missing_time"]
    assert len(skipped) == 1 and "gives no time for F" in skipped[0].message


def test_a_register_row_for_an_unknown_bid_is_an_error():
    e = evaluate(_bids(FIFTH), Scheme(covers=1), receipts=[Receipt("Z-9", minutes(1))])
    assert _codes(e.errors) == ["receipt_unknown_bid"]
    assert "Z-9, which is not among the bids read" in e.errors[0].message


def test_a_tie_for_a_share_of_the_irel_oxide_needs_a_draw():
    # A and B both get 1,200 MTPA whatever their order, but the oxide is fixed by rank: 200, 175, 125 MTPA
    quotes = {"A": 1500.0, "B": 1500.0, "C": 1520.0}
    scheme = Scheme(covers=1).with_changes(irel_split=(200.0, 175.0, 125.0))
    e = evaluate(_bids(quotes), scheme)
    assert e.summary.provisional and [t.bids for t in e.ties] == [("A", "B")]
    assert [o.awarded for o in e.ranked()] == [1200.0, 1200.0, 1200.0]
    drawn = evaluate(_bids(quotes), scheme, draws=[Draw(("B", "A"), "W")])
    assert [(o.bid_ref, o.irel_share) for o in drawn.ranked()[:2]] == [("B", 200.0), ("A", 175.0)]
    # shared pro rata (the default), the same two awards share the same oxide: no draw
    assert not evaluate(_bids(quotes), Scheme(covers=1)).summary.provisional


def test_a_tie_for_how_much_is_awarded_needs_a_draw():
    # 4,800 MTPA to A-D leaves 1,200 MTPA; E offers 1,200 and F 1,000 at the same quote, capacity not a rule
    bids = _bids(FIFTH)
    bids[-1] = make_bid("F", quoted_incentive=1600.0, capacity=1000.0)
    scheme = Scheme(covers=1).with_changes(tie_break=("received_at", "draw"), max_beneficiaries=6)
    e = evaluate(bids, scheme)
    assert [t.bids for t in e.ties] == [("E", "F")]
    assert [(o.bid_ref, o.awarded) for o in e.ranked()[4:]] == [("E", 1200.0), ("F", 0.0)]


def test_withdrawal_after_award_moves_the_waiting_list_up():
    quotes = {"A": 1500.0, "B": 1510.0, "C": 1520.0, "D": 1530.0, "E": 1540.0, "F": 1600.0, "G": 1700.0}
    before = evaluate(_bids(quotes), Scheme(covers=1))
    assert [o.bid_ref for o in before.waitlist()] == ["F", "G"]
    after = evaluate(_bids(quotes), Scheme(covers=1), withdrawn=["B"])
    b = after.outcome_for("B")
    assert b.status is Status.WITHDRAWN and b.awarded == 0 and b.rank == 2  # keeps its place in the ranking
    assert "Withdrew after the award" in b.reasons[0]
    assert [o.bid_ref for o in after.awards()] == ["A", "C", "D", "E", "F"]
    assert [o.bid_ref for o in after.waitlist()] == ["G"]
    # the IREL oxide goes to the first three awardees that remain
    assert [o.bid_ref for o in after.ranked() if o.irel_share > 0] == ["A", "C", "D"]
    assert result_dict(after)["bids"][1]["status"] == "withdrawn"
    assert after.summary.qualified == before.summary.qualified


def test_a_withdrawal_naming_an_unknown_bid_is_an_error_and_changes_nothing():
    quotes = {"A": 1500.0, "B": 1510.0}
    e = evaluate(_bids(quotes), Scheme(covers=1), withdrawn=["Q"])
    assert _codes(e.errors) == ["withdrawn_unknown_bid"]
    assert [o.status for o in e.ranked()] == [Status.AWARDED, Status.AWARDED]


def test_a_withdrawal_can_make_a_drawn_tie_matter_no_more_and_the_draw_still_stands():
    e = evaluate(_bids(FIFTH), Scheme(covers=1), draws=[Draw(("F", "E"), "W")], withdrawn=["A"])
    assert _line(e)[4:] == [("F", "awarded", 1200.0), ("E", "awarded", 1200.0)]
    assert [t.decided_by for t in e.ties] == ["draw"] and not e.summary.provisional


def test_a_draw_is_a_rule_that_only_comes_last():
    with pytest.raises(SchemeError, match="rule after draw"):
        scheme_from_dict({"allocation": {"tie_break": ["draw", "capacity_desc"]}})
    assert Scheme(covers=1).tie_break == ("capacity_desc", "received_at", "draw")


def test_the_committees_steps_are_refused_with_a_sentence_when_they_do_not_fit():
    e = evaluate(_bids(FIFTH), Scheme(covers=1))
    assert draw_refusal(e, Draw(("F", "E"), "W")) is None
    wrong = draw_refusal(e, Draw(("F", "A"), "W"))
    assert wrong is not None and wrong.code == "draw_not_a_tie"
    assert wrong.message == (
        "The draw names bids F, A, which are not exactly the bids of a tie this result names (ties to be drawn: E, F)."
    )
    assert withdrawal_refusal(e, "a") is None  # an awardee, its reference as compared
    assert withdrawal_refusal(e, "F").message == (
        "Bid F is waitlisted, not an awardee: only an awardee can withdraw after the award."
    )
    assert withdrawal_refusal(e, "Q").code == "withdrawn_unknown_bid"
    technical = evaluate(_bids(FIFTH), Scheme(covers=1).with_changes(covers=2))
    assert draw_refusal(technical, Draw(("E", "F"), "W")).code == "draw_before_prices"
    assert withdrawal_refusal(technical, "A").code == "withdraw_before_prices"
