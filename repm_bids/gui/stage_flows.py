"""The committee's steps of a two-cover evaluation in the application: the Stage menu and the stage strip, with the
action Open financial covers.

Each step asks for confirmation (it is recorded in the audit trail by the session's listeners) and runs what can
take long (reading the financial covers) off the GUI thread. Once the prices are open, earlier changes can no longer
be undone (they would change a technical evaluation whose prices have been seen): the undo history starts afresh.

Before the prices are opened the window shows no price: the quote and liability columns are hidden and the totals
say that the financial covers are sealed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QToolBar

from repm_bids.domain.result import Evaluation, Status
from repm_bids.domain.shown import shown
from repm_bids.domain.stages import StageRefused
from repm_bids.gui.formats import indian
from repm_bids.gui.message_box import confirmed
from repm_bids.gui.stage_strip import (
    APPROVED,
    PRICES_OPENED,
    SINGLE_PASS,
    TECHNICAL,
    StageStrip,
    session_stage,
    stage_place,
)
from repm_bids.gui.tasks import Task

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMenuBar

    from repm_bids.gui.bids_view import BidsView
    from repm_bids.gui.clarify_dialog import ClarifyDialog
    from repm_bids.gui.flow_host import FlowHost
    from repm_bids.gui.ranking_view import RankingView
    from repm_bids.gui.scheme_panel import SchemePanel
    from repm_bids.gui.table_menus import TableMenus

    class StageHost(FlowHost, Protocol):
        """The main window as the stage flows see it (the flows' interface, plus its views and menus)."""

        evaluation: Evaluation | None
        evaluated: SignalInstance
        bids: BidsView
        ranking: RankingView
        scheme_panel: SchemePanel
        table_menus: TableMenus

        def take_rows(self, evaluation: Evaluation, rows: list[Any]) -> None: ...

        def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

        def addToolBar(self, area: Qt.ToolBarArea, toolbar: QToolBar) -> None: ...  # noqa: N802 - Qt's name

        def addToolBarBreak(self) -> None: ...  # noqa: N802 - Qt's name


COVER_FILTER = "Financial covers (*.xlsx *.xlsm *.csv *.xls);;All files (*)"


def prices_sealed(evaluation: Evaluation) -> bool:
    """Whether the evaluation is at a stage where no price may be shown (two covers, prices not opened)."""
    return evaluation.stage == TECHNICAL


class StageFlows(QObject):
    """Built by the main window after its own menus; listens to `window.evaluated`."""

    prices_done = Signal(object)  # the PricesOpened, or the exception, or None when cancelled

    def __init__(self, window: StageHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.task: Task | None = None
        self.last_message: QMessageBox | None = None
        w = window

        def act(text: str, tip: str) -> QAction:
            a = QAction(text, w.window())
            a.setStatusTip(tip)
            a.setToolTip(tip)
            return a

        self.approve = act(
            "&Approve technical evaluation…",
            "Approve the technical evaluation as it stands; its inputs, decisions and scheme are then frozen",
        )
        self.open_prices = act("Open &financial covers…", "Open the financial covers of the technically qualified bids")
        self.reopen = act(
            "&Reopen technical evaluation…", "Back to the technical stage; the prices opened are set aside, recorded"
        )
        self.clarify = act(
            "Record &clarification…", "Record the committee's verified value for a technical field of the bid selected"
        )
        self.menu = w.menuBar().addMenu("Sta&ge")
        for a in (self.approve, self.open_prices, self.reopen):
            self.menu.addAction(a)
        self.menu.addSeparator()
        self.menu.addAction(self.clarify)
        from repm_bids.gui.stage_award_flows import AwardFlows

        self.award = AwardFlows(self)
        self.award.add_to(self.menu)
        w.table_menus.extras.append(self.award.add_to_row_menu)
        help_menu = next((a for a in w.menuBar().actions() if a.text() == "&Help"), None)
        if help_menu is not None:  # Stage goes before Help
            w.menuBar().removeAction(self.menu.menuAction())
            w.menuBar().insertMenu(help_menu, self.menu)

        self.strip = StageStrip()
        self.strip.bind(
            {
                "approve": self.approve,
                "open_prices": self.open_prices,
                "draw": self.award.draw,
                "export": w.acts.export_award,
                "import": w.acts.import_files,
            }
        )
        self.bar = QToolBar("Stage", w.window())
        self.bar.setObjectName("stage_bar")
        self.bar.setMovable(False)
        self.bar.setFloatable(False)
        self.bar.toggleViewAction().setVisible(False)
        self.bar.addWidget(self.strip)
        w.addToolBarBreak()
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)

        self.open_prices.triggered.connect(self.ask_open_prices)
        self.approve.triggered.connect(self.ask_approve)
        self.reopen.triggered.connect(self.ask_reopen)
        self.clarify.triggered.connect(self.ask_clarify)
        w.evaluated.connect(self.update)
        if w.evaluation is not None:
            self.update(w.evaluation)

    # -- what the window shows -----------------------------------------------------------------------------------------
    def stage(self) -> str:
        ev = self.w.evaluation or self.w.session.evaluation()
        return session_stage(self.w.session, ev)

    def update(self, evaluation: Evaluation) -> None:
        """After every evaluation: the strip, which steps are possible now, and no price shown while sealed."""
        session = self.w.session
        stage = session_stage(session, evaluation)
        running = self.task is not None
        self.approve.setEnabled(not running and stage == TECHNICAL and evaluation.summary.bids_received > 0)
        self.open_prices.setEnabled(
            not running and stage == APPROVED and any(o.status is Status.QUALIFIED for o in evaluation.outcomes)
        )
        self.reopen.setEnabled(not running and session.refusal("reopen") is None)
        self.clarify.setEnabled(not running and stage == TECHNICAL and evaluation.summary.bids_received > 0)
        self.menu.menuAction().setVisible(stage != SINGLE_PASS)
        self.freeze_edits(running or session.refusal("edit") is not None)
        self.award.update(evaluation, stage, running)
        self.strip.set_place(stage_place(session, evaluation))
        self.seal_views(prices_sealed(evaluation))

    def freeze_edits(self, frozen: bool) -> None:
        """Once the technical evaluation is approved (and while covers are being read) nothing that changes it can be
        started: the session would refuse it with a sentence; the window does not offer it."""
        a = self.w.acts
        for act in (a.import_files, a.import_folder, a.import_decisions, a.load_scheme, a.reset_scheme):
            act.setEnabled(not frozen)
        if frozen:
            for act in (a.decide, a.remove_bid, a.remove_file):
                act.setEnabled(False)
        self.w.scheme_panel.setEnabled(not frozen)
        self.w.bids.first_step.setEnabled(not frozen)

    def seal_views(self, sealed: bool) -> None:
        """Hide every column that holds a price or a figure made from one while the prices are sealed."""
        from repm_bids.gui.bids_model import BidsTableModel
        from repm_bids.gui.bids_view import hide_column
        from repm_bids.gui.ranking_model import RankingTableModel, WaitlistTableModel

        w = self.w
        hide_column(w.bids.table, BidsTableModel.QUOTE, sealed)
        for col in (RankingTableModel.QUOTE, RankingTableModel.LIABILITY, RankingTableModel.FIN):
            hide_column(w.ranking.table, col, sealed)
        hide_column(w.ranking.waitlist, WaitlistTableModel.QUOTE, sealed)

    # -- opening the financial covers ----------------------------------------------------------------------------------
    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.w.window())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.last_message = box
        return box

    def _start_folder(self) -> str:
        from repm_bids.services.samples import sample_bid_dir, sample_price_dir

        bids = [p.input.path for p in self.w.session.parts]
        if bids and all(Path(p).parent == sample_bid_dir() for p in bids):
            return str(sample_price_dir())  # the sample's own financial covers
        return self.w.settings.last_folder("covers")

    def ask_open_prices(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.w.window(), "Open the financial covers (select every cover)", self._start_folder(), COVER_FILTER
        )
        if paths:
            self.w.settings.remember_folder("covers", paths[0])
            self.confirm_open_prices(paths)

    def confirm_open_prices(self, paths: list[str]) -> bool:
        ev = self.w.evaluation or self.w.session.evaluation()
        qualified = sum(o.status is Status.QUALIFIED for o in ev.outcomes)
        others = ev.summary.bids_received - qualified
        if not confirmed(
            self.w.window(),
            "Open the financial covers?",
            f"The prices of the {indian(qualified)} technically qualified bid{'s' * (qualified != 1)} will be read "
            f"from the {indian(len(paths))} file{'s' * (len(paths) != 1)} chosen. The covers of the {indian(others)} "
            "other bids are kept unopened (only their SHA-256 is recorded).\n\nOnce the prices are seen this cannot "
            "be undone; reopening the technical stage sets them aside, recorded in the audit trail.",
        ):
            return False
        self.open_covers(paths)
        return True

    def open_covers(self, paths: list[str]) -> Task | None:
        """Read the financial covers in the background; the prices are taken on the GUI thread (one change)."""
        if self.task is not None:
            self.w.statusBar().showMessage("The financial covers are being opened already.", 5000)
            return None
        session = self.w.session
        generation = session.generation
        # the technical evaluation the covers are matched to: the one made already, or made with them, elsewhere
        made = session.evaluation() if session.evaluated else None
        snapshot = session.snapshot() if made is None else None

        def work(progress: Any, cancel: Any) -> Any:
            from repm_bids.services.covers import open_financial_covers

            technical = made if made is not None else snapshot.evaluation()  # type: ignore[union-attr]
            return open_financial_covers(technical, paths)

        task = self.w.runner.start(
            work,
            name="open covers",
            on_result=lambda opened: self._opened(session, generation, opened),
            on_error=self._open_failed,
            on_cancelled=self._open_cancelled,
        )
        self.task = task
        self.w.progress.follow(task, "Opening the financial covers")
        self.open_prices.setEnabled(False)
        return task

    def _opened(self, session: Any, generation: int, opened: Any) -> None:
        self.task = None
        if session is not self.w.session:  # another evaluation was opened meanwhile: nothing to take
            self.prices_done.emit(None)
            return
        if session.generation != generation:  # a change while the covers were read: they were read for another
            self._message(
                QMessageBox.Icon.Warning,
                "Financial covers not opened",
                "The technical evaluation changed while the financial covers were being read; no price was opened. "
                "Open them again.",
            )
            self.update(session.evaluation())
            self.prices_done.emit(None)
            return
        try:
            session.take_prices(opened, self.user())
        except StageRefused as exc:  # the stage refused it (a sentence): nothing was opened
            self._message(QMessageBox.Icon.Warning, "Financial covers not opened", str(exc))
            self.prices_done.emit(exc)
            return
        self.w.undo_stack.clear()
        self.w.statusBar().showMessage(
            f"Opened {indian(len(opened.prices))} price{'s' * (len(opened.prices) != 1)}; "
            f"{indian(len(opened.unopened))} cover{'s' * (len(opened.unopened) != 1)} kept unopened. Earlier changes "
            "can no longer be undone.",
            10_000,
        )
        self.prices_done.emit(opened)

    def _open_failed(self, exc: BaseException) -> None:
        self.task = None
        from repm_bids.services.covers import CoversRefused

        if isinstance(exc, CoversRefused):
            lines = "\n".join(f"• {shown(m)}" for m in exc.messages)
            self._message(
                QMessageBox.Icon.Warning,
                "Financial covers not opened",
                f"No price was opened: the covers chosen do not fit the technically qualified bids.\n\n{lines}",
            )
        else:
            self.w.unexpected(exc, "opening the financial covers")
        self.update(self.w.evaluation or self.w.session.evaluation())
        self.prices_done.emit(exc)

    def _open_cancelled(self) -> None:
        self.task = None
        self.w.statusBar().showMessage("Opening the financial covers was cancelled; no price was opened.", 6000)
        self.update(self.w.evaluation or self.w.session.evaluation())
        self.prices_done.emit(None)

    # -- approving, reopening, clarifying ------------------------------------------------------------------------------
    def user(self) -> str:
        from repm_bids.services.saved import default_user

        return self.w.saved_flows.user() or default_user()

    def _refused(self, action: str) -> bool:
        refused = self.w.session.refusal(action)
        if refused is not None:
            self._message(QMessageBox.Icon.Information, "Not possible at this stage", refused.message)
        return refused is not None

    def ask_approve(self) -> bool:
        if self._refused("approve"):
            return False
        ev = self.w.evaluation or self.w.session.evaluation()
        qualified = sum(o.status is Status.QUALIFIED for o in ev.outcomes)
        rejected = ev.summary.bids_received - qualified
        by = self.user()
        if not confirmed(
            self.w.window(),
            "Approve the technical evaluation?",
            f"Approve the technical evaluation as it stands, as {by}: {indian(qualified)} technically qualified, "
            f"{indian(rejected)} not.\n\nFrom then on its files, decisions, clarifications and scheme are frozen, "
            "and the financial covers of the qualified bids may be opened. Until they are, Edit › Undo takes the "
            "approval back (recorded in the audit trail).",
        ):
            return False
        return self.approve_as(by)

    def approve_as(self, by: str) -> bool:
        """Approve (one undo step): at once while the evaluation is quick, else off the GUI thread (`award.step_done`
        says when it is recorded). A refusal is a message and changes nothing."""
        from repm_bids.gui.stage_commands import ApproveCommand

        session = self.w.session

        def done() -> None:
            self.w.undo_stack.push(ApproveCommand(session, by, done=True))
            self.w.statusBar().showMessage(
                f"Technical evaluation approved by {shown(by)}. Next: open the financial covers (Stage menu).", 10_000
            )

        return self.award.run("technical_approved", "Not approved", lambda s: s.approve(by), done)

    def ask_reopen(self) -> QInputDialog | None:
        if self._refused("reopen"):
            return None
        opened = self.stage() == PRICES_OPENED
        dialog = QInputDialog(self.w.window())
        dialog.setWindowTitle("Reopen the technical evaluation")
        dialog.setLabelText(
            "Back to the technical stage: the approval"
            + (", the prices opened, draws and withdrawals" if opened else "")
            + " are set aside (the audit trail keeps them) and the technical evaluation can be changed again. This "
            "cannot be undone.\n\nThe reason, recorded in the audit trail:"
        )
        dialog.setTextValue("")
        dialog.textValueSelected.connect(self.reopen_with)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.reopen_dialog = dialog
        return dialog

    def reopen_with(self, reason: str) -> bool:
        try:
            self.w.session.reopen(reason)
        except StageRefused as exc:
            self._message(QMessageBox.Icon.Warning, "Not reopened", str(exc))
            return False
        self.w.undo_stack.clear()  # what was done before belongs to a stage that has been set aside
        self.w.statusBar().showMessage("The technical stage is open again; the reason is in the audit trail.", 10_000)
        return True

    def ask_clarify(self, field: str | None = None) -> ClarifyDialog | None:
        from repm_bids.gui.clarify_dialog import ClarifyDialog

        if self._refused("clarify"):
            return None
        row = self.w.bids.current_row()
        bid = row.outcome.bid if row is not None else None
        if bid is None or not bid.bid_ref:
            self.w.statusBar().showMessage("Select a bid with a bid reference first.", 5000)
            return None
        dialog = ClarifyDialog(bid, field, self.w.window())
        dialog.accepted.connect(lambda: self.record_clarification(bid.bid_ref or "", *dialog.choice()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.clarify_dialog = dialog
        return dialog

    def record_clarification(self, bid_ref: str, field: str, text: str, reason: str, document: str = "") -> bool:
        """Record it now (one undo step); a refusal (a value that cannot be read, no reason) is a message."""
        from repm_bids.gui.stage_commands import ClarifyCommand

        command = ClarifyCommand(self.w.session, bid_ref, field, text, reason, document)
        try:
            command.replaced = self.w.session.clarify(bid_ref, field, text, reason, document)
        except StageRefused as exc:
            self._message(QMessageBox.Icon.Warning, "Clarification not recorded", str(exc))
            return False
        command.done = True
        self.w.undo_stack.push(command)
        self.w.statusBar().showMessage(f"Clarification of {shown(bid_ref)} recorded (Edit › Undo takes it back).", 8000)
        return True
