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
    session.draw(order, witnesses) -> Draw   after the prices are opened: the committee's draw for a tie
    session.withdraw(bid_ref, reason)        after the prices are opened: an awardee withdraws
    session.clarify(bid_ref, field, text, reason, document="") -> Clarification | None (the one it replaced)
    session.remove_clarification(bid_ref, field) -> Clarification | None
    session.restore_clarification(clarification) (undo of remove)
    session.open_prices(paths)               (in session.py: after approval, or in a single sitting)
    prepare_step(snapshot, generation, step) -> PreparedStep   a step made on a snapshot, with the evaluation after
    session.take_step(prepared) -> bool      takes it, if the session has not changed since the snapshot
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from repm_bids.domain.clarifications import Clarification, clarifiable_field, clarification_refusal
from repm_bids.domain.committee import Draw
from repm_bids.domain.committee_checks import draw_refusal, withdrawal_refusal
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Bid, Problem, Severity, problem
from repm_bids.domain.result import Status, UnopenedCover
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.stages import Stage, StageRefused, Step, refusal, stage_of

if TYPE_CHECKING:
    from repm_bids.domain.result import Evaluation
    from repm_bids.services.reading import InputPart

__all__ = ["PreparedStep", "StageActions", "prepare_step"]


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
    draws: tuple[Draw, ...]
    withdrawn: tuple[str, ...]
    generation: int
    last_seconds: float
    listeners: list[Any]

    if TYPE_CHECKING:

        @property
        def bids(self) -> list[Bid]: ...

        def evaluation(self, evaluated_at: datetime | None = None) -> Evaluation: ...

        def _changed(self, action: str, details: dict[str, Any], evaluation: Evaluation | None = None) -> None: ...

        def invalidate(self) -> None: ...

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
            "draws": [f"{', '.join(d.order)} (witnesses: {d.witnesses})" for d in self.draws],
            "withdrawn": list(self.withdrawn),
        }
        self.steps.clear()
        self.prices = None
        self.price_parts = []
        self.unopened = []
        self.draws = ()
        self.withdrawn = ()
        self._changed("reopened", {"reason": reason.strip(), "from_stage": was.value, "discarded": discarded})

    def _step_prices_opened(self, by: str = "") -> None:
        """Record (in the state) that the prices were opened; session.open_prices calls it before it notifies."""
        self.steps.append(Step(Stage.PRICES_OPENED, by, datetime.now(UTC)))

    # -- after the prices are opened: draws and withdrawals ---------------------------------------------------------
    def draw(self, order: Sequence[str], witnesses: str) -> Draw:
        """Record the committee's draw of lots for a tie the result names: the bids in the order drawn, best first,
        and who witnessed it. The award that depended on the tie is then decided (no longer provisional)."""
        self.require("draw")
        if not witnesses.strip():
            raise _refused("draw_no_witnesses")
        made = Draw(tuple(r.strip() for r in order if r.strip()), witnesses.strip())
        if any(d.keys == made.keys for d in self.draws):
            raise _refused("draw_recorded_already", bid_refs=list(made.order))
        before = self.evaluation()
        refused = draw_refusal(before, made)
        if refused is not None:
            raise StageRefused(refused)
        self.draws = (*self.draws, made)
        self.invalidate()
        after = self.evaluation()
        self._changed(
            "draw_recorded",
            {"order": list(made.order), "witnesses": made.witnesses, **_award_change(before, after)},
        )
        return made

    def withdraw(self, bid_ref: str, reason: str) -> None:
        """Record that an awardee withdrew after the award: the allocation runs again without it and the waiting
        list moves up (the entry names who moved)."""
        self.require("withdraw")
        if not reason.strip():
            raise _refused("withdraw_no_reason", bid_ref=bid_ref)
        before = self.evaluation()
        refused = withdrawal_refusal(before, bid_ref)
        if refused is not None:
            raise StageRefused(refused)
        ref = next(o.bid_ref for o in before.outcomes if o.bid_ref and ref_key(o.bid_ref) == ref_key(bid_ref))
        self.withdrawn = (*self.withdrawn, ref or bid_ref)
        self.invalidate()
        after = self.evaluation()
        self._changed(
            "withdrawn", {"bid_ref": ref or bid_ref, "reason": reason.strip(), **_award_change(before, after)}
        )

    def take_step(self, prepared: PreparedStep) -> bool:
        """Take a step prepared on a snapshot of this session (`prepare_step`), with the evaluation made after it, in
        one change; False (nothing taken) when the session changed since the snapshot was taken."""
        if prepared.generation != self.generation:
            return False
        self.steps = list(prepared.steps)
        self.draws = prepared.draws
        self.withdrawn = prepared.withdrawn
        self.last_seconds = prepared.seconds
        self._changed(prepared.action, prepared.details, prepared.evaluation)
        return True

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


@dataclass(frozen=True)
class PreparedStep:
    """A stage step (approve, draw, withdraw) made on a snapshot of the session: what it changes, its audit entry,
    and the evaluation after it, so that the session takes it without evaluating again."""

    generation: int  # of the session the snapshot was taken from
    action: str
    details: dict[str, Any]
    steps: tuple[Step, ...]
    draws: tuple[Draw, ...]
    withdrawn: tuple[str, ...]
    evaluation: Evaluation
    seconds: float  # the processor time the evaluation took


class _Recorder:
    """The snapshot's only listener: keeps the change the step announces, for the session to announce it again."""

    def __init__(self) -> None:
        self.changes: list[tuple[str, dict[str, Any]]] = []

    def session_changed(self, session: object, action: str, details: dict[str, Any]) -> None:
        self.changes.append((action, details))


def prepare_step(snapshot: StageActions, generation: int, step: Callable[[Any], object]) -> PreparedStep:
    """Make `step` (one stage action) on `snapshot`, a `session.snapshot()` taken at `generation`, and evaluate the
    state after it: the part that takes long, on any thread. Raises what the step raises (StageRefused: a
    sentence); then nothing changed, the session least of all."""
    recorder = _Recorder()
    snapshot.listeners[:] = [recorder]
    step(snapshot)
    if len(recorder.changes) != 1:
        raise ValueError(f"a stage step announces one change, not {len(recorder.changes)}")
    action, details = recorder.changes[0]
    evaluation = snapshot.evaluation()
    return PreparedStep(
        generation,
        action,
        details,
        tuple(snapshot.steps),
        snapshot.draws,
        snapshot.withdrawn,
        evaluation,
        snapshot.last_seconds,
    )


def _awards(evaluation: Evaluation) -> dict[str, float]:
    return {o.bid_ref or "": o.awarded for o in evaluation.awards()}


def _award_change(before: Evaluation, after: Evaluation) -> dict[str, Any]:
    """Who the step awarded, and how much, that was not awarded so before (the waiting list moving up)."""
    old, new = _awards(before), _awards(after)
    return {
        "awarded_now": {ref: new[ref] for ref in new if new[ref] != old.get(ref)},
        "no_longer_awarded": [ref for ref in old if ref not in new],
    }


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
