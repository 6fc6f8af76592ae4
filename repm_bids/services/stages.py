"""The stage actions of an evaluation session (no Qt): approve, reopen, clarify, and the guard that freezes the
technical inputs once the technical evaluation is approved.

`EvaluationSession` takes these methods from `StageActions`. The application and the command line call them; each
one tells the session's listeners (a saved evaluation records it in the audit trail) or raises
`domain.stages.StageRefused` with a coded reason, and then nothing was changed. The rules are in domain/stages.py
and domain/clarifications.py; docs/saved-evaluations.md lists the actions.

API (on the session):

    session.stage -> Stage                   where the evaluation stands ("single_pass" under one cover)
    session.approved -> Step | None          who approved the technical evaluation, and when
    session.refusal(action) -> Problem|None  why an action ("approve", "open_prices", "reopen", "clarify", "edit",
                                             "draw", "withdraw") is not allowed now; None when it is
    session.approve(by) -> Step
    session.reopen(reason) -> None
    session.clarify(bid_ref, field, text, reason, document="") -> Clarification | None (the one it replaced)
    session.remove_clarification(bid_ref, field) -> Clarification | None
    session.restore_clarification(clarification) (undo of remove)
    session.open_prices(paths)               (in session.py: after approval, or in a single sitting)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from repm_bids.domain.clarifications import Clarification, clarifiable_field, clarification_refusal
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Bid, Problem, Severity, problem
from repm_bids.domain.result import Status, UnopenedCover
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.stages import Stage, StageRefused, Step, refusal, stage_of

if TYPE_CHECKING:
    from repm_bids.domain.result import Evaluation
    from repm_bids.services.reading import InputPart

__all__ = ["StageActions"]


def _refused(code: str, **figures: Any) -> StageRefused:
    return StageRefused(problem(Severity.ERROR, code, "(evaluation)", figures))


class StageActions:
    """The stage actions; mixed into EvaluationSession (which holds these attributes)."""

    scheme: Scheme
    steps: list[Step]
    clarifications: dict[tuple[str, str], Clarification]
    prices: dict[str, Bid] | None
    price_parts: list[InputPart]
    unopened: list[UnopenedCover]
    single_sitting: bool

    if TYPE_CHECKING:

        @property
        def bids(self) -> list[Bid]: ...

        def evaluation(self, evaluated_at: datetime | None = None) -> Evaluation: ...

        def _changed(self, action: str, details: dict[str, Any]) -> None: ...

    # -- where the evaluation stands ---------------------------------------------------------------------------------
    @property
    def stage(self) -> Stage:
        return stage_of(self.scheme.covers, self.steps)

    @property
    def approved(self) -> Step | None:
        return next((s for s in self.steps if s.stage is Stage.APPROVED), None)

    def refusal(self, action: str, what: str = "") -> Problem | None:
        """Why `action` is not allowed at this stage (a coded problem), or None when it is."""
        return refusal(action, self.stage, self.approved, what)

    def require(self, action: str, what: str = "") -> None:
        """Raise StageRefused unless this stage allows `action`."""
        refused = self.refusal(action, what)
        if refused is not None:
            raise StageRefused(refused)

    # -- approve and reopen ------------------------------------------------------------------------------------------
    def approve(self, by: str) -> Step:
        """Approve the technical evaluation as it stands (named by `by`): from now on its inputs, decisions,
        clarifications and scheme are frozen, and the financial covers may be opened."""
        from repm_bids.domain.report import result_sha256

        self.require("approve")
        if not by.strip():
            raise _refused("stage_no_name")
        if not self.bids:
            raise _refused("stage_no_bids")
        technical = self.evaluation()
        step = Step(Stage.APPROVED, by.strip(), datetime.now(UTC))
        self.steps.append(step)
        counts = {s.value: sum(o.status is s for o in technical.outcomes) for s in Status if not s.qualified}
        self._changed(
            "technical_approved",
            {
                "by": step.by,
                "at": step.at.isoformat(),
                "technical_result_sha256": result_sha256(technical),
                "qualified": [o.bid_ref or "" for o in technical.outcomes if o.status is Status.QUALIFIED],
                **counts,
                "clarifications": len(self.clarifications),
            },
        )
        return step

    def reopen(self, reason: str) -> None:
        """Back to the technical stage: the approval and the financial stage (the prices opened, the covers kept
        unopened) leave the evaluation; the audit trail keeps them, and this entry names what was discarded."""
        self.require("reopen")
        if not reason.strip():
            raise _refused("stage_no_reason")
        was = self.stage
        discarded: dict[str, Any] = {
            "steps": [f"{s.stage.value} by {s.by} at {s.at.isoformat()}" for s in self.steps],
            "covers_opened": [p.input.path for p in self.price_parts],
            "covers_unopened": [u.path for u in self.unopened],
        }
        self.steps.clear()
        self.prices = None
        self.price_parts = []
        self.unopened = []
        self._changed("reopened", {"reason": reason.strip(), "from_stage": was.value, "discarded": discarded})

    def _step_prices_opened(self, by: str = "") -> None:
        """Record (in the state) that the prices were opened; session.open_prices calls it before it notifies."""
        self.steps.append(Step(Stage.PRICES_OPENED, by, datetime.now(UTC)))

    # -- clarifications ----------------------------------------------------------------------------------------------
    def clarify(self, bid_ref: str, field: str, text: str, reason: str, document: str = "") -> Clarification | None:
        """Record the committee's verified value for a technical field of a bid (read by the bid form's reading
        rules); returns the clarification it replaces, if any. The evaluation uses the verified value."""
        from repm_bids.io.values import read_value

        self.require("clarify", "a clarification")
        spec = clarifiable_field(field)
        if isinstance(spec, Problem):
            raise StageRefused(spec)
        refused = clarification_refusal(bid_ref, self.bids, text, reason)
        if refused is not None:
            raise StageRefused(refused)
        reading = read_value(spec, text.strip())
        if reading.error is not None or reading.value is None:
            raise _refused("clarify_unreadable", text=text, why=reading.error or "it holds no value.")
        ref = next(b.bid_ref for b in self.bids if b.bid_ref and ref_key(b.bid_ref) == ref_key(bid_ref))
        made = Clarification(
            ref or bid_ref, spec.key, text.strip(), reading.value, reason.strip(), document.strip(), reading.note
        )
        old = self.clarifications.pop(made.key, None)
        self.clarifications[made.key] = made
        self._changed("clarified", _clarification_details(made, old))
        return old

    def remove_clarification(self, bid_ref: str, field: str) -> Clarification | None:
        """Withdraw a clarification (technical stage only); returns it, so that undo can record it again."""
        self.require("clarify", "a clarification")
        spec = clarifiable_field(field)
        key = (ref_key(bid_ref), spec.key if not isinstance(spec, Problem) else field)
        old = self.clarifications.pop(key, None)
        if old is None:
            raise _refused("clarify_none", bid_ref=bid_ref, field=key[1])
        self._changed("clarification_removed", {"bid_ref": old.bid_ref, "field": old.field, "text": old.text})
        return old

    def restore_clarification(self, clarification: Clarification) -> None:
        """Put back a clarification that was removed (undo)."""
        self.require("clarify", "a clarification")
        old = self.clarifications.pop(clarification.key, None)
        self.clarifications[clarification.key] = clarification
        self._changed("clarified", _clarification_details(clarification, old))


def _clarification_details(made: Clarification, old: Clarification | None) -> dict[str, Any]:
    details: dict[str, Any] = {
        "bid_ref": made.bid_ref,
        "field": made.field,
        "value": made.text,
        "reason": made.reason,
        "document": made.document,
    }
    if made.note:
        details["reading"] = made.note
    if old is not None:
        details["replaces"] = old.text
    return details
