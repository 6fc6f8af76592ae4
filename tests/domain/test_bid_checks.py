"""The checks of the bid form's newer fields, each on a bid that fails it and one that passes."""

from __future__ import annotations

from datetime import datetime

import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme, SchemeError, scheme_from_dict
from tests.factories import make_bid


def _check(bids, check_id, scheme=None, ref=None):
    e = evaluate(bids, scheme or Scheme(covers=1))
    o = e.outcome_for(ref or bids[0].bid_ref)
    return next(c for c in o.checks if c.id == check_id), o


def test_the_minimum_investment_is_on_the_eligible_investment_when_given():
    # 1,200 MTPA needs INR 600 crore; total 700 meets it, eligible 550 does not
    c, o = _check([make_bid("A", investment_cr=700.0, eligible_investment_cr=550.0)], "investment")
    assert c.passed is False and o.status is Status.NON_RESPONSIVE
    assert c.message == "Eligible investment ₹550 crore is below the minimum of ₹600 crore for 1,200 MTPA."
    c, _ = _check([make_bid("A", investment_cr=700.0)], "investment")  # blank: the total stands in
    assert c.passed is True and c.message.startswith("Proposed investment ₹700 crore meets")


def test_the_capital_subsidy_uses_the_eligible_investment_and_the_slab():
    e = evaluate([make_bid("A", investment_cr=1200.0, eligible_investment_cr=640.0)], Scheme(covers=1))
    assert e.outcomes[0].capital_subsidy_crore == 96.0  # 15% x 640
    e = evaluate([make_bid("A", investment_cr=1200.0)], Scheme(covers=1))
    assert e.outcomes[0].capital_subsidy_crore == 150.0  # 15% x 1,200 = 180, capped at the 1,200 MTPA slab


def test_bid_security_below_the_amount_per_mtpa_fails():
    scheme = Scheme(covers=1, bid_security_crore_per_unit=0.01)  # INR 12 crore for 1,200 MTPA
    c, _ = _check([make_bid("A", bid_security_cr=5.0)], "bid_security", scheme)
    assert c.passed is False and c.case == "short"
    assert c.message == "Bid security of ₹5 crore is less than the ₹12 crore required for 1,200 MTPA."
    assert _check([make_bid("A", bid_security_cr=12.0)], "bid_security", scheme)[0].passed is True


def test_bid_security_validity_against_the_days_required():
    scheme = Scheme(covers=1, bid_security_validity_days=180)  # submitted 29 Jun 2026
    c, _ = _check([make_bid("A", bid_security_valid_until=datetime(2026, 9, 30))], "bid_security_validity", scheme)
    assert c.passed is False and c.case == "short" and "92 days after submission; 180 are required" in c.message
    c, _ = _check([make_bid("A")], "bid_security_validity", scheme)
    assert c.passed is False and c.case == "not_stated"
    ok = _check([make_bid("A", bid_security_valid_until=datetime(2027, 1, 31))], "bid_security_validity", scheme)
    assert ok[0].passed is True
    assert _check([make_bid("A")], "bid_security_validity")[0].passed is None  # 0 days: not checked


def test_land_border_registration_is_required_of_a_bidder_from_a_neighbouring_country():
    c, o = _check([make_bid("A", country="China")], "land_border")
    assert c.passed is False and o.status is Status.NON_RESPONSIVE and c.case == "not_registered"
    c, _ = _check([make_bid("A", country="china", land_border_registered=True)], "land_border")
    assert c.passed is False and c.case == "no_reference"
    c, _ = _check(
        [make_bid("A", country="China", land_border_registered=True, land_border_reference="DPIIT/REG/2025/17")],
        "land_border",
    )
    assert c.passed is True and "DPIIT/REG/2025/17" in c.message
    assert _check([make_bid("A", country="Japan")], "land_border")[0].passed is None
    c, _ = _check([make_bid("A", country="Japan")], "land_border", Scheme(covers=1, land_border_countries=("Japan",)))
    assert c.passed is False


def test_land_border_registration_is_required_where_any_consortium_member_is_from_a_neighbouring_country():
    members = "Bharat Alloys Ltd: 60, India; Lanzhou Rare Metals Co: 40 (China)"
    c, o = _check([_consortium("A", members)], "land_border")
    assert c.passed is False and o.status is Status.NON_RESPONSIVE and c.case == "not_registered"
    assert c.message == (
        "The consortium member Lanzhou Rare Metals Co (China) is incorporated in a country sharing a land border "
        "with India, and not registered with the competent authority."
    )
    ok, o = _check(
        [_consortium("A", members, land_border_registered=True, land_border_reference="DPIIT/REG/2025/31")],
        "land_border",
    )
    assert ok.passed is True and o.status is Status.AWARDED and "DPIIT/REG/2025/31" in ok.message
    # every member from India (or no country given): not applicable; the members' equity is still read
    assert (
        _check([_consortium("A", "Bharat Alloys Ltd: 60, India; Kaveri Ltd: 40, India")], "land_border")[0].passed
        is None
    )
    assert _check([_consortium("A", "Bharat Alloys Ltd: 60; Kaveri Ltd: 40")], "land_border")[0].passed is None
    c, _ = _check([_consortium("A", members, country="Nepal")], "land_border")
    assert c.message.startswith("Incorporated in Nepal, which shares a land border with India, as is consortium member")


def test_a_bid_declaring_no_to_not_debarred_fails_and_a_blank_fails_only_when_required():
    c, o = _check([make_bid("A", not_debarred=False)], "debarment")
    assert c.passed is False and c.case == "debarred" and o.status is Status.NON_RESPONSIVE
    assert _check([make_bid("A")], "debarment")[0].passed is None
    c, _ = _check([make_bid("A")], "debarment", Scheme(covers=1, require_debarment_declaration=True))
    assert c.passed is False and c.case == "not_declared"
    assert _check([make_bid("A", not_debarred=True)], "debarment")[0].passed is True


def _consortium(ref, members, **more):
    return make_bid(ref, bidder_type="Consortium", lead_equity_pct=60.0, consortium_members=members, **more)


def test_consortium_members_equity_must_add_up_to_100():
    c, _ = _check([_consortium("A", "Alpha Ltd: 60; Beta Ltd: 30")], "consortium_members")
    assert c.passed is False and c.message == "The 2 consortium members' equity adds up to 90%, not 100%."
    c, _ = _check([_consortium("A", "Alpha Ltd and Beta Ltd")], "consortium_members")
    assert c.passed is False and c.case == "unreadable"
    assert _check([_consortium("A", "Alpha Ltd: 60%; Beta Ltd: 40%")], "consortium_members")[0].passed is True


def test_one_bid_per_partner_beside_the_group_rule():
    bids = [
        _consortium("A", "Alpha Ltd: 60; Beta Ltd: 40", bidder_name="Alpha-Beta Consortium"),
        _consortium("B", "Gamma Ltd: 51; Beta Ltd: 49", bidder_name="Gamma-Beta Consortium"),
        make_bid("C", bidder_name="Delta Ltd"),
    ]
    e = evaluate(bids, Scheme(covers=1, group_rule="none"))
    partners = {o.bid_ref: next(c for c in o.checks if c.id == "partners") for o in e.outcomes}
    assert partners["A"].passed is False and partners["B"].passed is False  # Beta Ltd is in both
    assert partners["C"].passed is None
    assert "one bid per partner" in partners["A"].message
    # a member bidding alone as well
    e = evaluate(
        [_consortium("A", "Alpha Ltd: 60; Beta Ltd: 40"), make_bid("B", bidder_name="Beta Limited")],
        Scheme(covers=1),
    )
    assert [next(c for c in o.checks if c.id == "partners").passed for o in e.outcomes] == [False, False]


def test_bid_security_by_capacity_slabs_in_place_of_the_amount_per_mtpa():
    slabs = scheme_from_dict(
        {"eligibility": {"bid_security_slabs": [{"up_to": 800, "min_crore": 8}, {"up_to": 1200, "min_crore": 12}]}}
    )
    c, o = _check([make_bid("A", bid_security_cr=10.0)], "bid_security", slabs)  # 1,200 MTPA needs 12
    assert c.passed is False and o.status is Status.NON_RESPONSIVE
    assert c.message == "Bid security of ₹10 crore is less than the ₹12 crore required for 1,200 MTPA."
    assert _check([make_bid("A", capacity=800.0, bid_security_cr=8.0)], "bid_security", slabs)[0].passed is True
    with pytest.raises(SchemeError, match="not both"):
        scheme_from_dict(
            {
                "eligibility": {
                    "bid_security_slabs": [{"up_to": 1200, "min_crore": 12}],
                    "bid_security_crore_per_unit": 0.01,
                }
            }
        )
    with pytest.raises(SchemeError, match="must cover max_capacity 1200"):
        scheme_from_dict({"eligibility": {"bid_security_slabs": [{"up_to": 800, "min_crore": 8}]}})


def test_the_bid_securitys_form_must_be_one_the_scheme_accepts():
    c, o = _check([make_bid("A", bid_security_form="Cash deposit")], "bid_security_form")
    assert c.passed is False and c.case == "unknown" and o.status is Status.NON_RESPONSIVE
    only_bg = scheme_from_dict({"eligibility": {"bid_security_forms": ["bank guarantee"]}})
    assert only_bg.bid_security_forms == ("Bank guarantee",)
    c, _ = _check([make_bid("A", bid_security_form="Demand draft no. 118204")], "bid_security_form", only_bg)
    assert c.passed is False and c.case == "not_accepted"
    assert c.message == "Bid security form: Demand draft, which this scheme does not accept (accepted: Bank guarantee)."
    c, _ = _check([make_bid("A", bid_security_form="e-BG")], "bid_security_form", only_bg)
    assert c.passed is True and c.message == "Bid security form: Bank guarantee, accepted."
    # a blank form: not checked unless the scheme requires it
    assert _check([make_bid("A")], "bid_security_form")[0].passed is None
    required = Scheme(require_bid_security_form=True)
    c, _ = _check([make_bid("A")], "bid_security_form", required)
    assert c.passed is False and c.case == "not_stated"
    with pytest.raises(SchemeError, match="'Cheque' is not a form of bid security"):
        scheme_from_dict({"eligibility": {"bid_security_forms": ["Cheque"]}})
