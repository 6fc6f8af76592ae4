"""The committee's workbench: bids, bid detail, ranking & award, files & problems, the scheme panel.

The window works on one `EvaluationSession` and listens to it: every change (an import, a decision, a scheme edit,
an undo) re-evaluates at once and refreshes every view. Changes go through undoable commands that call the
session's methods and their inverses. Reading and writing files runs in the background (tasks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
)

from repm_bids import TOOL_NAME
from repm_bids.domain.models import InputFile, Problem
from repm_bids.domain.result import Evaluation, Status
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.shown import shown
from repm_bids.gui.actions import Actions
from repm_bids.gui.audit_view import AuditView
from repm_bids.gui.bids_model import BidRow, bid_rows
from repm_bids.gui.bids_view import BidsView, table_tsv
from repm_bids.gui.commands import DecisionCommand, RemoveBidCommand, RemoveFileCommand, SchemeCommand
from repm_bids.gui.detail_view import BidDetailView
from repm_bids.gui.errors import show_unexpected
from repm_bids.gui.file_flows import FileFlows
from repm_bids.gui.flow_host import SLOW_SECONDS
from repm_bids.gui.formats import indian, rupees
from repm_bids.gui.gc_guard import install_gc_guard, set_aside
from repm_bids.gui.literal import literal
from repm_bids.gui.look import app_icon, fmt_number
from repm_bids.gui.message_box import confirmed
from repm_bids.gui.problems_view import ProblemsView
from repm_bids.gui.progress_panel import ProgressPanel
from repm_bids.gui.ranking_view import RankingView
from repm_bids.gui.safe_input import InputGuard
from repm_bids.gui.saved_flows import SavedFlows
from repm_bids.gui.scheme_panel import TITLES, SchemePanel
from repm_bids.gui.settings import AppSettings
from repm_bids.gui.stage_flows import StageFlows
from repm_bids.gui.steady_label import SteadyLabel
from repm_bids.gui.table_menus import TableMenus, row_ref, selected_rows
from repm_bids.gui.tasks import Task, TaskRunner
from repm_bids.gui.verify_flow import VerifyFlow
from repm_bids.services.session import EvaluationSession

if TYPE_CHECKING:  # the dialogs' modules load when a dialog is first asked for, not before the first window
    from repm_bids.gui.decision_dialog import DecisionDialog
    from repm_bids.services.sample_reading import SampleReading

BIDS_TAB, RANKING_TAB, PROBLEMS_TAB, AUDIT_TAB = range(4)


class MainWindow(QMainWindow):
    evaluated = Signal(object)  # Evaluation, after every refresh

    def __init__(
        self, session: EvaluationSession | None = None, settings: AppSettings | None = None, title: str = ""
    ) -> None:
        super().__init__()
        install_gc_guard()  # collect Python cycles on this thread only, never in a worker
        self.setObjectName("main_window")
        self.session = session or EvaluationSession()
        self.settings = settings or AppSettings()
        self.runner = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.evaluation: Evaluation | None = None
        self.title = title or "New evaluation"
        self._batch = 0
        self._dirty = False
        self._evaluating: Task | None = None  # the evaluation running in the background, if one is
        self._again = False
        self._after_evaluation: list[Callable[[], object]] = []
        # the bids table's rows for an evaluation, built on the worker that made it (20,000 rows take tens of
        # milliseconds to build, which the GUI thread need not spend)
        self._prepared_rows: tuple[Evaluation, list[BidRow]] | None = None
        self.read_only = False  # an evaluation opened only to examine its audit trail
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        # -- views ---------------------------------------------------------------------------------------------------
        self.bids = BidsView()
        self.detail = BidDetailView()
        self.bids_split = QSplitter(Qt.Orientation.Vertical)
        self.bids_split.setObjectName("bids_split")
        self.bids_split.addWidget(self.bids)
        self.bids_split.addWidget(self.detail)
        self.bids_split.setStretchFactor(0, 3)
        self.bids_split.setStretchFactor(1, 2)
        self.bids_split.setChildrenCollapsible(False)
        self.ranking = RankingView()
        self.problems = ProblemsView()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views")
        # no mnemonics on the tabs: Alt+letter belongs to the menu bar; Ctrl+1…4 switch the tabs
        self.tabs.addTab(self.bids_split, "Bids")
        # below its minimum size (the charts stay readable) the ranking scrolls instead of squeezing
        lines = self.fontMetrics().lineSpacing()
        self.ranking.setMinimumSize(self.fontMetrics().horizontalAdvance("M") * 60, lines * 32)
        self.ranking_scroll = QScrollArea()
        self.ranking_scroll.setWidget(self.ranking)
        self.ranking_scroll.setWidgetResizable(True)
        self.ranking_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(self.ranking_scroll, "Ranking && award")
        self.tabs.addTab(self.problems, "Files && problems")
        self.audit = AuditView()
        self.tabs.addTab(self.audit, "Audit trail")
        self._stale: set[int] = set()
        self.tabs.currentChanged.connect(self._update_tab)
        self.tabs.currentChanged.connect(self._focus_tab)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        self.scheme_panel = SchemePanel()
        self.scheme_dock = QDockWidget("Scheme", self)
        self.scheme_dock.setObjectName("scheme_dock")
        self.scheme_dock.setWidget(self.scheme_panel)
        self.scheme_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.scheme_dock)
        em = self.fontMetrics().horizontalAdvance("M")
        self.scheme_panel.setMinimumWidth(em * 30)
        self.resizeDocks([self.scheme_dock], [em * 42], Qt.Orientation.Horizontal)

        # -- status bar ------------------------------------------------------------------------------------------------
        self.status_labels: dict[str, QLabel] = {}
        self.status_boxes: dict[str, SteadyLabel] = {}
        for key, name in (
            ("bids", "Bids"),
            ("qualified", "Qualified bids"),
            ("awarded", "Capacity awarded"),
            ("liability", "Incentive liability"),
        ):
            label = QLabel()
            label.setAccessibleName(name)
            label.setContentsMargins(6, 0, 6, 0)
            self.status_boxes[key] = box = SteadyLabel(label, widths=True)  # a new figure as wide lays nothing out
            self.statusBar().addPermanentWidget(box)
            self.status_labels[key] = label
        self.progress = ProgressPanel()
        self.statusBar().addWidget(self.progress)

        # -- actions -------------------------------------------------------------------------------------------------
        self.acts = Actions(self)
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIconText("Undo")  # the toolbar stays short; the menu and tooltip name the change
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setIconText("Redo")
        style = self.style()
        undo.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        redo.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowForward))
        toggle = self.scheme_dock.toggleViewAction()
        toggle.setText("&Scheme panel")
        toggle.setShortcut(QKeySequence("Ctrl+K"))
        toggle.setStatusTip("Show or hide the scheme's parameters")
        self.acts.build_menus((undo, redo), toggle)
        self.acts.verify.setEnabled(False)
        # Delete removes a bid only while the bids view or the detail has the focus (not in the scheme panel)
        self.acts.remove_bid.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.bids_split.addAction(self.acts.remove_bid)
        self.input_guard = InputGuard(self.undo_stack.undo, self.undo_stack.redo, self)
        self.input_guard.guard(self.scheme_panel)
        self.input_guard.guard(self.bids.status_filter)
        self.files = FileFlows(self)
        self.saved_flows = SavedFlows(self)
        self.verify_flow = VerifyFlow(self)
        a = self.acts
        a.connect(
            {
                a.import_files: self.files.ask_import_files,
                a.import_folder: self.files.ask_import_folder,
                a.import_decisions: self.files.ask_import_decisions,
                a.open_demo: self.open_demo,
                a.export_award: self.files.ask_export_award,
                a.export_json: self.files.ask_export_json,
                a.load_scheme: self.files.ask_load_scheme,
                a.save_scheme: self.files.ask_save_scheme,
                a.quit: self.close,
                a.decide: self.ask_decision,
                a.remove_bid: self.remove_current_bid,
                a.remove_file: self.remove_current_file,
                a.copy: self.copy_focused_table,
                a.find: self.focus_search,
                a.reset_scheme: self.reset_scheme,
                a.set_user: self.saved_flows.ask_user,
                a.show_bids: lambda: self.tabs.setCurrentIndex(BIDS_TAB),
                a.show_ranking: lambda: self.tabs.setCurrentIndex(RANKING_TAB),
                a.show_problems: lambda: self.tabs.setCurrentIndex(PROBLEMS_TAB),
                a.new: self.saved_flows.ask_new,
                a.open: self.saved_flows.ask_open,
                a.save_as: self.saved_flows.ask_save_as,
                a.verify: self.verify_flow.ask_verify,
                a.show_audit: lambda: self.tabs.setCurrentIndex(AUDIT_TAB),
                a.print_report: self.print_report,
                a.export_pdf: self.ask_export_pdf,
                a.getting_started: self.show_getting_started,
                a.about: self.show_about,
            }
        )
        self.files.fill_recent_menu()
        self.saved_flows.fill_recent_menu()

        fs = self.bids.first_step
        fs.import_files.clicked.connect(self.files.ask_import_files)
        fs.import_folder.clicked.connect(self.files.ask_import_folder)
        fs.open_demo.clicked.connect(self.open_demo)
        self.bids.current_changed.connect(self._show_detail)
        self.bids.activated.connect(self._open_detail)
        self.detail.decide.connect(self.ask_decision)
        self.detail.remove.connect(self.remove_current_bid)
        self.table_menus = TableMenus(
            self.ask_decision,
            lambda text: self.statusBar().showMessage("Copied the rows as tab-separated text.", 4000),
            {self.bids.table: self.remove_bid_row, self.problems.files: self.remove_file},
        )
        for table in (self.bids.table, self.ranking.table, self.ranking.waitlist):
            table.setProperty("bids_table", True)
        self.table_menus.install(
            self.bids.table,
            self.ranking.table,
            self.ranking.waitlist,
            self.problems.files,
            self.problems.table,
            self.audit.table,
            self.detail.fields,
            self.detail.checks,
        )
        self.problems.open_problem.connect(self.open_problem)
        self.problems.remove_file.connect(self.remove_file)
        self.scheme_panel.scheme_edited.connect(self._scheme_edited)
        self.scheme_panel.reset_requested.connect(self.reset_scheme)
        self.scheme_panel.load_requested.connect(self.files.ask_load_scheme)
        self.scheme_panel.save_requested.connect(self.files.ask_save_scheme)

        self.stage_flows = StageFlows(self)

        self.session.listeners.append(self)
        self._restore_settings()
        self.refresh()

    # -- the session -----------------------------------------------------------------------------------------------
    def session_changed(self, session: EvaluationSession, action: str, details: dict[str, Any]) -> None:
        if self._batch:
            self._dirty = True
            return
        self.refresh(action)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several session changes, one re-evaluation at the end."""
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1
            if not self._batch and self._dirty:
                self._dirty = False
                self.refresh()

    def refresh(self, action: str = "") -> None:
        """Re-evaluate and refresh the status bar and the view shown now, the other views when shown. An import, or
        any change while evaluating takes longer than SLOW_SECONDS, is evaluated on the thread pool from a snapshot
        of the session; the window keeps painting and shows the result when it comes."""
        session = self.session
        # a step, or an import, may bring its evaluation (made elsewhere): shown at once
        slow = session.last_seconds > SLOW_SECONDS and not session.evaluated
        if self._evaluating is not None or (action == "imported" and not session.evaluated) or slow:
            self._evaluate_elsewhere()
        else:
            self._show(session.evaluation(), action)
        self._update_title()
        self.saved_flows.changed(action)

    @property
    def evaluating(self) -> bool:
        """An evaluation runs in the background: `evaluation` is the one before the last change until it comes."""
        return self._evaluating is not None

    def when_evaluated(self, then: Callable[[], object]) -> None:
        """Call `then` now, or once the evaluation running in the background is shown."""
        if self._evaluating is None:
            then()
        else:
            self._after_evaluation.append(then)

    def _evaluate_elsewhere(self) -> None:
        if self._evaluating is not None:
            self._again = True  # evaluated again when this one comes back (it is of an older state)
            return
        session = self.session
        generation, snapshot = session.generation, session.snapshot()

        def work(progress: Any, cancel: Any) -> tuple[Evaluation, float, list[BidRow]]:
            evaluation = snapshot.evaluation()
            return evaluation, snapshot.last_seconds, bid_rows(evaluation, snapshot.decisions)

        self._again = False
        self._evaluating = self.runner.start(
            work,
            name="evaluate",
            on_result=lambda result: self._evaluated(session, generation, result),
            on_error=self._evaluation_failed,
        )

    def _evaluated(
        self, session: EvaluationSession, generation: int, result: tuple[Evaluation, float, list[BidRow]]
    ) -> None:
        self._evaluating = None
        evaluation, seconds, rows = result
        if session is self.session:
            session.last_seconds = seconds
            if not self._again and session.install(evaluation, generation):
                self._prepared_rows = (evaluation, rows)  # the decisions they show are the session's own
                self._show(evaluation, "")
                set_aside()  # its million objects are walked by no full garbage collection
                waiting, self._after_evaluation = self._after_evaluation, []
                for then in waiting:
                    then()
                return
        self._evaluate_elsewhere()  # the session changed meanwhile (or another is open): evaluate what it is now

    def take_rows(self, evaluation: Evaluation, rows: list[BidRow]) -> None:
        """The bids table's rows for `evaluation`, built elsewhere with it (a stage step made off the GUI thread)."""
        self._prepared_rows = (evaluation, rows)

    def _evaluation_failed(self, exc: BaseException) -> None:
        self._evaluating = None
        self._after_evaluation = []
        self.unexpected(exc, "evaluating the bids")

    def _show(self, ev: Evaluation, action: str) -> None:
        self.evaluation = ev
        self._stale = {BIDS_TAB, RANKING_TAB, PROBLEMS_TAB, AUDIT_TAB}
        self._update_tab(self.tabs.currentIndex())
        if action in ("", "scheme_changed") and self.scheme_panel.scheme != self.session.scheme:
            self.scheme_panel.set_scheme(self.session.scheme)
        self._update_status(ev)
        self.evaluated.emit(ev)

    def _update_tab(self, index: int) -> None:
        if index not in self._stale or self.evaluation is None:
            return
        self._stale.discard(index)
        ev = self.evaluation
        if index == BIDS_TAB:
            prepared, self._prepared_rows = self._prepared_rows, None
            rows = prepared[1] if prepared is not None and prepared[0] is ev else bid_rows(ev, self.session.decisions)
            self.bids.set_rows(rows)
            if self.bids.current_row() is None:
                self._show_detail(None)
        elif index == RANKING_TAB:
            self.ranking.set_evaluation(ev)
        elif index == PROBLEMS_TAB:
            self.problems.set_evaluation(ev)
        elif index == AUDIT_TAB:
            self.refresh_audit()

    def _focus_tab(self, index: int) -> None:
        """The keyboard follows the tab shown (Ctrl+1…4): its main table, or the first step when there are no bids."""
        if index == BIDS_TAB:
            target = self.bids.first_step.import_files if self.bids.first_step.isVisible() else self.bids.table
        else:
            target = {RANKING_TAB: self.ranking.table, PROBLEMS_TAB: self.problems.table, AUDIT_TAB: self.audit.table}[
                index
            ]
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def update_all_views(self) -> None:
        """Bring every view up to date now (the screenshots and tests look at views not shown)."""
        for index in list(self._stale):
            self._update_tab(index)

    # -- saved evaluations -------------------------------------------------------------------------------------------
    def use_session(self, session: EvaluationSession, title: str) -> None:
        """Work on another session (a saved evaluation opened or created): the undo history starts afresh."""
        if self in self.session.listeners:
            self.session.listeners.remove(self)
        self.session = session
        self.keep_listener_last()
        self.undo_stack.clear()
        self.set_read_only(False)  # the flow that opened it says if it is for examining only
        self.set_title(title)
        self.refresh()
        self.saved_changed()

    def keep_listener_last(self) -> None:
        """The window listens after the store's writer."""
        if self in self.session.listeners:
            self.session.listeners.remove(self)
        self.session.listeners.append(self)

    def saved_changed(self) -> None:
        self.acts.verify.setEnabled(self.saved_flows.writer is not None)
        self.setWindowModified(self.saved_flows.unsaved())
        self.audit_changed()

    def audit_changed(self) -> None:
        """The trail has a new entry (stored on the writer's thread): shown now if the tab is, else when shown."""
        self._stale.add(AUDIT_TAB)
        self._update_tab(self.tabs.currentIndex())

    def refresh_audit(self) -> None:
        flows = self.saved_flows
        saved = flows.saved
        if flows.writer is not None and (flows.writer.busy or flows.busy_with):
            self._stale.add(AUDIT_TAB)  # the file is being written: read it when the writer says it is done
        elif saved is None or saved.closed:
            self.audit.set_entries([], None)
        else:
            self.audit.set_entries(saved.audit_entries(), saved.check_chain(), Path(saved.path).name)

    def _update_status(self, ev: Evaluation) -> None:
        s, sm = ev.scheme, ev.summary
        lab = self.status_boxes
        lab["bids"].set_text(f"Bids: {indian(sm.bids_received)}")
        lab["qualified"].set_text(f"Qualified: {indian(sm.qualified)}")
        lab["awarded"].set_text(
            "Prices not opened yet"  # no award before the prices are opened (not an award of 0)
            if ev.stage == "technical"
            else f"Awarded: {fmt_number(sm.capacity_awarded)} of {fmt_number(s.total_capacity)} {s.capacity_unit}"
        )
        liability = f"{rupees(sm.incentive_liability_crore_total, 2)} cr of {rupees(s.incentive_outlay_crore)} cr"
        lab["liability"].set_text("Prices sealed" if ev.stage == "technical" else f"Liability: {liability}")
        has_bids = sm.bids_received > 0
        for act in (self.acts.export_award, self.acts.export_json, self.acts.print_report, self.acts.export_pdf):
            act.setEnabled(has_bids)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{shown(self.title)}[*] — {TOOL_NAME}")  # [*]: an asterisk while not saved under a name

    def shown_title(self) -> str:
        """The title as the window manager shows it ('[*]' becomes '*' while the work is not saved under a name)."""
        return self.windowTitle().replace("[*]", "*" if self.isWindowModified() else "")

    def set_title(self, title: str) -> None:
        self.title = title
        self._update_title()

    # -- bids and detail ---------------------------------------------------------------------------------------------
    def _show_detail(self, row: BidRow | None) -> None:
        self.detail.show_row(row, self.evaluation)
        for act in (self.acts.decide, self.acts.remove_bid, self.acts.remove_file):
            act.setEnabled(row is not None and not self.read_only)
        for button in (self.detail.decide_button, self.detail.remove_button):
            button.setEnabled(button.isEnabled() and not self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        """An evaluation opened only to examine its audit trail (its file was changed outside repm-bids): nothing
        can be recorded, so every action that would change it is greyed out, the scheme panel with them."""
        self.read_only = read_only
        a = self.acts
        for act in (a.import_files, a.import_folder, a.import_decisions, a.load_scheme, a.reset_scheme, a.save_as):
            act.setEnabled(not read_only)
        a.recent_files.setEnabled(not read_only)
        self.scheme_panel.setEnabled(not read_only)
        fs = self.bids.first_step
        for button in (fs.import_files, fs.import_folder):
            button.setEnabled(not read_only)
        self._show_detail(self.bids.current_row())

    def _open_detail(self, row: BidRow) -> None:
        """Double-click or Enter on a bid: the detail, at the first field in error if there is one."""
        self._show_detail(row)
        if not self.detail.focus_field(None):
            self.detail.checks.setFocus()

    def open_problem(self, problem: Problem) -> None:
        """Show the bid a problem belongs to, at the field it names (or the files, for a file's problem)."""
        if not problem.bid_ref:
            self.tabs.setCurrentIndex(PROBLEMS_TAB)
            return
        self.tabs.setCurrentIndex(BIDS_TAB)
        if not self.bids.select_ref(problem.bid_ref):
            self.bids.search.clear()
            self.bids.status_filter.setCurrentIndex(0)
            if not self.bids.select_ref(problem.bid_ref):
                return
        self.detail.focus_field(problem.field)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(BIDS_TAB)
        self.bids.search.setFocus()
        self.bids.search.selectAll()

    def copy_focused_table(self) -> str:
        view = QApplication.focusWidget()
        if not isinstance(view, QTableView):
            view = self.bids.table if self.tabs.currentIndex() == BIDS_TAB else None
        if view is None:
            return ""
        text = table_tsv(view)
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage("Copied the rows as tab-separated text.", 4000)
        return text

    # -- decisions ---------------------------------------------------------------------------------------------------
    def ask_decision(self, refs: list[str] | None = None) -> DecisionDialog | None:
        """The decision dialog for the bid selected, or for every bid selected (one decision for all of them)."""
        from repm_bids.gui.decision_dialog import DecisionDialog

        if self.read_only:
            self.statusBar().showMessage("This evaluation is open read-only: nothing can be recorded.", 6000)
            return None
        if refs is None:
            chosen = [row_ref(r) for r in selected_rows(self.bids.table)]
            refs = [r for r in chosen if r]
            row = self.bids.current_row()
            if len(refs) <= 1:
                refs = [row.outcome.bid_ref] if row is not None and row.outcome.bid_ref else []
        if not refs:
            self.statusBar().showMessage("Select a bid with a bid reference first.", 4000)
            return None
        if len(refs) == 1:
            outcome = self.evaluation.outcome_for(refs[0]) if self.evaluation is not None else None
            bidder = (outcome.bidder_name or "") if outcome is not None else ""
            dialog = DecisionDialog(refs[0], bidder, self.session.decisions.get(refs[0]), self)
        else:
            shown = ", ".join(refs[:4]) + (f" and {indian(len(refs) - 4)} more" if len(refs) > 4 else "")
            dialog = DecisionDialog(f"{indian(len(refs))} bids", shown, None, self)
        dialog.accepted.connect(lambda: self.record_decisions(refs, *dialog.choice()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.decision_dialog = dialog
        return dialog

    def record_decisions(
        self, refs: list[str], qualified: bool | None, remarks: str = "", low_quote: bool | None = None
    ) -> None:
        """One decision for several bids: one undo step, one re-evaluation."""
        if len(refs) == 1:
            self.record_decision(refs[0], qualified, remarks, low_quote)
            return
        with self.batch():
            self.undo_stack.beginMacro(f"Decision on {indian(len(refs))} bids")
            for ref in refs:
                self.record_decision(ref, qualified, remarks, low_quote)
            self.undo_stack.endMacro()

    def record_decision(
        self, bid_ref: str, qualified: bool | None, remarks: str = "", low_quote: bool | None = None
    ) -> None:
        if (qualified is False or low_quote is False) and not remarks.strip():
            what = "has its low quote rejected" if qualified is not False else "is marked not technically qualified"
            self.statusBar().showMessage(f"Not recorded: a remark is required when a bid {what}.", 8000)
            return
        self.undo_stack.push(DecisionCommand(self.session, bid_ref, qualified, remarks, low_quote))

    # -- removing ----------------------------------------------------------------------------------------------------
    def remove_current_bid(self) -> None:
        if self.read_only:
            return
        row = self.bids.current_row()
        if row is None:
            return
        name = row.outcome.bid_ref or row.file_name
        awarded = row.outcome.status in (Status.AWARDED, Status.PARTIAL)
        if awarded and not confirmed(
            self,
            "Remove an awarded bid?",
            literal(
                f"{name} is awarded capacity. Remove it from the evaluation? The award then changes for the bids "
                "below it (Ctrl+Z puts it back)."
            ),
        ):
            return
        self.undo_stack.push(RemoveBidCommand(self.session, row.key, name))
        self.statusBar().showMessage("Bid removed (Ctrl+Z puts it back).", 5000)

    def remove_bid_row(self, row: BidRow) -> None:
        if self.bids.select_key(row.key):
            self.remove_current_bid()

    def remove_current_file(self) -> None:
        f = self.problems.selected_file() if self.tabs.currentIndex() == PROBLEMS_TAB else None
        if f is None:
            row = self.bids.current_row()
            path = row.outcome.source.path if row else None
            f = next((i for i in self.session.inputs if i.path == path), None)
        if f is not None:
            self.remove_file(f)

    def remove_file(self, f: InputFile) -> None:
        if self.read_only:
            return
        name = Path(f.path).name
        self.undo_stack.push(RemoveFileCommand(self.session, f.sha256, name))
        self.statusBar().showMessage(f"Removed {name} and its bids (Ctrl+Z puts them back).", 5000)

    # -- scheme ------------------------------------------------------------------------------------------------------
    def _scheme_edited(self, scheme: Scheme, key: str) -> None:
        self.undo_stack.push(SchemeCommand(self.session, scheme, key, f"Change {TITLES.get(key, key).lower()}"))

    def set_scheme(self, scheme: Scheme, text: str) -> None:
        self.undo_stack.push(SchemeCommand(self.session, scheme, "", text))

    def reset_scheme(self) -> None:
        current = self.session.scheme  # the tender and the committee are facts, not parameters: they stay
        self.set_scheme(Scheme(tender=current.tender, committee=current.committee), "Reset the scheme to defaults")

    # -- starting ----------------------------------------------------------------------------------------------------
    def open_demo(self, read: SampleReading | None = None) -> None:
        """The sample opens as its own untitled evaluation, never into the one open (which is asked about first).
        `read`: the sample being read and evaluated by a copy of the process since the application started."""
        from repm_bids.services.samples import sample_paths

        if self.files.import_task is not None or not self.saved_flows.confirm_leave("opening the sample"):
            if self.files.import_task is not None:
                self.statusBar().showMessage("An import is running; wait for it or cancel it first.", 6000)
            if read is not None:
                read.close()
            return
        self.saved_flows.start_untitled("Sample evaluation", read.new_session() if read is not None else None)
        paths = read.paths if read is not None else [str(p) for p in sample_paths()]
        self.files.import_paths(paths, remember=False, shipped=True, read=read)

    def open_saved(self, path: str) -> bool:
        """Open a saved evaluation (.repm)."""
        return self.saved_flows.open(path)

    def import_paths(self, paths: Sequence[str]) -> Any:
        return self.files.import_paths(list(paths))

    # -- drag and drop -----------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        event.acceptProposedAction() if event.mimeData().hasUrls() else event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if self.read_only:
            paths = [p for p in paths if p.lower().endswith(".repm")]  # another evaluation may still be opened
        # after the drop returns, so that the source application is not kept waiting
        QTimer.singleShot(0, lambda: self.files.dropped(paths))

    # -- printing ---------------------------------------------------------------------------------------------------
    def print_report(self) -> bool:
        from repm_bids.gui.print_report import print_report

        return self.evaluation is not None and print_report(self, self.evaluation, self.title)

    def ask_export_pdf(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        default = Path(self.settings.last_folder("export")) / "award-report.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export the report as PDF", str(default), "PDF (*.pdf)")
        if path:
            self.export_pdf(path if path.lower().endswith(".pdf") else f"{path}.pdf")

    def export_pdf(self, path: str) -> Task | None:
        """Write the report as a PDF in the background; `files.export_done` gives the path written or the error."""
        from repm_bids.gui.print_report import export_pdf

        title = self.title

        def write(evaluation: Evaluation, target: Path, protected: list[str]) -> None:
            from repm_bids.services.evaluation import refuse_input_as_target

            refuse_input_as_target(evaluation, target, protected)
            export_pdf(evaluation, title, str(target))

        return self.files.export(path, "report", write)

    # -- help --------------------------------------------------------------------------------------------------------
    def show_about(self) -> QMessageBox:
        from repm_bids.gui.help_boxes import about_box

        self.message_box = about_box(self)
        return self.message_box

    def show_getting_started(self) -> QMessageBox:
        from repm_bids.gui.help_boxes import getting_started_box

        self.message_box = getting_started_box(self)
        return self.message_box

    # -- settings ----------------------------------------------------------------------------------------------------
    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "bids": self.bids_split,
            "detail": self.detail.split,
            "ranking": self.ranking.split,
            "ranking_bottom": self.ranking.bottom,
            "problems": self.problems.split,
        }

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1366, 820)
            self.bids_split.setSizes([320, 480])  # the detail gets more room than a short list of bids
        state = s.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        for name, split in self._splitters().items():
            data = s.bytes(f"splitters/{name}")
            if data is not None:
                split.restoreState(data)

    def save_settings(self) -> None:
        s = self.settings
        s.set_bytes("window/geometry", self.saveGeometry())
        s.set_bytes("window/state", self.saveState())
        for name, split in self._splitters().items():
            s.set_bytes(f"splitters/{name}", split.saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.saved_flows.confirm_leave("closing"):
            event.ignore()
            return
        self.save_settings()
        self.runner.cancel_all()
        self.runner.wait(5000)
        self.saved_flows.leave()  # a named file is closed; an untitled one holds nothing unsaved any more
        self.saved_flows.wait_closed()  # and any left for another evaluation before
        super().closeEvent(event)

    def unexpected(self, exc: BaseException, doing: str) -> None:
        show_unexpected(self, exc, doing)
