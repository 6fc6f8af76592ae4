"""Every technical check of contract 3.3, each failing for its own reason and passing at its boundary."""

from __future__ import annotations

import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import Decision
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid


def check(bid, check_id, scheme=None, decisions=()):
    e = evaluate([bid], scheme or Scheme(covers=1), decisions=decisions)
    o = e.outcomes[0]
    return next(c for c in o.checks if c.id == check_id), o


@pytest.mark.parametrize(
    ("capacity", "passed"), [(599.0, False), (600.0, True), (1200.0, True), (1201.0, False), (-100.0, False)]
)
def test_capacity_range_is_the_1200_cap_and_the_600_minimum(capacity, passed):
    c, o = check(make_bid(capacity=capacity, net_worth_cr=1000.0, investment_cr=1000.0), "capacity_range")
    assert c.passed is passed
    assert (o.status is Status.NON_RESPONSIVE) is not passed
    if capacity == 1201.0:
        assert "above the cap of 1,200 MTPA" in c.message


def test_capacity_step():
    c, _ = check(make_bid(capacity=650.0), "capacity_step")
    assert c.passed is False and "multiple of 100" in c.message
    assert check(make_bid(capacity=700.0), "capacity_step")[0].passed is True


@pytest.mark.parametrize(
    ("quote", "passed"),
    [(2150.0, True), (2150.01, False), (0.0, True), (-5.0, False), (1.0, False), (21.5, True)],  # 1: a slip
)
def test_incentive_ceiling(quote, passed):
    """A quote of 0 asks for no incentive: a valid price (the least quote accepted is 0 by default)."""
    c, _ = check(make_bid(quoted_incentive=quote), "incentive_ceiling")
    assert c.passed is passed


def test_a_quote_below_the_least_quote_accepted_fails_naming_it():
    c, _ = check(make_bid(quoted_incentive=0.0), "incentive_ceiling", Scheme(covers=1, min_quote=100.0))
    assert c.passed is False and c.case == "below_min" and "least quote accepted, ₹100/kg" in c.message


@pytest.mark.parametrize(
    ("capacity", "net_worth", "passed"),
    [
        (600.0, 180.0, True),
        (600.0, 179.9, False),
        (700.0, 245.0, True),
        (700.0, 244.0, False),
        (900.0, 310.0, True),
        (1000.0, 309.0, False),
        (1100.0, 375.0, True),
        (1200.0, 374.99, False),
    ],
)
def test_net_worth_follows_the_slab_of_the_capacity_offered(capacity, net_worth, passed):
    c, _ = check(make_bid(capacity=capacity, net_worth_cr=net_worth), "net_worth")
    assert c.passed is passed
    assert "crore required for" in c.message


def test_investment_minimum_is_half_a_crore_per_mtpa():
    assert check(make_bid(capacity=1200.0, investment_cr=600.0), "investment")[0].passed is True
    c, _ = check(make_bid(capacity=1200.0, investment_cr=599.0), "investment")
    assert c.passed is False and "minimum of ₹600 crore" in c.message


def test_integration_needs_all_three_stages_and_names_the_missing_one():
    c, _ = check(make_bid(stage_metal_alloy=False), "integration")
    assert c.passed is False and "metal to alloy" in c.message
    relaxed = Scheme(covers=1).with_changes(require_all_stages=False)
    assert check(make_bid(stage_metal_alloy=False), "integration", relaxed)[0].passed is None


def test_commissioning():
    assert check(make_bid(commissioning_months=24), "commissioning")[0].passed is True
    assert check(make_bid(commissioning_months=25), "commissioning")[0].passed is False


def test_consortium_lead_applies_to_consortia_only():
    assert check(make_bid(), "consortium_lead")[0].passed is None
    consortium = dict(bidder_type="Consortium")
    assert check(make_bid(lead_equity_pct=51.0, **consortium), "consortium_lead")[0].passed is True
    c, _ = check(make_bid(lead_equity_pct=50.0, **consortium), "consortium_lead")
    assert c.passed is False and "minimum of 51%" in c.message


def test_consortium_without_lead_equity_is_invalid():
    e = evaluate([make_bid(bidder_type="Consortium", lead_equity_pct=None)], Scheme(covers=1))
    assert e.outcomes[0].status is Status.INVALID
    assert "Lead member equity" in e.outcomes[0].reasons[0]


def test_dpr_and_bid_security():
    assert check(make_bid(dpr_submitted=False), "dpr")[0].passed is False
    assert check(make_bid(bid_security_cr=0.0), "bid_security")[0].passed is False
    assert (
        check(
            make_bid(bid_security_cr=0.0),
            "bid_security",
            Scheme(covers=1).with_changes(require_bid_security=False),
        )[0].passed
        is None
    )


def test_group_reject_all_rejects_every_bid_of_a_group_that_bid_twice():
    bids = [make_bid("A", group="Tata"), make_bid("B", group=" tata "), make_bid("C")]
    e = evaluate(bids, Scheme(covers=1))
    status = {o.bid_ref: o.status for o in e.outcomes}
    assert status == {"A": Status.NON_RESPONSIVE, "B": Status.NON_RESPONSIVE, "C": Status.AWARDED}
    a = e.outcome_for("A")
    assert any("more than one bid" in r for r in a.reasons)


def test_same_company_twice_without_group_is_one_group():
    bids = [make_bid("A", bidder_name="Acme Ltd"), make_bid("B", bidder_name="ACME  Ltd")]
    e = evaluate(bids, Scheme(covers=1))
    assert all(o.status is Status.NON_RESPONSIVE for o in e.outcomes)


def test_group_rule_none_and_cap_do_not_reject():
    bids = [make_bid("A", group="G"), make_bid("B", group="G")]
    for rule in ("none", "cap"):
        e = evaluate(bids, Scheme(covers=1).with_changes(group_rule=rule))
        assert all(o.status.qualified for o in e.outcomes)


def test_committee_decision_with_remark_is_the_reason():
    d = Decision("R-01", False, "DPR lacks a sintering line")
    c, o = check(make_bid(), "committee", decisions=[d])
    assert c.passed is False
    assert o.status is Status.NON_RESPONSIVE
    assert any("DPR lacks a sintering line" in r for r in o.reasons)
    assert check(make_bid(), "committee", decisions=[Decision("R-01", True)])[0].passed is True
    assert check(make_bid(), "committee")[0].passed is None


def test_decision_for_unknown_bid_is_an_error():
    e = evaluate([make_bid()], Scheme(covers=1), decisions=[Decision("NOPE", True)])
    assert any("NOPE" in p.message for p in e.errors)
    assert e.outcomes[0].status is Status.AWARDED


def test_duplicate_bid_reference_makes_every_such_bid_invalid():
    e = evaluate([make_bid("X", path="a.xlsx"), make_bid("X", path="b.xlsx"), make_bid("Y")], Scheme(covers=1))
    status = [(o.bid_ref, o.status) for o in e.outcomes]
    assert ("Y", Status.AWARDED) in status
    assert status.count(("X", Status.INVALID)) == 2
    assert "a.xlsx, b.xlsx" in e.outcomes[-1].reasons[0]


def test_missing_required_field_is_invalid_with_its_label():
    e = evaluate([make_bid(capacity=None)], Scheme(covers=1))
    o = e.outcomes[0]
    assert o.status is Status.INVALID
    assert "Capacity offered (MTPA) is missing" in o.reasons[0]


def test_every_failure_is_a_reason():
    o = evaluate([make_bid(capacity=1300.0, quoted_incentive=2500.0, dpr_submitted=False)], Scheme(covers=1)).outcomes[
        0
    ]
    failed = {c.id for c in o.checks if c.passed is False}
    assert failed == {"capacity_range", "capacity_step", "incentive_ceiling", "net_worth", "dpr"} - {"capacity_step"}
    assert len(o.reasons) == len(failed)
