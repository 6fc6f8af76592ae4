"""The stages and clarifications as pure rules: which stage allows which action, how a verified value takes the
place of the declared one, and a sentence for every refusal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from repm_bids.domain.clarifications import (
    Clarification,
    apply_clarifications,
    clarifiable_field,
    clarification_refusal,
)
from repm_bids.domain.fields import FieldSpec
from repm_bids.domain.models import Bid, FieldReading, Location, Problem, Severity, problem
from repm_bids.domain.readings import fields_dict
from repm_bids.domain.stages import ACTIONS, Stage, Step, refusal, stage_of
from repm_bids.domain.wording import PROBLEM_TEXT, problem_text

AT = datetime(2026, 12, 2, 5, 30, tzinfo=UTC)


def test_the_stage_is_the_last_step_taken() -> None:
    assert stage_of(1, [Step(Stage.APPROVED, "A", AT)]) is Stage.SINGLE_PASS
    assert stage_of(2, []) is Stage.TECHNICAL
    assert stage_of(2, [Step(Stage.APPROVED, "A", AT)]) is Stage.APPROVED
    assert stage_of(2, [Step(Stage.APPROVED, "A", AT), Step(Stage.PRICES_OPENED, "B", AT)]) is Stage.PRICES_OPENED


@pytest.mark.parametrize(
    ("action", "stage", "code"),
    [
        ("edit", Stage.APPROVED, "stage_frozen"),
        ("edit", Stage.PRICES_OPENED, "stage_frozen"),
        ("clarify", Stage.APPROVED, "stage_frozen"),
        ("approve", Stage.APPROVED, "stage_approved_already"),
        ("approve", Stage.SINGLE_PASS, "stage_single_cover"),
        ("open_prices", Stage.TECHNICAL, "stage_not_approved"),
        ("open_prices", Stage.PRICES_OPENED, "stage_prices_open_already"),
        ("reopen", Stage.TECHNICAL, "stage_nothing_to_reopen"),
        ("draw", Stage.APPROVED, "stage_prices_not_open"),
        ("withdraw", Stage.TECHNICAL, "stage_prices_not_open"),
    ],
)
def test_an_action_out_of_order_is_refused_with_a_code(action: str, stage: Stage, code: str) -> None:
    refused = refusal(action, stage, Step(Stage.APPROVED, "R. Sharma", AT), "a decision")
    assert refused is not None and refused.code == code and refused.severity is Severity.ERROR


def test_each_action_is_allowed_somewhere_and_the_edits_only_before_approval() -> None:
    for action, stages in ACTIONS.items():
        assert stages and all(refusal(action, s) is None for s in stages)
    assert ACTIONS["edit"] == {Stage.TECHNICAL, Stage.SINGLE_PASS}


def test_the_frozen_sentence_names_who_approved_and_when_in_ist() -> None:
    refused = refusal("edit", Stage.APPROVED, Step(Stage.APPROVED, "R. Sharma", AT), "a decision")
    assert refused is not None
    assert refused.message.startswith("The technical evaluation was approved by R. Sharma on 02-12-2026 11:00 IST")
    assert "a decision cannot be made" in refused.message


def test_every_stage_and_clarification_code_has_its_sentence() -> None:
    codes = [c for c in PROBLEM_TEXT if c.startswith(("stage_", "clarify_"))]
    assert len(codes) >= 17
    figures = {
        "by": "A",
        "at": AT.isoformat(),
        "what": "",
        "field": "x",
        "bid_ref": "T-1",
        "count": 2,
        "text": "v",
        "why": "no.",
        "key": "x",
        "action": "edit",
        "stage": "technical",
    }
    for code in codes:
        text = problem_text(problem(Severity.ERROR, code, "(evaluation)", figures))
        assert text and not text.startswith(code)


def test_only_a_technical_field_can_be_clarified() -> None:
    assert isinstance(clarifiable_field("Net worth (INR crore)"), FieldSpec)
    assert isinstance(clarifiable_field("commissioning_months"), FieldSpec)
    for name, code in (
        ("quoted_incentive", "clarify_field_not_allowed"),
        ("Bid reference", "clarify_field_not_allowed"),
        ("Shoe size", "clarify_unknown_field"),
    ):
        got = clarifiable_field(name)
        assert isinstance(got, Problem) and got.code == code


def bid(ref: str, net_worth: float | None, error: bool = False) -> Bid:
    reading = FieldReading("net_worth_cr", net_worth, raw="Rs 1,00,00,00,000" if error else str(net_worth), cell="B15")
    errors = (problem(Severity.ERROR, "text", "a.xlsx", {"text": "unreadable"}, field="net_worth_cr"),) if error else ()
    return Bid(
        Location("a.xlsx", "Bid Form"), {"bid_ref": ref, "net_worth_cr": net_worth}, {"net_worth_cr": reading}, errors
    )


def test_a_clarification_replaces_the_value_the_evaluation_uses_and_keeps_the_declared_one() -> None:
    made = Clarification("t-1", "net_worth_cr", "450", 450.0, "CA certificate")
    declared, other = bid("T-1", None, error=True), bid("T-2", 300.0)
    clarified, untouched = apply_clarifications([declared, other], [made])
    assert untouched is other
    assert clarified.values["net_worth_cr"] == 450.0 and clarified.verified == {"net_worth_cr": 450.0}
    assert clarified.errors == ()  # the unreadable declaration no longer makes the bid invalid
    shown = fields_dict(clarified)["net_worth_cr"]
    assert (shown["declared"], shown["verified"], shown["text"]) == (None, 450, "Rs 1,00,00,00,000")
    assert fields_dict(other)["net_worth_cr"]["verified"] is None


def test_a_clarification_needs_one_bid_a_value_and_a_reason() -> None:
    bids = [bid("T-1", 1.0), bid("T 1", 2.0), bid("T-2", 3.0)]
    assert clarification_refusal("T-9", bids, "4", "r").code == "clarify_unknown_bid"  # type: ignore[union-attr]
    assert clarification_refusal("t1", bids, "4", "r").code == "clarify_ambiguous_bid"  # type: ignore[union-attr]
    assert clarification_refusal("T-2", bids, "", "r").code == "clarify_no_value"  # type: ignore[union-attr]
    assert clarification_refusal("T-2", bids, "4", "").code == "clarify_no_reason"  # type: ignore[union-attr]
    assert clarification_refusal("T-2", bids, "4", "r") is None
