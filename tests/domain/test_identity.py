"""Who is who: references, names and registration numbers compared as a committee member reads them."""

from __future__ import annotations

import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.identity import group_keys, name_key, near_ref_key, ref_key, registration_key
from repm_bids.domain.models import Decision
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid

REF = "REPM-2026-001"


@pytest.mark.parametrize(
    "spelling",
    [
        "repm-2026-001",  # case
        "REPM 2026 001",  # spaces for hyphens
        "REPM-2026-001.",  # punctuation
        "R\u0415PM-2026-001",  # Cyrillic capital Е
        "REPM-２０２６-００１",  # full-width digits
        "REPM-2026\u2063-001",  # invisible separator
        "REPM\u034f-2026-001",  # combining grapheme joiner
        "REPM-2026-001\ufe0f",  # variation selector
        "REPM-2026-001\u2800",  # Braille blank
        "REPM-2026-001\u3164",  # Hangul filler
        "\u200bREPM-2026-001",  # zero-width space
    ],
)
def test_one_reference_many_spellings(spelling):
    assert ref_key(spelling) == ref_key(REF)


def test_different_references_stay_different():
    assert ref_key("REPM-2026-001") != ref_key("REPM-2026-010")
    assert ref_key("REPM-2026-001") != ref_key("REPM-2026-0O1")  # O is not 0 ...
    assert near_ref_key("REPM-2026-001") == near_ref_key("REPM-2026-0O1")  # ... but nearly


@pytest.mark.parametrize(
    "spelling",
    [
        "Konark Permanent Magnets Ltd",
        "Konark Permanent Magnets Ltd.",
        "KONARK PERMANENT MAGNETS LIMITED",
        "Konark Permanent Magnets Pvt. Ltd.",
        "Konark Permanent Magnets Private Limited",
        "Konark  Permanent\u00a0Magnets",
        "Konark Permanent Magnets (P) Ltd",
    ],
)
def test_group_names_without_legal_form(spelling):
    assert name_key(spelling) == "konark permanent magnets"


def test_ampersand_and_and():
    assert name_key("Tata Steel & Magnets Ltd") == name_key("Tata Steel and Magnets Limited")


def test_registration_numbers():
    assert registration_key("u27100mh2019plc123456") == registration_key("U27100 MH2019 PLC123456")


def test_group_keys_join_by_name_parent_and_registration():
    keys = group_keys(
        [None, "Konark Permanent Magnets Ltd.", None, None],
        ["Konark Permanent Magnets Ltd", "Konark Odisha Pvt Ltd", "Other Co Private Limited", "Other Co Pvt. Ltd."],
        ["U1", "U2", "U3", "U3"],
    )
    assert keys[0] == keys[1]  # the parent, named as a group by its subsidiary
    assert keys[2] == keys[3] != keys[0]  # one CIN


def _outcomes(bids, decisions=()):
    ev = evaluate(bids, Scheme(covers=1), decisions=decisions)
    return {o.bid_ref: o for o in ev.outcomes}, ev


@pytest.mark.parametrize("twin", ["repm-2026-001", "R\u0415PM-2026-001", "REPM-２０２６-００１", "REPM-2026-001\u2063"])
def test_a_shared_reference_invalidates_both_and_names_the_files(twin):
    bids = [make_bid(REF, path="a.xlsx"), make_bid(twin, path="b.xlsx", registration_no="U2", bidder_name="B Ltd")]
    outcomes, ev = _outcomes(bids)
    assert {o.status for o in outcomes.values()} == {Status.INVALID}
    errors = [p for p in ev.problems if p.code == "duplicate_bid_ref"]
    assert len(errors) == 2
    assert all("a.xlsx, b.xlsx" in p.message for p in errors)
    assert "also written" in errors[0].message


def test_the_receipt_register_decides_who_holds_a_shared_reference():
    from repm_bids.domain.duplicates import duplicate_refs

    bids = [
        make_bid(REF, path="a.xlsx", registration_no="U27100MH2019PLC123456", bidder_name="Real Bidder Ltd"),
        make_bid(REF.lower(), path="b.xlsx", registration_no="U99999MH2019PLC999999", bidder_name="Throwaway"),
    ]
    errors, _ = duplicate_refs(bids, receipts={REF: "U27100MH2019PLC123456"})
    assert list(errors) == [1]  # the competitor's bid stands; the throw-away bid is invalid
    assert "receipt register gives it to" in errors[1][0].message
    errors, _ = duplicate_refs(bids)
    assert sorted(errors) == [0, 1]  # without a register, neither can be told apart


def test_near_duplicate_references_are_reported_with_both_cells():
    bids = [make_bid("REPM-2026-001"), make_bid("REPM-2026-0O1")]
    outcomes, ev = _outcomes(bids)
    assert all(o.status is not Status.INVALID for o in outcomes.values())
    near = [p for p in ev.problems if "nearly matches" in p.message]
    assert len(near) == 2


def test_one_group_spelled_two_ways_gets_one_bid():
    bids = [
        make_bid("A-1", group="Konark Permanent Magnets Ltd."),
        make_bid("A-2", group="Konark Permanent Magnets Ltd", quoted_incentive=1950.0),
    ]
    outcomes, ev = _outcomes(bids)
    group_checks = [c for o in outcomes.values() for c in o.checks if c.id == "group"]
    assert group_checks and not any(c.passed for c in group_checks)
    assert any("read as one group" in p.message for p in ev.problems)


def test_one_registration_number_is_one_bidder_whatever_the_name():
    bids = [
        make_bid("A-1", bidder_name="Konark Magnets Private Limited", registration_no="U27100MH2019PLC123456"),
        make_bid("A-2", bidder_name="Konark Magnets Pvt. Ltd.", registration_no="U27100MH2019PLC123456"),
    ]
    outcomes, ev = _outcomes(bids)
    awarded = [o for o in outcomes.values() if o.status in (Status.AWARDED, Status.PARTIAL)]
    assert len(awarded) <= 1
    assert any("one registration number" in p.message for p in ev.problems)


def test_a_decision_reaches_its_bid_whatever_the_spelling():
    bids = [make_bid(REF)]
    outcomes, ev = _outcomes(bids, [Decision("repm 2026 001", False, "no DPR")])
    assert outcomes[REF].status is Status.NON_RESPONSIVE
    assert not [p for p in ev.problems if p.code == "decision_unknown_bid"]


def test_a_quote_below_one_percent_of_the_ceiling_is_a_likely_slip():
    outcomes, _ = _outcomes([make_bid("A-1", quoted_incentive=18.9), make_bid("A-2", quoted_incentive=1890.0)])
    assert outcomes["A-1"].status is Status.NON_RESPONSIVE
    (check,) = [c for c in outcomes["A-1"].checks if c.id == "incentive_ceiling"]
    assert check.passed is False and check.case == "slip"
    from repm_bids.domain.wording import check_text

    assert "below 1% of the ceiling" in check_text(check)
    assert outcomes["A-2"].status is Status.AWARDED
