"""The committee's steps once the prices are open, in the application: Record draw (a tie that decides an award)
and Withdraw awardee; and, at the technical stage, Import receipt register (the portal's bid-opening summary, which
the tie rule `received_at` uses).

Each step asks for confirmation, goes through the session's own stage action (a refusal is its sentence, and
nothing is recorded), and is an audit entry naming who and when. A draw and a withdrawal are facts the committee
witnessed: Edit › Undo does not take them back; reopening the technical stage sets them aside, recorded.

`run` makes a stage step: on the GUI thread while the evaluation is quick, else on the thread pool from a snapshot
of the session (the step and the evaluation after it), taken by the session in one change when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QTableView

from repm_bids.domain.result import AWARD_STATUSES, Evaluation
from repm_bids.domain.shown import shown
from repm_bids.domain.stages import StageRefused
from repm_bids.gui.flow_host import SLOW_SECONDS
from repm_bids.gui.formats import indian
from repm_bids.gui.message_box import confirmed
from repm_bids.gui.stage_strip import PRICES_OPENED, SINGLE_PASS, TECHNICAL
from repm_bids.gui.tasks import Task

if TYPE_CHECKING:
    from repm_bids.gui.bids_view import BidsView
    from repm_bids.gui.draw_dialog import DrawDialog
    from repm_bids.gui.flow_host import FlowHost
    from repm_bids.gui.withdraw_dialog import WithdrawDialog
    from repm_bids.services.session import EvaluationSession

RECEIPTS_FILTER = "Receipt registers (*.csv *.xlsx *.xlsm *.xls);;All files (*)"
NOT_UNDONE = (
    "Edit › Undo does not take it back (the committee witnessed it); reopening the technical stage sets it aside, "
    "recorded in the audit trail."
)


if TYPE_CHECKING:

    class AwardHost(FlowHost, Protocol):
        """The main window as these flows see it."""

        evaluation: Evaluation | None
        bids: BidsView

        def take_rows(self, evaluation: Evaluation, rows: list[Any]) -> None: ...


class StageSteps(Protocol):
    """What these flows use of the stage flows (gui/stage_flows.py), which build them."""

    @property
    def w(self) -> AwardHost: ...

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox: ...

    def _refused(self, action: str) -> bool: ...

    def update(self, evaluation: Evaluation) -> None: ...


def awardees(evaluation: Evaluation) -> list[Any]:
    return [o for o in evaluation.outcomes if _awardee(o)]


def _awardee(o: Any) -> bool:
    return bool(o.bid_ref) and o.status in AWARD_STATUSES


def has_awardee(evaluation: Evaluation) -> bool:
    """Whether any bid can withdraw (asked after every evaluation: the first awardee ends the search)."""
    return any(_awardee(o) for o in evaluation.outcomes)


class AwardFlows(QObject):
    """Built by StageFlows: adds its actions to the Stage menu and the awarded bids' right-click menu."""

    step_done = Signal(str, object)  # the action ("technical_approved", "draw_recorded", "withdrawn"), then True,
    # or the exception that refused it, or None when the evaluation changed meanwhile
    receipts_done = Signal(object)  # how many receipts the register held, or None when it was not taken

    def __init__(self, flows: StageSteps) -> None:
        super().__init__(flows.w.window())
        self.flows = flows
        self.w: AwardHost = flows.w
        self.task: Task | None = None
        self.dialog: DrawDialog | WithdrawDialog | None = None
        parent = self.w.window()
        self.draw = QAction("Record &draw…", parent)
        self.draw.setStatusTip(
            "Record the committee's draw of lots for a tie that decides an award (the order drawn and the witnesses); "
            "it cannot be undone with Edit › Undo"
        )
        self.withdraw = QAction("&Withdraw awardee…", parent)
        self.withdraw.setStatusTip(
            "An awardee withdrew after the award: the allocation runs again without it and the waiting list moves up; "
            "it cannot be undone with Edit › Undo"
        )
        self.receipts = QAction("Import recei&pt register…", parent)
        self.receipts.setStatusTip(
            "The portal's bid-opening summary (bid reference, received at): the tie rule 'received at' uses it"
        )
        for a in (self.draw, self.withdraw, self.receipts):
            a.setToolTip(a.statusTip())
        self.draw.triggered.connect(self.ask_draw)
        self.withdraw.triggered.connect(lambda: self.ask_withdraw())
        self.receipts.triggered.connect(self.ask_receipts)

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.receipts)
        menu.addSeparator()
        menu.addAction(self.draw)
        menu.addAction(self.withdraw)

    def update(self, evaluation: Evaluation, stage: str, running: bool) -> None:
        busy = running or self.task is not None
        opened = stage in (PRICES_OPENED, SINGLE_PASS)
        self.draw.setEnabled(not busy and opened and bool(evaluation.pending_ties()))
        self.withdraw.setEnabled(not busy and opened and has_awardee(evaluation))
        self.receipts.setEnabled(not busy and stage == TECHNICAL)

    def _message(self, title: str, text: str) -> None:
        self.flows._message(QMessageBox.Icon.Warning, title, text)

    def _evaluation(self) -> Evaluation:
        return self.w.evaluation or self.w.session.evaluation()

    # -- one stage step, here or elsewhere -----------------------------------------------------------------------------
    def slow(self) -> bool:
        """Whether evaluating takes long (or one is running): the step and its evaluation go to the thread pool."""
        session = self.w.session
        return self.w.evaluating or session.last_seconds > SLOW_SECONDS or not session.evaluated

    def run(
        self, action: str, title: str, step: Callable[[EvaluationSession], object], done: Callable[[], None]
    ) -> bool:
        """Make `step` on the session (here) or on a snapshot (elsewhere); `done` follows once it is recorded. A
        refusal is a message titled `title`. False when refused at once or another step is running."""
        from repm_bids.services.stages import prepare_step

        session = self.w.session
        if self.task is not None:
            self.w.statusBar().showMessage("A stage step is being recorded; wait for it.", 5000)
            return False
        if not self.slow():
            try:
                step(session)
            except StageRefused as exc:
                self._message(title, str(exc))
                self.step_done.emit(action, exc)
                return False
            done()
            self.step_done.emit(action, True)
            return True
        generation, snapshot = session.generation, session.snapshot()

        def work(progress: Any, cancel: Any) -> tuple[Any, list[Any]]:
            from repm_bids.gui.bids_model import bid_rows

            prepared = prepare_step(snapshot, generation, step)
            return prepared, bid_rows(prepared.evaluation, snapshot.decisions)  # the table's rows made here too

        self.task = self.w.runner.start(
            work,
            name=action,
            on_result=lambda made: self._prepared(session, action, title, made, done),
            on_error=lambda exc: self._failed(action, title, exc),
        )
        self.w.progress.follow(self.task, "Recording the step and evaluating", cancellable=False)
        self.flows.update(self._evaluation())
        return True

    def _prepared(
        self, session: EvaluationSession, action: str, title: str, made: Any, done: Callable[[], None]
    ) -> None:
        self.task = None
        prepared, rows = made
        if session is self.w.session and prepared.generation == session.generation:
            self.w.take_rows(prepared.evaluation, rows)
        if session is not self.w.session or not session.take_step(prepared):
            self._message(
                title, "The evaluation changed while the step was being recorded; nothing was recorded. Try again."
            )
            self.flows.update(self._evaluation())
            self.step_done.emit(action, None)
            return
        done()
        self.step_done.emit(action, True)

    def _failed(self, action: str, title: str, exc: BaseException) -> None:
        self.task = None
        self.flows.update(self._evaluation())
        if isinstance(exc, StageRefused):
            self._message(title, str(exc))
        else:
            self.w.unexpected(exc, "recording the step")
        self.step_done.emit(action, exc)

    # -- the draw ------------------------------------------------------------------------------------------------------
    def ask_draw(self) -> DrawDialog | None:
        from repm_bids.gui.draw_dialog import DrawDialog

        ev = self._evaluation()
        refused = self.w.session.refusal("draw")
        if refused is None and not ev.pending_ties():
            self._message("No draw to record", "No tie is waiting for the committee's draw: the result is decided.")
            return None
        if refused is not None:
            self._message("Not possible at this stage", refused.message)
            return None
        dialog = DrawDialog(ev.pending_ties(), ev.outcomes, self.w.window())
        dialog.accepted.connect(lambda: self.confirm_draw(*dialog.choice()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog
        return dialog

    def confirm_draw(self, order: list[str], witnesses: str) -> bool:
        drawn = "\n".join(f"{i}. {ref}" for i, ref in enumerate(order, 1))
        if not confirmed(
            self.w.window(),
            "Record the draw?",
            f"Record the committee's draw of lots, best first:\n{drawn}\n\nWitnesses: {witnesses}\n\n"
            f"The award that depended on the tie is then decided. {NOT_UNDONE}",
        ):
            return False
        return self.record_draw(order, witnesses)

    def record_draw(self, order: list[str], witnesses: str) -> bool:
        def done() -> None:
            self.w.statusBar().showMessage(
                f"The draw is recorded: {shown(', '.join(order))}, witnessed by {shown(witnesses)}.", 10_000
            )

        return self.run("draw_recorded", "Draw not recorded", lambda s: s.draw(order, witnesses), done)

    # -- a withdrawal --------------------------------------------------------------------------------------------------
    def ask_withdraw(self, bid_ref: str | None = None) -> WithdrawDialog | None:
        from repm_bids.gui.withdraw_dialog import WithdrawDialog

        refused = self.w.session.refusal("withdraw")
        if refused is not None:
            self._message("Not possible at this stage", refused.message)
            return None
        ev = self._evaluation()
        if bid_ref is None:
            row = self.w.bids.current_row()
            bid_ref = row.outcome.bid_ref if row is not None else None
        dialog = WithdrawDialog(awardees(ev), bid_ref, self.w.window())
        dialog.accepted.connect(lambda: self.confirm_withdraw(*dialog.choice()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog
        return dialog

    def confirm_withdraw(self, bid_ref: str, reason: str) -> bool:
        ev = self._evaluation()
        outcome = ev.outcome_for(bid_ref)
        awarded = f" (awarded {indian(outcome.awarded)} MTPA)" if outcome is not None else ""
        if not confirmed(
            self.w.window(),
            "Withdraw the awardee?",
            f"Mark {bid_ref}{awarded} withdrawn after the award: the allocation runs again without it and the waiting "
            f"list moves up.\n\nReason: {reason}\n\n{NOT_UNDONE}",
        ):
            return False
        return self.record_withdrawal(bid_ref, reason)

    def record_withdrawal(self, bid_ref: str, reason: str) -> bool:
        def done() -> None:
            self.w.statusBar().showMessage(
                f"{shown(bid_ref)} is withdrawn; the allocation ran again and the waiting list moved up.", 10_000
            )

        return self.run("withdrawn", "Withdrawal not recorded", lambda s: s.withdraw(bid_ref, reason), done)

    def add_to_row_menu(self, menu: QMenu, view: QTableView, rows: list[Any]) -> None:
        """The right-click menu of one awarded bid offers its withdrawal (the menu is built for the rows selected)."""
        if len(rows) != 1 or not view.property("bids_table"):
            return
        outcome = getattr(rows[0], "outcome", rows[0])
        if getattr(outcome, "status", None) not in AWARD_STATUSES or not self.withdraw.isEnabled():
            return
        ref = outcome.bid_ref
        menu.addSeparator()
        menu.addAction("&Withdraw this awardee…", lambda: self.ask_withdraw(ref))

    # -- the receipt register ------------------------------------------------------------------------------------------
    def _start_folder(self) -> str:
        from pathlib import Path

        from repm_bids.services.samples import sample_bid_dir, sample_receipts_path

        bids = [p.input.path for p in self.w.session.parts]
        if bids and all(Path(p).parent == sample_bid_dir() for p in bids):
            return str(sample_receipts_path().parent)
        return self.w.settings.last_folder("receipts")

    def ask_receipts(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w.window(), "Import the receipt register", self._start_folder(), RECEIPTS_FILTER
        )
        if path:
            self.w.settings.remember_folder("receipts", path)
            self.import_receipts(path)

    def import_receipts(self, path: str) -> Task | None:
        """Read the register in the background, then take it (an audit entry); its problems show in Files &
        problems. `receipts_done` gives how many receipts it held (None when it was not taken)."""
        from repm_bids.services.reading import read_receipts_input

        if self.flows._refused("edit"):
            return None
        session = self.w.session
        task = self.w.runner.start(
            lambda progress, cancel: read_receipts_input(path),
            name="receipts",
            on_result=lambda read: self._receipts_read(session, read),
            on_error=self._receipts_failed,
        )
        self.w.progress.follow(task, "Reading the receipt register", cancellable=False)
        return task

    def _receipts_read(self, session: EvaluationSession, read: Any) -> None:
        if session is not self.w.session:
            self.receipts_done.emit(None)
            return
        try:
            session.replace_receipts(read.receipts, read.problems, read.input)
        except StageRefused as exc:
            self._message("Receipt register not imported", str(exc))
            self.receipts_done.emit(None)
            return
        n, problems = len(read.receipts), len(read.problems)
        self.w.statusBar().showMessage(
            f"Imported the receipt register: {indian(n)} receipt{'s' * (n != 1)}"
            + (f", {indian(problems)} problem{'s' * (problems != 1)}" if problems else "")
            + ".",
            8000,
        )
        self.receipts_done.emit(n)

    def _receipts_failed(self, exc: BaseException) -> None:
        self.w.unexpected(exc, "reading the receipt register")
        self.receipts_done.emit(None)
