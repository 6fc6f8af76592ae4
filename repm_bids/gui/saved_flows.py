"""Saved evaluations (.repm) in the application: New, Open, Save As, recent evaluations, Verify, recovery after a
crash, and recording the evaluation and each export in the audit trail (services/saved.py does the storing; this
only connects it).

Every change is committed by the store as it is made. From the first import an evaluation not yet saved under a
name is kept in an untitled file in the user's data folder (untitled.py); the window shows it as modified, and
leaving it (New, Open, the sample, Quit) asks Save / Discard / Cancel.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from repm_bids.gui.gc_guard import set_aside
from repm_bids.gui.message_box import open_message
from repm_bids.gui.recent_menu import fill_recent
from repm_bids.gui.store_writer import StoreWriter
from repm_bids.gui.untitled import left_behind, new_untitled_path, remove_untitled

if TYPE_CHECKING:
    from repm_bids.gui.flow_host import FlowHost
    from repm_bids.gui.process_child import PickledOnce
    from repm_bids.services.session import EvaluationSession

log = logging.getLogger(__name__)

REPM_FILTER = "Saved evaluations (*.repm);;All files (*)"
RECORD_AFTER_MS = 3000  # the latest result is stored this long after the last change (and on export and close)
UNTITLED_AFTER_MS = 100  # a first import evaluated in the background is kept in a file this long after it is shown


def _with_suffix(path: str) -> str:
    return path if path.lower().endswith(".repm") else f"{path}.repm"


class SavedFlows(QObject):
    opened = Signal(object)  # the SavedEvaluation now in use

    def __init__(self, window: FlowHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.writer: StoreWriter | None = None  # stores every change of the session, off the GUI thread
        self.untitled_path: Path | None = None  # where an untitled evaluation is kept
        self.untitled_failed = False  # the untitled file could not be made (told once)
        self.busy_with = ""  # an open, save as or verify is running
        self._closing: list[Future[Any]] = []  # files being closed on their writer's thread
        self.last_message: QMessageBox | None = None
        self._record_timer = QTimer(self)
        self._record_timer.setSingleShot(True)
        self._record_timer.setInterval(RECORD_AFTER_MS)
        self._record_timer.timeout.connect(self.record_evaluated)
        self._keep_timer = QTimer(self)  # the first import's untitled file, made once its result is painted
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(UNTITLED_AFTER_MS)
        self._keep_timer.timeout.connect(self.keep_untitled)

    @property
    def saved(self) -> Any:
        """The services.saved.SavedEvaluation in use (None before the first change, or while it is being made)."""
        return self.writer.saved if self.writer is not None else None

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        self.last_message = box = open_message(self.w.window(), icon, title, text)
        return box

    # -- running file work off the GUI thread -------------------------------------------------------------------------
    def wait_for(self, work: Any, what: str, cancellable: bool = False) -> Any:
        """Run `work(progress, cancel)` on the thread pool with the progress panel, keeping the window painted, and
        return its result (or the exception it raised, or Cancelled). Callers stay simple: they read as one call."""
        from repm_bids.domain.progress import Cancelled

        outcome: list[Any] = []
        loop = QEventLoop()
        runner = self.w.runner
        started: list[Any] = []

        def done(task: Any) -> None:
            if started and task is started[0]:
                loop.quit()

        # The runner says `done` on this thread once a task's result has been delivered. Connected before the task
        # starts, it cannot be missed: a connection to the task's own `finished` made after `start` misses a task
        # that has already finished, and the wait would never end.
        runner.done.connect(done)
        try:
            task = runner.start(
                work,
                name=what,
                on_result=outcome.append,
                on_error=outcome.append,
                on_cancelled=lambda: outcome.append(Cancelled()),
            )
            started.append(task)
            self.w.progress.follow(task, what, cancellable=cancellable)
            self.busy_with = what
            if task in runner.running:  # its end has not been handled yet (that happens on this thread)
                loop.exec()
        finally:
            runner.done.disconnect(done)
            self.busy_with = ""
        return outcome[0] if outcome else Cancelled()

    def refuse_if_busy(self) -> bool:
        if self.busy_with:
            self.w.statusBar().showMessage(f"{self.busy_with}: wait for it to finish first.", 6000)
        return bool(self.busy_with)

    def flush(self) -> None:
        """Wait until every change made so far is in the file (tests, and before reading the file whole)."""
        if self.writer is None:
            self.keep_untitled()  # the first import's file, when it is still to be made
        if self.writer is not None:
            self.writer.flush()

    # -- unsaved work -------------------------------------------------------------------------------------------------
    @property
    def untitled(self) -> bool:
        """The evaluation is not saved under a name (it may be kept in an untitled file)."""
        return self.writer is None or self.untitled_path is not None

    def has_work(self) -> bool:
        from repm_bids.domain.scheme import Scheme

        s = self.w.session
        return bool(s.parts or s.loose_problems or s.decisions or s.decision_problems or s.removed_bids) or (
            s.scheme != Scheme()
        )

    def unsaved(self) -> bool:
        """Work that no named file holds: leaving it asks first."""
        return self.untitled and self.has_work()

    def confirm_leave(self, doing: str) -> bool:
        """Before the evaluation is replaced or the window closes: Save / Discard / Cancel for unsaved work.
        True when it is fine to go on (saved, discarded, or nothing to lose)."""
        if self.refuse_if_busy():
            return False
        if not self.unsaved():
            return True
        answer = QMessageBox.question(
            self.w.window(),
            "Save the evaluation?",
            f"This evaluation is not saved under a name. Save it before {doing}?\n\n"
            "Discard deletes its bids, decisions and scheme changes from this computer.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.ask_save_as()
        if answer == QMessageBox.StandardButton.Discard:
            self.leave()
            return True
        return False

    def leave(self, wait: bool = True) -> None:
        """Let go of the evaluation's file: a named file is closed, an untitled one is closed and deleted. Without
        `wait` this finishes on the writer's thread (another evaluation is being opened: see `wait_closed`)."""
        untitled = self.untitled_path
        if wait or self.writer is None:
            self.close()
            if untitled is not None:
                remove_untitled(untitled)
            return
        writer = self.writer
        self.record_evaluated(now=not self.w.evaluating)
        self._keep_timer.stop()
        self.writer = None
        self.untitled_path = None
        self._closing.append(writer.close_later(lambda: remove_untitled(untitled) if untitled is not None else None))

    def wait_closed(self) -> None:
        """Wait until the files left with `leave(wait=False)` are closed (on a worker, before opening one)."""
        while self._closing:
            self._closing.pop(0).result()

    def keep_untitled(self) -> None:
        """The first change of an evaluation with no file: keep it in an untitled file from now on."""
        self._keep_timer.stop()
        if self.writer is not None or self.untitled_failed or not self.has_work():
            return
        self.untitled_path = new_untitled_path()
        self._attach(None, self.w.session)
        assert self.writer is not None
        self.writer.create(self.untitled_path, self.user())

    def start_untitled(self, title: str, session: EvaluationSession | None = None) -> None:
        """An empty evaluation with no file yet (call `confirm_leave` first). `session`: a new session made
        already (with its evaluation, made elsewhere)."""
        from repm_bids.services.session import EvaluationSession

        self.leave()
        self.untitled_failed = False
        self.w.use_session(session or EvaluationSession(), title)

    def _attach(self, saved: Any, session: Any) -> None:
        writer = StoreWriter(saved, session, self)
        writer.written.connect(self._written)
        writer.failed.connect(self._store_failed)
        writer.adopt.connect(self._adopt)
        self.writer = writer  # it listens first: the window, after it, shows a trail that includes the change

    def _written(self, action: str) -> None:
        if action == "created":
            self.w.saved_changed()
        else:
            self.w.audit_changed()

    def _store_failed(self, what: str, exc: BaseException) -> None:
        if what == "created":
            self.untitled_failed = True
            folder = self.untitled_path.parent if self.untitled_path else "the data folder"
            self.close()
            self.untitled_path = None
            self.w.statusBar().showMessage(
                f"This evaluation could not be kept in {folder} ({exc}); save it under a name.", 15000
            )
            return
        name = Path(self.saved.path).name if self.saved is not None else "the saved evaluation"
        self.w.statusBar().showMessage(f"The last change could not be stored in {name}: {exc}", 15000)

    def _adopt(self, corrected: tuple[Any, list[str]]) -> None:
        """The store kept another version of a file than the one read (it changed on disk while imported) or could
        not keep it (it vanished): the session shown follows what the file keeps."""
        copy, before = corrected
        session = self.w.session
        if self.writer is None or self.writer.session is not session:
            return
        now = {p.sha256 for p in copy.parts}
        replaced = [p for p in copy.parts if p.sha256 not in before]
        parts = []
        for part in session.parts:
            if part.sha256 in before and part.sha256 not in now:
                known = session.known_sha256
                parts += [r for r in replaced if r.input.path == part.input.path and r.sha256 not in known]
            else:
                parts.append(part)
        session.parts[:] = parts
        new_problems = [p for p in copy.loose_problems if p not in session.loose_problems]
        session.loose_problems.extend(new_problems)
        session.invalidate()
        self.w.refresh()

    # -- new, open, save as ------------------------------------------------------------------------------------------
    def ask_new(self) -> None:
        if self.confirm_leave("starting a new evaluation"):
            self.start_untitled("New evaluation")

    def new(self, path: str) -> bool:
        """Start a new, empty evaluation kept in `path`."""
        from repm_bids.services.saved import SavedError, create_saved
        from repm_bids.services.session import EvaluationSession

        if not self.confirm_leave("starting a new evaluation"):
            return False
        session = EvaluationSession()
        try:
            saved = create_saved(path, session, self.user())  # an empty file: quick
        except SavedError as exc:
            self._message(QMessageBox.Icon.Warning, "The evaluation was not created", str(exc))
            return False
        self._use(saved, session)
        return True

    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w.window(), "Open a saved evaluation", self.w.settings.last_folder("saved"), REPM_FILTER
        )
        if path:
            self.open(path)

    def open(self, path: str) -> bool:
        """Open a saved evaluation (its inputs are read again from the stored bytes, in the background). One
        changed outside repm-bids opens read-only, so that its audit trail can be examined."""
        from repm_bids.domain.progress import Cancelled
        from repm_bids.gui.bids_model import bid_rows
        from repm_bids.services.saved import SavedDamaged, SavedError, open_saved

        if self.saved is not None and Path(self.saved.path).resolve() == Path(path).resolve():
            return True  # already open here
        if not self.confirm_leave(f"opening {Path(path).name}"):
            return False
        user = self.user()

        def work(progress: Any, cancel: Any) -> Any:
            progress(0, 0, Path(path).name)
            self.wait_closed()  # the evaluation left may be this very file
            damaged: SavedDamaged | None = None
            try:
                saved, session = open_saved(path, user)
            except SavedDamaged as exc:  # changed outside repm-bids: open it read-only, to examine its trail
                damaged = exc
                saved, session = open_saved(path, user, inspect=True)
            if cancel.cancelled:
                saved.close()
                raise Cancelled()
            evaluation = session.evaluation()  # here, not on the GUI thread: the window shows it as it takes it
            return saved, session, damaged, (evaluation, bid_rows(evaluation, session.decisions))

        result = self.wait_for(work, f"Opening {Path(path).name}", cancellable=True)
        if isinstance(result, Cancelled):
            self.w.statusBar().showMessage(f"Opening {Path(path).name} cancelled.", 6000)
            return False
        if isinstance(result, SavedError):
            self._message(QMessageBox.Icon.Warning, "The evaluation was not opened", str(result))
            return False
        if isinstance(result, BaseException):
            self.w.unexpected(result, f"opening {Path(path).name}")
            return False
        saved, session, damaged, (evaluation, rows) = result
        self.w.take_rows(evaluation, rows)  # the bids table installs these instead of building them here
        self._use(saved, session)
        set_aside()  # what the worker made is walked by no full garbage collection
        if damaged is not None:
            self.w.set_read_only(True)
            self._message(
                QMessageBox.Icon.Warning,
                "Opened read-only: changed outside repm-bids",
                f"{damaged} It is open read-only so that its audit trail can be examined; nothing can be recorded.",
            )
        if saved.migrated_from is not None:
            self.w.statusBar().showMessage(
                f"{Path(path).name} was brought up to date from file version {saved.migrated_from}.", 8000
            )
        return True

    def ask_save_as(self) -> bool:
        default = Path(self.w.settings.last_folder("saved")) / "evaluation.repm"
        path, _ = QFileDialog.getSaveFileName(self.w.window(), "Save the evaluation as", str(default), REPM_FILTER)
        if not path:
            return False
        # the file dialog has already asked whether to replace an existing file
        return self.save_as(_with_suffix(path), overwrite=Path(_with_suffix(path)).exists())

    def save_as(self, path: str, overwrite: bool = False) -> bool:
        """Keep the evaluation in `path`: a copy of the open .repm file (the untitled one, from the first import on),
        or the first save of an evaluation with no file yet. Runs in the background."""
        from repm_bids.services.saved import SavedError, create_saved

        if self.refuse_if_busy():
            return False
        writer = self.writer
        session = self.w.session
        copy = session.snapshot()
        user = self.user()

        def work(progress: Any, cancel: Any) -> Any:
            progress(0, 0, Path(path).name)
            if writer is None:
                return create_saved(path, copy, user, overwrite=overwrite)
            writer.flush(None)  # every change made so far is in the file being copied
            if writer.saved is None:
                raise SavedError("The evaluation could not be kept in a file; import the bids again.")
            writer.saved.save_as(path, overwrite=overwrite)
            return writer.saved

        result = self.wait_for(work, f"Saving {Path(path).name}")
        if isinstance(result, SavedError):
            self._message(QMessageBox.Icon.Warning, "The evaluation was not saved", str(result))
            return False
        if isinstance(result, BaseException):
            self.w.unexpected(result, "saving the evaluation")
            return False
        if writer is None:
            self._attach(result, session)
        untitled, self.untitled_path = self.untitled_path, None
        if untitled is not None:
            remove_untitled(untitled)  # the named file holds everything now, its trail included
        self._remember(path)
        self.w.set_title(Path(path).name)
        self.w.saved_changed()
        self.w.statusBar().showMessage(f"Saved in {path}; every change from now on is kept there.", 8000)
        return True

    def _use(self, saved: Any, session: Any, title: str = "", untitled: Path | None = None) -> None:
        self.leave(wait=False)
        self._attach(saved, session)
        self.untitled_path = untitled
        self.w.use_session(session, title or Path(saved.path).name)
        if untitled is None:
            self._remember(str(saved.path))
        self.opened.emit(saved)

    # -- recovering after a crash --------------------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """An untitled file left by a session that did not close properly: offer to open it. True if recovered.
        The store's modules are loaded only when a file was left (not at every start)."""
        for path in left_behind(exclude=self.untitled_path):
            from repm_bids.services.saved import SavedError, open_saved

            try:
                saved, session = open_saved(path, self.user())
            except SavedError:  # in use by another window still running, or damaged beyond reading
                continue
            if not (session.parts or session.decisions or session.loose_problems):
                saved.close()
                remove_untitled(path)
                continue
            if self._ask_recover(path, session) == QMessageBox.StandardButton.Open:
                self._use(saved, session, "Recovered evaluation", untitled=path)
                self.w.statusBar().showMessage("Recovered; save it under a name with File › Save evaluation as.", 15000)
                return True
            saved.close()
            return False
        return False

    def _ask_recover(self, path: Path, session: Any) -> QMessageBox.StandardButton:
        from repm_bids.gui.formats import fmt_count, fmt_when

        files, bids = len(session.parts), sum(len(p.bids) for p in session.parts)
        decided = fmt_count(len(session.decisions), "decision")
        answer = QMessageBox.question(
            self.w.window(),
            "Recover unsaved work?",
            "repm-bids did not close properly last time. The evaluation it was working on was kept: "
            f"{fmt_count(files, 'file')} with {fmt_count(bids, 'bid')} and {decided}, "
            f"last changed {fmt_when(path.stat().st_mtime)}.\n\n"
            "Open it now? Discard deletes it; Cancel keeps it for the next start.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Open,
        )
        if answer == QMessageBox.StandardButton.Discard:
            remove_untitled(path)
        return answer

    def _remember(self, path: str) -> None:
        self.w.settings.remember_folder("saved", path)
        self.w.settings.add_recent(path, "saved")
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        fill_recent(self.w.acts.recent_saved, self.w.settings.recent("saved"), self.open)

    # -- who -----------------------------------------------------------------------------------------------------------
    def user(self) -> str | None:
        """The name recorded in the audit trail: the one set in the application, else the OS account (None)."""
        name = str(self.w.settings.q.value("audit/user", "") or "").strip()
        return name or None

    def ask_user(self) -> QInputDialog:
        from repm_bids.services.saved import default_user

        dialog = QInputDialog(self.w.window())
        dialog.setWindowTitle("Your name in the audit trail")
        dialog.setLabelText("Name recorded with each change you make (empty: the computer account):")
        dialog.setTextValue(self.user() or default_user())
        dialog.textValueSelected.connect(self.set_user)
        dialog.open()
        return dialog

    def set_user(self, name: str) -> None:
        from repm_bids.services.saved import default_user

        name = " ".join(name.split())
        self.w.settings.q.setValue("audit/user", name if name and name != default_user() else "")
        if self.saved is not None:
            self.flush()  # changes made before are recorded under the name they were made with
            self.saved.user = self.user() or default_user()
        self.w.statusBar().showMessage(f"Changes are recorded as made by {self.user() or default_user()}.", 6000)

    # -- recording -----------------------------------------------------------------------------------------------------
    def changed(self, action: str = "") -> None:
        """The session changed (`action`, as the session named it): keep it in an untitled file if it has none yet;
        store the new result a little later (editing stays live); show whether the work is saved under a name.

        A first import's untitled file is made UNTITLED_AFTER_MS after its result is shown (evaluated in the
        background, or brought with the files): making it (loading the store's modules, storing every input file)
        would otherwise compete with the evaluation and the first paint for the processor. The file holds every
        change made meanwhile, and `flush` makes it at once."""
        if self.writer is None:
            if self.w.evaluating:  # a later change asks again if this evaluation fails
                self.w.when_evaluated(self._keep_timer.start)
            elif action == "imported":
                self._keep_timer.start()
            else:
                self.keep_untitled()
        if self.writer is not None:
            self._record_timer.start()
        self.w.setWindowModified(self.unsaved())

    def record_evaluated(self, now: bool = False, pickled: PickledOnce | None = None) -> None:
        """Store the latest result (on the writer's thread; an unchanged result adds nothing). While the window
        evaluates in the background, or files are being imported, this waits for it, unless `now` (closing,
        exporting, verifying). `pickled`: an export's `PickledOnce`, used if it is of the latest result."""
        if self.writer is None:
            return
        if (self.w.evaluating or self._importing()) and not now:
            self._record_timer.start()
            return
        self._record_timer.stop()
        evaluation = self.w.session.evaluation()
        shared = pickled is not None and pickled.value is evaluation
        self.writer.record_evaluated(evaluation, pickled if shared else None)

    def _importing(self) -> bool:
        """Files are being read to be added: the result shown now is about to be replaced, and storing it (hashing
        every bid's outcome, seconds at 10,000 bids) would only compete with the import for the processor."""
        return any(task.name == "import" for task in self.w.runner.running)

    def record_export(self, path: Path) -> None:
        if self.writer is not None:
            self.writer.record("exported", lambda saved: saved.record_export(path))

    # -- closing -------------------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Store what is queued and the latest result, then release the file."""
        self._keep_timer.stop()  # an evaluation left has nothing more to keep
        writer = self.writer
        if writer is None:
            return
        self.record_evaluated(now=True)
        writer.close()
        self.writer = None
        self.untitled_path = None
        if writer.saved is not None:
            writer.saved.close()
