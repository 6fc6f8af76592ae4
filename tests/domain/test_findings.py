"""The findings about quotes, worked out from the qualified bids' columns: bids at the ceiling of their own capacity,
and each quote that two or more other bids share, lowest first."""

from __future__ import annotations

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid


def test_each_bid_meets_the_ceiling_of_its_own_capacity_and_the_others_share_quotes_lowest_first():
    # a total quote: the ceiling is capacity x 1,000 x 5 years x 2,150 / 10^7 crore (1,075 at 1,000 MTPA)
    bids = [
        make_bid("A", capacity=1000.0, quoted_incentive=1075.0),  # at its ceiling
        make_bid("B", capacity=1200.0, quoted_incentive=1290.0),  # at its ceiling
        make_bid("C", capacity=1200.0, quoted_incentive=1075.0),  # A's quote, below its own ceiling
        make_bid("E", capacity=1200.0, quoted_incentive=1000.0),
        make_bid("D", capacity=1000.0, quoted_incentive=1000.0),
        make_bid("G", capacity=900.0, quoted_incentive=950.0),
        make_bid("F", capacity=900.0, quoted_incentive=950.0),
    ]
    e = evaluate(bids, Scheme(covers=1, quote_basis="total_crore"))
    assert len(e.ranked()) == 7
    notes = [(f.code, f.figures.get("quote"), f.figures["bid_refs"]) for f in e.findings if "quote" in f.code]
    assert notes == [
        ("quotes_at_ceiling", None, ("A", "B")),
        ("equal_quotes", 950.0, ("F", "G")),
        ("equal_quotes", 1000.0, ("D", "E")),
    ]


def test_a_single_bid_at_the_ceiling_is_no_finding_and_shares_its_quote_like_any_other():
    bids = [
        make_bid("A", quoted_incentive=2150.0),
        make_bid("B", quoted_incentive=1900.0),
        make_bid("C", quoted_incentive=1900.0),
    ]
    e = evaluate(bids, Scheme(covers=1))
    notes = [(f.code, f.figures["bid_refs"]) for f in e.findings if "quote" in f.code]
    assert notes == [("equal_quotes", ("B", "C"))]
    one = evaluate(bids[:1], Scheme(covers=1))
    assert [f.code for f in one.findings][:1] == ["single_qualified"]
    assert one.findings[0].figures["bid_ref"] == "A"
