"""Saved evaluations (.repm) in the application: New, Open, Save As, recent evaluations, Verify, recovery after a
crash, and recording the evaluation and each export in the audit trail (services/saved.py does the storing; this
only connects it).

Every change is committed by the store as it is made. From the first import an evaluation not yet saved under a
name is kept in an untitled file in the user's data folder (untitled.py); the window shows it as modified, and
leaving it (New, Open, the sample, Quit) asks Save / Discard / Cancel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from repm_bids.gui.untitled import is_untitled, left_behind, new_untitled_path, remove_untitled

if TYPE_CHECKING:
    from repm_bids.gui.flow_host import FlowHost

log = logging.getLogger(__name__)

REPM_FILTER = "Saved evaluations (*.repm);;All files (*)"
RECORD_AFTER_MS = 3000  # the latest result is stored this long after the last change (and on export and close)


def _with_suffix(path: str) -> str:
    return path if path.lower().endswith(".repm") else f"{path}.repm"


class SavedFlows(QObject):
    opened = Signal(object)  # the SavedEvaluation now in use
    verified = Signal(object)  # VerifyReport, or the SavedError

    def __init__(self, window: FlowHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.saved: Any = None  # services.saved.SavedEvaluation (a named file, or the untitled one)
        self.untitled_failed = False  # the untitled file could not be made (told once)
        self.last_message: QMessageBox | None = None
        self._record_timer = QTimer(self)
        self._record_timer.setSingleShot(True)
        self._record_timer.setInterval(RECORD_AFTER_MS)
        self._record_timer.timeout.connect(self.record_evaluated)

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.w.window())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.last_message = box
        return box

    # -- new, open, save as ------------------------------------------------------------------------------------------
    # -- unsaved work -------------------------------------------------------------------------------------------------
    @property
    def untitled(self) -> bool:
        """The evaluation is not saved under a name (it may be kept in an untitled file)."""
        return self.saved is None or is_untitled(self.saved.path)

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

    def leave(self) -> None:
        """Let go of the evaluation's file: a named file is closed, an untitled one is closed and deleted."""
        path = self.saved.path if self.saved is not None else None
        self.close()
        if path is not None:
            remove_untitled(path)

    def keep_untitled(self) -> None:
        """The first change of an evaluation with no file: keep it in an untitled file from now on."""
        from repm_bids.services.saved import SavedError, create_saved

        if self.saved is not None or self.untitled_failed or not self.has_work():
            return
        path = new_untitled_path()
        try:
            self.saved = create_saved(path, self.w.session, self.user())
        except (SavedError, OSError) as exc:
            self.untitled_failed = True
            log.warning("could not keep the untitled evaluation in %s: %s", path, exc)
            self.w.statusBar().showMessage(
                f"This evaluation could not be kept in {path.parent} ({exc}); save it under a name.", 15000
            )
            return
        self.w.keep_listener_last()
        self.w.saved_changed()

    def start_untitled(self, title: str) -> None:
        """An empty evaluation with no file yet (call `confirm_leave` first)."""
        from repm_bids.services.session import EvaluationSession

        self.leave()
        self.untitled_failed = False
        self.w.use_session(EvaluationSession(), title)

    def ask_new(self) -> None:
        if self.confirm_leave("starting a new evaluation"):
            self.start_untitled("New evaluation")

    def new(self, path: str) -> bool:
        """Start a new, empty evaluation kept in `path`."""
        from repm_bids.services.saved import SavedError, create_saved
        from repm_bids.services.session import EvaluationSession

        session = EvaluationSession()
        try:
            saved = create_saved(path, session, self.user())
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
        from repm_bids.services.saved import SavedDamaged, SavedError, open_saved

        if self.saved is not None and Path(self.saved.path).resolve() == Path(path).resolve():
            return True  # already open here
        if not self.confirm_leave(f"opening {Path(path).name}"):
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        damaged: SavedDamaged | None = None
        try:
            try:
                saved, session = open_saved(path, self.user())
            except SavedDamaged as exc:  # changed outside repm-bids: open it read-only, to examine its trail
                damaged = exc
                saved, session = open_saved(path, self.user(), inspect=True)
        except SavedError as exc:
            self._message(QMessageBox.Icon.Warning, "The evaluation was not opened", str(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._use(saved, session)
        if damaged is not None:
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
        """Keep the evaluation in `path`: a copy of the open .repm file, or the first save of an unsaved one."""
        from repm_bids.services.saved import SavedError, create_saved

        untitled = self.saved.path if self.saved is not None and self.untitled else None
        try:
            if self.saved is not None:
                self.saved.save_as(path, overwrite=overwrite)
            else:
                self.saved = create_saved(path, self.w.session, self.user(), overwrite=overwrite)
                self.w.keep_listener_last()
        except SavedError as exc:
            self._message(QMessageBox.Icon.Warning, "The evaluation was not saved", str(exc))
            return False
        if untitled is not None:
            remove_untitled(untitled)  # the named file holds everything now, its trail included
        self._remember(path)
        self.w.set_title(Path(path).name)
        self.w.saved_changed()
        self.w.statusBar().showMessage(f"Saved in {path}; every change from now on is kept there.", 8000)
        return True

    def _use(self, saved: Any, session: Any, title: str = "") -> None:
        self.leave()
        self.saved = saved
        self.w.use_session(session, title or Path(saved.path).name)
        if not is_untitled(saved.path):
            self._remember(str(saved.path))
        self.opened.emit(saved)

    # -- recovering after a crash --------------------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """An untitled file left by a session that did not close properly: offer to open it. True if recovered."""
        from repm_bids.services.saved import SavedError, open_saved

        current = self.saved.path if self.saved is not None else None
        for path in left_behind(exclude=current):
            try:
                saved, session = open_saved(path, self.user())
            except SavedError:  # in use by another window still running, or damaged beyond reading
                continue
            if not (session.parts or session.decisions or session.loose_problems):
                saved.close()
                remove_untitled(path)
                continue
            if self._ask_recover(path, session) == QMessageBox.StandardButton.Open:
                self._use(saved, session, "Recovered evaluation")
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
        menu = self.w.acts.recent_saved
        menu.clear()
        recent = self.w.settings.recent("saved")
        for i, p in enumerate(recent, 1):
            action = menu.addAction(f"&{i} {Path(p).name}")
            action.setStatusTip(p)
            action.triggered.connect(lambda *_, path=p: self.open(path))
        menu.setEnabled(bool(recent))

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
            self.saved.user = self.user() or default_user()
        self.w.statusBar().showMessage(f"Changes are recorded as made by {self.user() or default_user()}.", 6000)

    # -- recording -----------------------------------------------------------------------------------------------------
    def changed(self) -> None:
        """The session changed: keep it in an untitled file if it has none yet; store the new result a little later
        (editing stays live); show whether the work is saved under a name."""
        if self.saved is None:
            self.keep_untitled()
        if self.saved is not None:
            self._record_timer.start()
        self.w.setWindowModified(self.unsaved())

    def record_evaluated(self) -> None:
        if self.saved is None or self.saved.closed:
            return
        try:
            self.saved.record_evaluated(self.w.session.evaluation())
        except Exception:  # the change itself is stored already; the latest result is re-recorded on export
            log.exception("could not record the evaluation")

    def record_export(self, path: Path) -> None:
        if self.saved is None:
            return
        try:
            self.saved.record_export(path)
        except Exception:
            log.exception("could not record the export")
            self.w.statusBar().showMessage("The workbook was written, but its export could not be recorded.", 8000)

    # -- verify --------------------------------------------------------------------------------------------------------
    def ask_verify(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w.window(),
            "Verify an award workbook",
            self.w.settings.last_folder("export"),
            "Excel workbook (*.xlsx)",
        )
        if path:
            self.verify(path)

    def verify(self, workbook: str) -> Any:
        """Re-evaluate this saved evaluation from its stored inputs and compare the workbook's figures with it.

        The window keeps the file while it verifies (SavedEvaluation.verify works on the open file)."""
        from repm_bids.services.saved import SavedError

        if self.saved is None:
            self._message(QMessageBox.Icon.Information, "Verify", "Save the evaluation first (File › Save as).")
            return None
        self._record_timer.stop()
        self.record_evaluated()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        result: Any
        try:
            result = self.saved.verify(workbook)
        except SavedError as exc:
            result = exc
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_verify(Path(workbook).name, result)
        self.verified.emit(result)
        return result

    def _show_verify(self, name: str, result: Any) -> None:
        if isinstance(result, Exception):
            self._message(QMessageBox.Icon.Warning, "Verify", f"{name} could not be verified.\n\n{result}")
            return
        notes = "\n".join(f"• {n}" for n in result.notes)
        if result.ok:
            self._message(
                QMessageBox.Icon.Information,
                "Verify: the workbook matches",
                f"All {result.checked} figures of {name} match a re-evaluation of the stored inputs.\n\n{notes}",
            )
        else:
            shown = "\n".join(f"• {d}" for d in result.differences[:30])
            more = f"\n… and {len(result.differences) - 30} more" if len(result.differences) > 30 else ""
            self._message(
                QMessageBox.Icon.Warning,
                "Verify: the workbook differs",
                f"{len(result.differences)} figure(s) of {name} differ from a re-evaluation of the stored inputs:"
                f"\n{shown}{more}\n\n{notes}",
            )

    # -- closing -------------------------------------------------------------------------------------------------------
    def close(self) -> None:
        if self.saved is not None:
            self._record_timer.stop()
            self.record_evaluated()
            if self.saved in self.w.session.listeners:
                self.w.session.listeners.remove(self.saved)
            self.saved.close()
            self.saved = None
