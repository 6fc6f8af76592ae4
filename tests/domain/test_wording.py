"""Reasons are data; the one wording module makes every sentence from them."""

from __future__ import annotations

from dataclasses import replace

from repm_bids.domain import wording
from repm_bids.domain.checks import CHECK_IDS, CHECKS
from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import FieldReading, Severity, problem, problem_from_dict
from repm_bids.domain.result import Allotment, CheckOutcome, Status
from repm_bids.domain.scheme import Scheme
from tests.factories import make_bid
from tests.io.test_award_helpers import sample_bids


def test_a_failed_check_is_data_with_its_figures_and_cell():
    bid = make_bid("A", capacity=3000.0)
    bid = replace(bid, readings={"capacity": FieldReading("capacity", 3000.0, "3000", cell="C9", sheet="Bid Form")})
    o = evaluate([bid], Scheme(covers=1)).outcomes[0]
    assert o.status is Status.NON_RESPONSIVE
    reason = o.grounds[0]
    assert all(isinstance(g, CheckOutcome) for g in o.grounds)
    assert (reason.id, reason.passed, reason.case) == ("capacity_range", False, "above")
    assert reason.figures["capacity"] == 3000.0 and reason.figures["limit"] == Scheme(covers=1).max_capacity
    assert reason.at is not None and reason.at.cell == "C9"
    assert wording.reason_sentence(reason) == "Capacity offered 3,000 MTPA is above the cap of 1,200 MTPA."
    assert o.reasons[0] == reason.message + " (A.xlsx, sheet Bid Form, cell C9)"


def test_failed_checks_made_when_read_are_the_same_grounds_as_made_at_once():
    bid = make_bid("A", capacity=3000.0)
    o = evaluate([bid], Scheme(covers=1)).outcomes[0]
    assert o.status is Status.NON_RESPONSIVE
    counted = len(o.grounds)  # before any is made
    made = tuple(c for c in o.checks if c.passed is False)
    assert counted == len(made) >= 2 and made[0].id == "capacity_range"
    assert o.grounds == made and made == o.grounds and tuple(o.grounds) == made and o.grounds[-1] is made[-1]
    assert hash(o.grounds) == hash(made) and o.grounds[:1] == made[:1]


def test_a_waitlisted_bid_gives_an_allotment_code():
    bids = [make_bid(f"B{i}", capacity=1200.0) for i in range(7)]
    o = evaluate(bids, Scheme(covers=1)).waitlist()[0]
    (reason,) = o.grounds
    assert isinstance(reason, Allotment) and reason.code == "beneficiaries"
    assert wording.reason_text(reason) == o.reasons[0]


def test_problems_keep_their_code_and_figures_through_a_saved_record():
    p = problem(Severity.ERROR, "duplicate_bid_ref", "a.xlsx", {"bid_ref": "X", "count": 2, "files": ["a.xlsx"]})
    back = problem_from_dict({"severity": "error", **p.as_dict(), "params": p.figures})
    assert back == p
    assert back.message.startswith("Bid reference X appears in 2 bids (a.xlsx)")
    old = problem_from_dict({"severity": "warning", "path": "b.xlsx", "message": "Hidden sheet skipped."})
    assert (old.code, old.message) == ("recorded", "Hidden sheet skipped.")


def test_every_check_case_met_in_the_sample_has_its_own_sentence():
    """No outcome falls back to 'id: case': every case a rule gives is worded."""
    for scheme in (
        Scheme(covers=1),
        Scheme(covers=1, method="qcbs"),
        Scheme(covers=1, group_rule="cap"),
        Scheme(covers=1, require_dpr=False),
    ):
        e = evaluate(sample_bids(), scheme)
        for o in e.outcomes:
            for c in o.checks:
                assert not c.message.startswith(f"{c.id}:"), c
            for r in o.reasons:
                assert r and not r.startswith(("text:", "none")), r
    assert {c.id for c in CHECKS} == set(CHECK_IDS) and len(CHECK_IDS) == len(set(CHECK_IDS))


def test_no_problem_is_made_without_a_code():
    """A problem is a code and figures; a sentence is never a code, and the sentence-only code is gone."""
    import pytest

    from repm_bids.domain.models import Problem, error, warning

    for make in (error, warning):
        with pytest.raises(ValueError, match="lower-case identifier"):
            make("The file is empty.", "a.xlsx")
    for code in ("", "text with spaces", "Missing_field"):
        with pytest.raises(ValueError):
            Problem(Severity.ERROR, code, "a.xlsx")
    assert "text" not in wording.PROBLEM_TEXT
    kept = problem_from_dict({"severity": "error", "path": "a.xlsx", "code": "text", "params": {"text": "Old."}})
    assert (kept.code, kept.message) == ("recorded", "Old.")  # what an older version kept, said as it was kept


def test_every_problem_code_the_readers_give_is_worded():
    """Every code the reading modules and the bids-together checks pass to error(), warning() or Refused() has its
    sentence (no problem falls back to 'code: figures')."""
    import re
    from pathlib import Path

    root = Path(wording.__file__).parents[1]
    made = re.compile(r"""(?:\berror|\bwarning|Refused|\bWhy|\bwhy|Absent)\(\s*(?:spec,\s*)?"([a-z_0-9]+)\"""")
    codes: set[str] = set()
    for path in [*root.joinpath("io").glob("*.py"), root / "domain" / "duplicates.py", root / "services" / "saved.py"]:
        codes |= set(made.findall(path.read_text(encoding="utf-8")))
    codes |= {"not_a_number", "number_exponent", "number_several", "number_leading_point", "number_grouping"}
    codes |= {"unit_mismatch", "decision_qualified_empty"}  # given as (code, figures) pairs
    assert len(codes) > 90
    assert sorted(c for c in codes if c not in wording.PROBLEM_TEXT) == []
