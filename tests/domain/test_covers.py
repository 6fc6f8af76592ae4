"""Two sealed covers: the technical stage never holds a price; the price stage uses only the financial covers."""

from __future__ import annotations

import json

from repm_bids.domain.covers import PRICE_KEY, seal, with_price
from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import FieldReading
from repm_bids.domain.report import result_dict, result_json
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid

TWO = Scheme().with_changes(covers=2)


def _technical(ref, **values):
    return make_bid(ref, **{PRICE_KEY: None, **values})


def test_the_technical_stage_has_no_quote_rank_score_or_award():
    bids = [_technical("A"), _technical("B", capacity=300.0), _technical("C")]
    e = evaluate(bids, TWO)
    assert e.stage == "technical"
    by_ref = {o.bid_ref: o for o in e.outcomes}
    assert by_ref["A"].status is Status.QUALIFIED and by_ref["C"].status is Status.QUALIFIED
    assert by_ref["B"].status is Status.NON_RESPONSIVE
    assert [o.bid_ref for o in e.outcomes] == ["A", "B", "C"]  # input order: nothing ordered by price
    d = result_dict(e)
    assert d["stage"] == "technical" and d["unopened"] == []
    for b in d["bids"]:
        assert b["quoted_incentive"] is None and b["rank"] is None and b["awarded"] == 0
        assert b["technical_score"] is None and b["financial_score"] is None and b["combined_score"] is None
    ceiling = next(c for c in by_ref["A"].checks if c.id == "incentive_ceiling")
    assert ceiling.passed is None and ceiling.case == "price_sealed"  # checked when the prices are opened
    assert d["summary"]["capacity_awarded"] == 0 and d["summary"]["qualified"] == 2


def test_a_price_in_the_technical_cover_is_never_read_and_the_bid_fails_sealed_price():
    priced = make_bid("A", quoted_incentive=1234.5)
    priced = type(priced)(
        priced.source, priced.values, {PRICE_KEY: FieldReading(PRICE_KEY, 1234.5, raw="1,234.50", cell="B5")}
    )
    e = evaluate([priced, _technical("B")], TWO)
    a = e.outcome_for("A")
    assert a is not None and a.status is Status.NON_RESPONSIVE
    assert [c.id for c in a.failed_checks] == ["sealed_price"]
    text = result_json(e)
    assert "1234" not in text and "1,234" not in text
    assert all(PRICE_KEY not in b.values for b in e.bids)


def test_warn_lets_the_bid_through_with_a_warning_and_still_reads_no_price():
    scheme = TWO.with_changes(price_in_technical="warn")
    e = evaluate([make_bid("A", quoted_incentive=1777.0)], scheme)
    assert e.outcomes[0].status is Status.QUALIFIED
    assert [w.code for w in e.warnings] == ["price_in_technical"]
    assert "1777" not in result_json(e)


def test_the_price_stage_ranks_and_allocates_on_the_financial_covers_alone():
    bids = [_technical("A"), _technical("B"), _technical("C", capacity=300.0)]
    prices = {ref_key(r): with_price(seal(b), q) for r, b, q in (("A", bids[0], 2000.0), ("B", bids[1], 1800.0))}
    e = evaluate(bids, TWO, prices=prices)
    assert e.stage == "prices_opened"
    assert [o.bid_ref for o in e.ranked()] == ["B", "A"]
    assert e.outcome_for("B").quoted_incentive == 1800.0  # type: ignore[union-attr]
    assert e.outcome_for("C").status is Status.NON_RESPONSIVE  # type: ignore[union-attr]
    above = {ref_key("A"): with_price(seal(bids[0]), 9999.0), ref_key("B"): with_price(seal(bids[1]), 1800.0)}
    e = evaluate(bids, TWO, prices=above)
    assert e.outcome_for("A").status is Status.NON_RESPONSIVE  # type: ignore[union-attr]  # the ceiling, now


def test_one_cover_keeps_the_single_pass_and_its_checks():
    e = evaluate([make_bid("A")], Scheme(covers=1))
    assert e.stage == "single_pass" and "sealed_price" not in e.check_ids
    assert json.loads(result_json(e))["bids"][0]["quoted_incentive"] == 1900
