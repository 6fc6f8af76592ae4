"""The rules the tender documents leave open, each a scheme key: what bids quote, the least quote, an abnormally
low quote for the committee, the IREL oxide split; and the findings the statement records."""

from __future__ import annotations

import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import Decision
from repm_bids.domain.report import result_dict
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme, SchemeError, scheme_from_dict
from repm_bids.domain.scheme_documents import Committee
from tests.factories import make_bid


def _order(e):
    return [o.bid_ref for o in e.ranked()]


def test_a_ranking_by_total_quote_differs_from_the_ranking_by_rate_on_the_same_bids():
    # A: 600 MTPA at INR 2,000/kg asks 600 x 1,000 x 5 x 2,000 / 10^7 = INR 600 crore in all;
    # B: 1,200 MTPA at INR 1,500/kg asks INR 900 crore. By rate B is first; by the total A is.
    per_kg = [make_bid("A", capacity=600.0, quoted_incentive=2000.0), make_bid("B", quoted_incentive=1500.0)]
    total = [make_bid("A", capacity=600.0, quoted_incentive=600.0), make_bid("B", quoted_incentive=900.0)]
    by_rate = evaluate(per_kg, Scheme(covers=1))
    by_total = evaluate(total, Scheme(covers=1, quote_basis="total_crore"))
    assert _order(by_rate) == ["B", "A"]
    assert _order(by_total) == ["A", "B"]
    # the liability is the total quoted: the same money either way
    assert [o.incentive_liability_crore for o in by_total.awards()] == [600.0, 900.0]
    assert sorted(o.incentive_liability_crore for o in by_rate.awards()) == [600.0, 900.0]


def test_a_total_quote_is_held_to_the_ceiling_of_its_capacity():
    # 600 MTPA: ceiling 600 x 1,000 x 5 x 2,150 / 10^7 = INR 645 crore
    e = evaluate([make_bid("A", capacity=600.0, quoted_incentive=646.0)], Scheme(covers=1, quote_basis="total_crore"))
    check = next(c for c in e.outcomes[0].checks if c.id == "incentive_ceiling")
    assert check.passed is False and check.case == "above"
    assert check.message == "Quoted incentive ₹646 crore is above the ceiling of ₹645 crore."


def test_a_zero_quote_is_flagged_for_the_committee_and_awarded_when_it_accepts():
    bids = [make_bid("Z", quoted_incentive=0.0), make_bid("B", quoted_incentive=1800.0)]
    scheme = Scheme(covers=1, abnormally_low=0.5)  # below INR 1,075/kg
    pending = evaluate(bids, scheme)
    assert pending.outcome_for("Z").status is Status.AWARDED and pending.outcome_for("Z").rank == 1
    low = [f for f in pending.findings if f.code == "abnormally_low"]
    assert len(low) == 1 and low[0].figures["decision"] == "pending" and low[0].pending
    assert pending.summary.provisional is True
    assert "provisional until the committee accepts or rejects" in low[0].message

    # the technical decision alone does not accept the quote: it stays pending
    qualified = evaluate(bids, scheme, [Decision("Z", True, "Technically qualified.")])
    assert qualified.summary.provisional is True
    assert [f.figures["decision"] for f in qualified.findings if f.code == "abnormally_low"] == ["pending"]

    justified = "Justified: the bidder waives the incentive."
    accepted = evaluate(bids, scheme, [Decision("Z", None, justified, low_quote=True)])
    z = accepted.outcome_for("Z")
    assert z.status is Status.AWARDED and z.incentive_liability_crore == 0.0
    low = [f for f in accepted.findings if f.code == "abnormally_low"]
    assert low[0].figures["decision"] == "accepted" and not low[0].pending
    assert low[0].justification == "Justified: the bidder waives the incentive."
    assert accepted.summary.provisional is False
    assert result_dict(accepted)["summary"]["provisional"] is False

    rejected = evaluate(bids, scheme, [Decision("Z", True, "No justification given.", low_quote=False)])
    z = rejected.outcome_for("Z")
    assert z.status is Status.NON_RESPONSIVE
    assert z.reasons == ("The committee rejected the bid's abnormally low quote: No justification given.",)
    assert rejected.outcome_for("B").rank == 1
    assert [f.figures["decision"] for f in rejected.findings if f.code == "abnormally_low"] == ["rejected"]
    # a bid the committee found not technically qualified is out, and its low quote with it
    out = evaluate(bids, scheme, [Decision("Z", False, "No DPR.")])
    assert [f.figures["decision"] for f in out.findings if f.code == "abnormally_low"] == ["rejected"]
    assert out.outcome_for("Z").reasons == ("The committee found the bid not technically qualified: No DPR.",)


def test_a_zero_quote_scores_full_marks_under_qcbs_without_dividing_by_zero():
    bids = [make_bid("Z", quoted_incentive=0.0), make_bid("B", quoted_incentive=1800.0)]
    e = evaluate(bids, Scheme(covers=1, method="qcbs", technical_weight=0.8, financial_weight=0.2))
    assert e.outcome_for("Z").financial_score == 100.0 and e.outcome_for("B").financial_score == 0.0


def _three_awards(scheme):
    bids = [
        make_bid("A", capacity=1200.0, quoted_incentive=1500.0),
        make_bid("B", capacity=800.0, quoted_incentive=1600.0),
        make_bid("C", capacity=600.0, quoted_incentive=1700.0),
        make_bid("D", capacity=600.0, quoted_incentive=1800.0),
    ]
    return {o.bid_ref: o.irel_share for o in evaluate(bids, scheme).awards()}


@pytest.mark.parametrize(
    ("split", "shares"),
    [
        ("pro_rata", {"A": 230.769231, "B": 153.846154, "C": 115.384615, "D": 0.0}),  # 500 x 1,200 / 2,600 ...
        ("equal", {"A": 166.666667, "B": 166.666667, "C": 166.666667, "D": 0.0}),
        ((200.0, 175.0, 125.0), {"A": 200.0, "B": 175.0, "C": 125.0, "D": 0.0}),
    ],
)
def test_each_irel_split(split, shares):
    got = _three_awards(Scheme(covers=1, irel_split=split))
    assert {k: round(v, 6) for k, v in got.items()} == shares


def test_the_irel_split_from_a_scheme_file_and_its_checks():
    assert scheme_from_dict({"allocation": {"irel_split": [200, 175, 125]}}).irel_split == (200.0, 175.0, 125.0)
    with pytest.raises(SchemeError) as bad:
        scheme_from_dict({"allocation": {"irel_split": [300, 300]}})
    assert any("gives 2 shares for irel_ranks 3" in m for m in bad.value.messages)
    assert any("more than irel_pool 500" in m for m in bad.value.messages)
    with pytest.raises(SchemeError, match="must be one of pro_rata, equal"):
        scheme_from_dict({"allocation": {"irel_split": "by_lot"}})
    with pytest.raises(SchemeError, match="quote_basis: must be one of per_kg, total_crore"):
        scheme_from_dict({"evaluation": {"quote_basis": "per_tonne"}})
    with pytest.raises(SchemeError, match="abnormally_low"):
        scheme_from_dict({"evaluation": {"abnormally_low": 1.5}})


def test_findings_single_bid_fewer_bids_capacity_unawarded_with_the_committees_justification():
    committee = Committee(justifications=(("single_qualified", "Recorded: wide publicity, one responsive bid."),))
    e = evaluate([make_bid("A"), make_bid("B", capacity=650.0)], Scheme(covers=1, committee=committee))
    codes = {f.code: f for f in e.findings}
    assert set(codes) == {"single_qualified", "capacity_unawarded"}
    assert codes["single_qualified"].justification == "Recorded: wide publicity, one responsive bid."
    assert codes["capacity_unawarded"].message.startswith("4,800 of the 6,000 MTPA on offer is left unawarded")
    assert codes["capacity_unawarded"].justification == ""
    e2 = evaluate([make_bid("A"), make_bid("B", quoted_incentive=1800.0)], Scheme(covers=1))
    assert [f.code for f in e2.findings] == ["fewer_qualified", "capacity_unawarded"]
    assert e2.findings[0].message == "2 bids qualified, fewer than the 5 beneficiaries the scheme selects."
    assert result_dict(e2)["findings"][0] == {
        "code": "fewer_qualified",
        "figures": {"qualified": 2, "beneficiaries": 5},
        "message": "2 bids qualified, fewer than the 5 beneficiaries the scheme selects.",
        "justification": "",
        "pending": False,
    }


def test_identical_quotes_at_the_ceiling_and_equal_quotes_are_notes_not_verdicts():
    bids = [
        make_bid("A", quoted_incentive=2150.0),
        make_bid("B", quoted_incentive=2150.0),
        make_bid("C", quoted_incentive=1900.0),
        make_bid("D", quoted_incentive=1900.0),
        make_bid("E", quoted_incentive=1800.0),
    ]
    e = evaluate(bids, Scheme(covers=1))
    notes = [(f.code, f.figures["bid_refs"]) for f in e.findings if f.code in ("quotes_at_ceiling", "equal_quotes")]
    assert notes == [("quotes_at_ceiling", ("A", "B")), ("equal_quotes", ("C", "D"))]
    assert all(o.status is Status.AWARDED for o in e.outcomes)  # nobody is rejected for it
    assert "not a verdict" in e.findings[-1].message and not e.summary.provisional


def _paid(scheme, bids):
    e = evaluate(bids, scheme)
    return {o.bid_ref: (o.rate_paid, round(o.incentive_liability_crore, 6)) for o in e.awards()}, e


def test_each_awardee_is_paid_its_own_quote_by_default_or_l1s_rate_when_the_committee_chooses_it():
    bids = [
        make_bid("A", capacity=1200.0, quoted_incentive=1500.0),
        make_bid("B", capacity=800.0, quoted_incentive=1600.0),
        make_bid("C", capacity=600.0, quoted_incentive=1700.0),
    ]
    # own quote: MTPA x quote / 2,000 (INR crore): 1,200 x 1,500 / 2,000 = 900; 800 x 1,600 / 2,000 = 640; 510
    own, e = _paid(Scheme(covers=1), bids)
    assert own == {"A": (1500.0, 900.0), "B": (1600.0, 640.0), "C": (1700.0, 510.0)}
    assert e.summary.incentive_liability_crore_total == 2050.0
    # L1's rate (INR 1,500/kg) for all: 900, 800 x 1,500 / 2,000 = 600, 600 x 1,500 / 2,000 = 450
    l1, e = _paid(Scheme(covers=1, price_paid="l1_rate"), bids)
    assert l1 == {"A": (1500.0, 900.0), "B": (1500.0, 600.0), "C": (1500.0, 450.0)}
    assert e.summary.incentive_liability_crore_total == 1950.0
    assert [o.rank for o in e.ranked()] == [1, 2, 3]  # the ranking does not change
    assert result_dict(e)["bids"][1]["rate_paid"] == 1500
    assert result_dict(e)["scheme"]["evaluation"]["price_paid"] == "l1_rate"
    from repm_bids.cli.text import summary_text

    assert "Every awardee is paid L1's rate, ₹1,500/kg (price_paid)." in summary_text(e)


def test_l1s_rate_under_a_total_quote_is_its_total_over_its_kilograms():
    # A: 600 MTPA asking INR 450 crore = 450 x 10^7 / (600 x 1,000 x 5) = INR 1,500/kg; B: 1,200 MTPA asks 1,020
    bids = [make_bid("A", capacity=600.0, quoted_incentive=450.0), make_bid("B", quoted_incentive=1020.0)]
    own, _ = _paid(Scheme(covers=1, quote_basis="total_crore"), bids)
    assert own == {"A": (1500.0, 450.0), "B": (1700.0, 1020.0)}
    l1, _ = _paid(Scheme(covers=1, quote_basis="total_crore", price_paid="l1_rate"), bids)
    assert l1 == {"A": (1500.0, 450.0), "B": (1500.0, 900.0)}


def test_the_price_paid_from_a_scheme_file():
    assert scheme_from_dict({"evaluation": {"price_paid": "l1_rate"}}).price_paid == "l1_rate"
    with pytest.raises(SchemeError, match="price_paid: must be one of own_quote, l1_rate"):
        scheme_from_dict({"evaluation": {"price_paid": "l2_rate"}})


def test_rejecting_a_quote_that_is_not_abnormally_low_decides_nothing():
    bids = [make_bid("A", quoted_incentive=1800.0), make_bid("B", quoted_incentive=1900.0)]
    decisions = [Decision("A", None, "Not justified.", low_quote=False)]
    off = evaluate(bids, Scheme(covers=1), decisions)  # no band: no quote is abnormally low
    assert off.outcome_for("A").status is Status.AWARDED
    assert all(f.code != "abnormally_low" for f in off.findings)
    flagged = evaluate(bids, Scheme(covers=1, abnormally_low=0.85), decisions)  # below INR 1,827.50/kg: A is flagged
    assert flagged.outcome_for("A").status is Status.NON_RESPONSIVE
    assert flagged.outcome_for("B").rank == 1
