"""Undoable changes: each command calls a session method and, on undo, its inverse (session.py provides both).

The session tells its listeners after every call, so the views re-evaluate and the store (when there is one) records
the undo as a change of its own: the audit trail keeps both.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from repm_bids.domain.models import Decision, InputFile, Problem
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.wording import decision_words
from repm_bids.services.session import EvaluationSession, InputPart

SCHEME_MERGE_ID = 1001


class SchemeCommand(QUndoCommand):
    """Use another scheme. Consecutive edits of the same parameter merge into one undo step."""

    def __init__(self, session: EvaluationSession, new: Scheme, param: str = "", text: str = "") -> None:
        super().__init__(text or "Change the scheme")
        self.session = session
        self.old = session.scheme
        self.new = new
        self.param = param

    def redo(self) -> None:
        self.session.set_scheme(self.new)

    def undo(self) -> None:
        self.session.set_scheme(self.old)

    def id(self) -> int:
        return SCHEME_MERGE_ID if self.param else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SchemeCommand) or other.param != self.param or not self.param:
            return False
        self.new = other.new
        return True


class DecisionCommand(QUndoCommand):
    def __init__(
        self,
        session: EvaluationSession,
        bid_ref: str,
        qualified: bool | None,
        remarks: str = "",
        low_quote: bool | None = None,
    ) -> None:
        what = decision_words(qualified, low_quote) or "undecided"
        super().__init__(f"Mark {bid_ref} {what}")
        self.session = session
        self.bid_ref = bid_ref
        self.qualified = qualified
        self.remarks = remarks
        self.low_quote = low_quote
        self.old: Decision | None = session.decisions.get(bid_ref)

    def redo(self) -> None:
        self.old = self.session.set_decision(self.bid_ref, self.qualified, self.remarks, self.low_quote)

    def undo(self) -> None:
        self.session.restore_decision(self.bid_ref, self.old)


class ImportDecisionsCommand(QUndoCommand):
    """Take a decisions file; undo puts back each earlier decision and the earlier decision problems."""

    def __init__(
        self,
        session: EvaluationSession,
        decisions: Sequence[Decision],
        problems: Sequence[Problem],
        name: str,
        source: InputFile | None = None,
    ) -> None:
        super().__init__(f"Import decisions from {name}")
        self.session = session
        self.decisions = list(decisions)
        self.problems = list(problems)
        self.source = source  # the file read, with its bytes: an input of the evaluation
        self.old = {d.bid_ref: session.decisions.get(d.bid_ref) for d in decisions}
        self.old_problems = list(session.decision_problems)
        self.old_source = session.decisions_part.input if session.decisions_part is not None else None

    def redo(self) -> None:
        self.session.replace_decisions(self.decisions, self.problems, self.source)

    def undo(self) -> None:
        for ref, old in self.old.items():
            self.session.restore_decision(ref, old)
        self.session.replace_decisions([], self.old_problems, self.old_source)


class RemoveBidCommand(QUndoCommand):
    def __init__(self, session: EvaluationSession, key: str, label: str) -> None:
        super().__init__(f"Remove bid {label}")
        self.session = session
        self.key = key

    def redo(self) -> None:
        self.session.remove_bid(self.key)

    def undo(self) -> None:
        self.session.restore_bid(self.key)


class RemoveFileCommand(QUndoCommand):
    def __init__(self, session: EvaluationSession, sha256: str, label: str) -> None:
        super().__init__(f"Remove file {label}")
        self.session = session
        self.sha256 = sha256
        self.part: InputPart | None = None
        self.index: int | None = None

    def redo(self) -> None:
        self.index = next((i for i, p in enumerate(self.session.parts) if p.sha256 == self.sha256), None)
        self.part = self.session.remove_input(self.sha256)

    def undo(self) -> None:
        if self.part is not None:
            self.session.restore_input(self.part, self.index)
