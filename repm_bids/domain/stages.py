"""The stages of a two-cover evaluation, and which action each stage allows (pure: no files, no clock).

Under two covers an evaluation moves `technical` -> `technical_approved` -> `prices_opened`. The committee evaluates
the technical covers, approves that evaluation (its inputs, decisions, clarifications and scheme are then frozen),
and only then opens the financial covers of the technically qualified bids. Reopening goes back to `technical` and
discards the financial stage. Under one cover there are no stages (`single_pass`): everything stays editable and the
stage actions do not apply. docs/evaluation-rules.md (section 0) gives the why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from repm_bids.domain.models import Problem, Severity, problem

__all__ = [
    "ACTIONS",
    "Stage",
    "StageRefused",
    "Step",
    "refusal",
    "stage_of",
]


class Stage(StrEnum):
    TECHNICAL = "technical"
    APPROVED = "technical_approved"
    PRICES_OPENED = "prices_opened"
    SINGLE_PASS = "single_pass"  # one cover: no stages

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Stage.TECHNICAL: "Technical evaluation",
    Stage.APPROVED: "Technical evaluation approved",
    Stage.PRICES_OPENED: "Financial covers opened",
    Stage.SINGLE_PASS: "Single pass (one cover)",
}


@dataclass(frozen=True, slots=True)
class Step:
    """One step taken (approval, the opening of the prices): by whom and when (UTC)."""

    stage: Stage
    by: str
    at: datetime


def stage_of(covers: int, steps: Sequence[Step]) -> Stage:
    """Where an evaluation stands: the last step taken since the technical stage was last (re)opened."""
    if covers != 2:
        return Stage.SINGLE_PASS
    return steps[-1].stage if steps else Stage.TECHNICAL


# Which stages allow each action. "edit" is any change of the technical inputs: files, bids, decisions, the scheme.
ACTIONS: dict[str, frozenset[Stage]] = {
    "edit": frozenset({Stage.TECHNICAL, Stage.SINGLE_PASS}),
    "clarify": frozenset({Stage.TECHNICAL, Stage.SINGLE_PASS}),
    "approve": frozenset({Stage.TECHNICAL}),
    "open_prices": frozenset({Stage.APPROVED}),
    "reopen": frozenset({Stage.APPROVED, Stage.PRICES_OPENED}),
    "draw": frozenset({Stage.PRICES_OPENED}),
    "withdraw": frozenset({Stage.PRICES_OPENED}),
    # the committee's decision on an abnormally low quote: a price is known only once the covers are opened
    "low_quote": frozenset({Stage.PRICES_OPENED, Stage.SINGLE_PASS}),
}


class StageRefused(ValueError):
    """An action the evaluation's stage does not allow (or that is incomplete); `problem` is the coded reason, and
    the message its sentence (`domain.wording`). Nothing was changed."""

    def __init__(self, refused: Problem) -> None:
        self.problem = refused
        super().__init__(refused.message)


def _code(action: str, stage: Stage) -> str:
    if stage is Stage.SINGLE_PASS:
        return "stage_single_cover"
    if action in ("edit", "clarify"):
        return "stage_frozen"
    if action == "approve":
        return "stage_approved_already"
    if action == "open_prices":
        return "stage_prices_open_already" if stage is Stage.PRICES_OPENED else "stage_not_approved"
    if action == "reopen":
        return "stage_nothing_to_reopen"
    if action == "low_quote":
        return "stage_no_quote_yet"
    return "stage_prices_not_open"  # draw, withdraw


def refusal(action: str, stage: Stage, approved: Step | None = None, what: str = "") -> Problem | None:
    """None when `stage` allows `action`; else the coded refusal. `approved` names who approved (for a frozen
    evaluation), `what` the change refused ("a decision", "a clarification")."""
    allowed = ACTIONS.get(action)
    if allowed is None:
        raise KeyError(action)
    if stage in allowed:
        return None
    figures: dict[str, object] = {"action": action, "stage": stage.value, "what": what}
    if approved is not None:
        figures.update(by=approved.by, at=approved.at.isoformat())
    return problem(Severity.ERROR, _code(action, stage), "(evaluation)", figures)
