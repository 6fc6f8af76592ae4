"""The stage strip: one line above the views that says where a two-cover evaluation stands (technical evaluation ›
approval › prices opened › award) and what the committee does next, with a button for that step.

`stage_place` is the plain part (what the strip says, from the session and its evaluation); `StageStrip` shows it.
Under one cover there are no stages: the strip says so in one short line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from repm_bids.domain.local_time import local_text
from repm_bids.domain.result import Status
from repm_bids.domain.shown import shown
from repm_bids.gui.formats import indian

if TYPE_CHECKING:
    from repm_bids.domain.result import Evaluation
    from repm_bids.services.session import EvaluationSession

TECHNICAL, APPROVED, PRICES_OPENED, SINGLE_PASS = "technical", "technical_approved", "prices_opened", "single_pass"
STEPS = ("Technical evaluation", "Approval", "Prices opened", "Award")
DONE, NOW, LATER = "done", "now", "later"
_MARK = {DONE: "✓", NOW: "▶", LATER: "○"}
_STEP_STYLE = {
    DONE: "color:#1E6B34;",
    NOW: "color:#FFFFFF; background:#1F4E78; border-radius:3px; padding:1px 6px; font-weight:bold;",
    LATER: "color:#6B6B6B;",
}


@dataclass(frozen=True)
class StagePlace:
    """What the strip says: each step with its state (done, now, later), where the evaluation stands, the next step,
    and which action that next step is ("approve", "open_prices", "draw", "export" or "")."""

    stage: str
    steps: tuple[tuple[str, str], ...]
    where: str
    next_step: str
    action: str = ""


def session_stage(session: EvaluationSession, evaluation: Evaluation) -> str:
    """technical, technical_approved, prices_opened or single_pass: the session's own stage, except that prices
    opened in a single sitting (no approval between) show as opened, as the evaluation says."""
    if evaluation.stage == PRICES_OPENED:
        return PRICES_OPENED
    return session.stage.value


def _states(done: int) -> tuple[tuple[str, str], ...]:
    return tuple((name, DONE if i < done else NOW if i == done else LATER) for i, name in enumerate(STEPS))


def _plural(n: int, word: str) -> str:
    return f"{indian(n)} {word}{'s' * (n != 1)}"


def stage_place(session: EvaluationSession, evaluation: Evaluation) -> StagePlace:
    stage = session_stage(session, evaluation)
    sm = evaluation.summary
    if stage == SINGLE_PASS:
        return StagePlace(
            stage, (), "One cover: each bid's form holds its price, evaluated in one pass (no stages).", ""
        )
    if sm.bids_received == 0:
        return StagePlace(
            stage, _states(0), "No technical covers yet.", "Import the technical covers (Ctrl+O)", "import"
        )
    if stage == TECHNICAL:
        qualified = sum(o.status is Status.QUALIFIED for o in evaluation.outcomes)
        where = (
            f"Technical evaluation: {qualified} of {_plural(sm.bids_received, 'bid')} technically qualified; "
            "the financial covers are sealed."
        )
        return StagePlace(stage, _states(0), where, "Approve the technical evaluation", "approve")
    if stage == APPROVED:
        step = session.approved
        by = f" by {shown(step.by)}, {local_text(step.at)}" if step is not None else ""
        qualified = sum(o.status is Status.QUALIFIED for o in evaluation.outcomes)
        return StagePlace(
            stage,
            _states(2),
            f"Technical evaluation approved{by}; frozen.",
            f"Open the financial covers of the {_plural(qualified, 'qualified bid')}",
            "open_prices",
        )
    # the prices are open
    unopened = len(evaluation.unopened)
    how = " in a single sitting (no approval recorded)" if evaluation.single_sitting else ""
    where = f"Prices opened{how}: {_plural(sm.beneficiaries, 'award')}"
    if unopened:
        where += f"; {_plural(unopened, 'cover')} returned unopened"
    pending = evaluation.pending_ties()
    if pending:
        tied = "; ".join(" and ".join(t.bids) for t in pending)
        where += f"; provisional: {tied} tied."
        return StagePlace(stage, _states(3), where, "Record the committee's draw", "draw")
    if evaluation.summary.provisional:  # a finding other than a tie awaits the committee's decision
        return StagePlace(stage, _states(3), where + "; provisional.", "")
    return StagePlace(stage, _states(4), where + ".", "Export the award workbook (Ctrl+E)", "export")


class StageStrip(QFrame):
    """The strip itself. `set_place` shows a StagePlace; `bind` names the action each next step triggers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stage_strip")
        self.setAccessibleName("Stage of the evaluation")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(4)
        self.step_labels: list[QLabel] = []
        self.chevrons: list[QLabel] = []
        for i, name in enumerate(STEPS):
            if i:
                chevron = QLabel("›")
                chevron.setAccessibleName("then")
                layout.addWidget(chevron)
                self.chevrons.append(chevron)
            label = QLabel(name)
            label.setObjectName(f"stage_step_{i + 1}")
            layout.addWidget(label)
            self.step_labels.append(label)
        self.where = QLabel()
        self.where.setObjectName("stage_where")
        self.where.setAccessibleName("Where the evaluation stands")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addSpacing(12)
        layout.addWidget(self.where, 1)
        self.next_button = QPushButton()
        self.next_button.setObjectName("stage_next")
        self.next_button.setAccessibleName("Next step")
        self.next_button.clicked.connect(self._next)
        layout.addWidget(self.next_button)
        self.step_actions: dict[str, QAction] = {}
        self.place: StagePlace | None = None

    def bind(self, actions: dict[str, QAction]) -> None:
        """The action each next step triggers ("approve", "open_prices", "draw", "export", "import")."""
        self.step_actions = dict(actions)

    def set_place(self, place: StagePlace) -> None:
        self.place = place
        staged = bool(place.steps)
        for label in self.chevrons:
            label.setVisible(staged)
        for label, (name, state) in zip(self.step_labels, place.steps or (), strict=False):
            label.setText(f"{_MARK[state]} {name}")
            if label.styleSheet() != _STEP_STYLE[state]:  # setting a style sheet styles the label again
                label.setStyleSheet(_STEP_STYLE[state])
            label.setAccessibleName(f"{name}: {'done' if state == DONE else 'now' if state == NOW else 'later'}")
        for label in self.step_labels:
            label.setVisible(staged)
        self.where.setText(shown(place.where))
        self.where.setToolTip(shown(place.where))
        action = self.step_actions.get(place.action)
        self.next_button.setVisible(bool(place.next_step) and action is not None)
        self.next_button.setText(f"Next: {place.next_step}…" if place.next_step else "")
        self.next_button.setToolTip(action.statusTip() if action is not None else "")
        self.next_button.setEnabled(action is not None and action.isEnabled())

    def _next(self) -> None:
        action = self.step_actions.get(self.place.action) if self.place is not None else None
        if action is not None and action.isEnabled():
            action.trigger()
