"""The JSON result has exactly the shape of contract section 5."""

from __future__ import annotations

import json

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import InputFile
from repm_bids.domain.report import result_dict, result_json, result_sha256
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid

BID_KEYS = {
    "bid_ref", "bidder_name", "group", "source", "status", "rank", "capacity_offered", "quoted_incentive",
    "technical_score", "financial_score", "combined_score", "awarded", "incentive_liability_crore", "irel_share",
    "tie_break", "checks", "reasons", "fields", "capital_subsidy_crore", "rate_paid",
}  # fmt: skip
SUMMARY_KEYS = {
    "bids_received", "invalid", "non_responsive", "qualified", "capacity_offered_total", "subscription_ratio",
    "beneficiaries", "capacity_awarded", "capacity_unawarded", "incentive_liability_crore_total",
    "capital_subsidy_crore_total", "total_support_crore", "provisional",
}  # fmt: skip


def test_json_shape():
    bids = [make_bid("A"), make_bid("B", quoted_incentive=3000.0), make_bid("C", capacity=None)]
    e = evaluate(bids, Scheme(covers=1), inputs=[InputFile("A.xlsx", "ab" * 32, 100, bid_refs=("A",))])
    d = json.loads(result_json(e))
    assert set(d) == {
        "tool",
        "stage",
        "single_sitting",
        "provisional",
        "ties",
        "scheme",
        "inputs",
        "bids",
        "unopened",
        "errors",
        "warnings",
        "summary",
        "findings",
    }
    assert d["tool"]["name"] == "repm-bids"
    assert d["inputs"] == [{"path": "A.xlsx", "sha256": "ab" * 32, "bids": 1}]
    assert all(set(b) == BID_KEYS for b in d["bids"])
    assert set(d["summary"]) == SUMMARY_KEYS
    assert [b["status"] for b in d["bids"]] == ["awarded", "non_responsive", "invalid"]
    assert d["bids"][0]["source"] == {"path": "A.xlsx", "sheet": "Bid Form"}
    # each check and problem also names its rule's case or code, so a reader need not parse the sentence
    assert all(set(c) == {"id", "passed", "case", "message"} for c in d["bids"][0]["checks"])
    assert d["bids"][0]["checks"][0]["case"] == "within"
    assert d["errors"][0]["field"] == "capacity" and d["errors"][0]["bid_ref"] == "C"
    assert d["errors"][0]["code"] == "missing_field"
    assert d["errors"][0]["message"] == "Capacity offered (MTPA) is missing."
    assert d["scheme"]["scheme"]["total_capacity"] == 6000


def test_digest_changes_with_any_figure():
    a = evaluate([make_bid("A")], Scheme(covers=1))
    b = evaluate([make_bid("A", quoted_incentive=1901.0)], Scheme(covers=1))
    assert result_sha256(a) == result_sha256(evaluate([make_bid("A")], Scheme(covers=1)))
    assert result_sha256(a) != result_sha256(b)
    assert len(result_sha256(a)) == 64
    assert result_dict(a)["bids"][0]["incentive_liability_crore"] == 1140


def test_digest_of_text_with_a_lone_surrogate():
    """A bidder's text may hold a lone surrogate (a damaged file): the digest is still made, and still tells two
    such texts apart; text without one keeps the digest it always had (UTF-8)."""
    lone = evaluate([make_bid("A", bidder_name="Acme \ud800 Ltd")], Scheme())
    other = evaluate([make_bid("A", bidder_name="Acme \udc00 Ltd")], Scheme())
    assert len(result_sha256(lone)) == 64
    assert result_sha256(lone) == result_sha256(evaluate([make_bid("A", bidder_name="Acme \ud800 Ltd")], Scheme()))
    assert result_sha256(lone) != result_sha256(other)


def test_json_in_pieces_is_exactly_json_dumps() -> None:
    import json

    from repm_bids.domain.evaluation import evaluate
    from repm_bids.domain.report import json_in_pieces, result_dict
    from repm_bids.domain.scheme import Scheme
    from tests.factories import make_bid

    result = result_dict(
        evaluate([make_bid("A"), make_bid("B", capacity=None), make_bid("C", net_worth_cr=1.0)], Scheme())
    )
    tricky = {
        "z": [1, 2.5, None, True, "क्षमता ₹", [], {}, [[{"b": 1, "a": (2, 3)}]]],
        "a": {"nested": {"deeper": {"deepest": {"x": "\u2028\x1b"}}}},
        "number keys": {2: "two", 1: "one"},
        "": "",
    }
    for value in (result, tricky, [], {}, "plain", 3.0):
        for separators in ((", ", ": "), (",", ":")):
            expected = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=separators)
            assert json_in_pieces(value, separators) == expected
