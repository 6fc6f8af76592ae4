"""Undoable stage steps: each calls a session method and, on undo, its inverse (services/stages.py provides both).

Approving is undone by reopening the technical stage (the audit trail keeps both entries); a clarification is undone
by withdrawing it, or by putting back the one it replaced.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from repm_bids.domain.clarifications import Clarification
from repm_bids.services.session import EvaluationSession

UNDO_APPROVAL = "The approval was undone (Edit › Undo) before the financial covers were opened."


class ApproveCommand(QUndoCommand):
    def __init__(self, session: EvaluationSession, by: str, done: bool = False) -> None:
        super().__init__("Approve the technical evaluation")
        self.session = session
        self.by = by
        self.done = done  # approved already (so that a refusal was a message, not a failed push)

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.session.approve(self.by)

    def undo(self) -> None:
        self.session.reopen(UNDO_APPROVAL)


class ClarifyCommand(QUndoCommand):
    """Record a verified value; undo withdraws it, or puts back the clarification it replaced."""

    def __init__(
        self, session: EvaluationSession, bid_ref: str, field: str, text: str, reason: str, document: str = ""
    ) -> None:
        super().__init__(f"Clarify {bid_ref}")
        self.session = session
        self.args = (bid_ref, field, text, reason, document)
        self.replaced: Clarification | None = None
        self.done = False  # recorded already (so that a refusal was a message, not a failed push)

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.replaced = self.session.clarify(*self.args)

    def undo(self) -> None:
        bid_ref, field = self.args[0], self.args[1]
        if self.replaced is not None:
            self.session.restore_clarification(self.replaced)
        else:
            self.session.remove_clarification(bid_ref, field)
