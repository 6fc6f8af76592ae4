"""File › Verify an award workbook: re-evaluate the saved evaluation from its stored inputs (in the background),
compare the workbook's figures, give one verdict, and record the check in the audit trail."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from repm_bids.gui.formats import indian
from repm_bids.gui.message_box import open_message

if TYPE_CHECKING:
    from repm_bids.gui.flow_host import FlowHost


def verdict(report: Any, name: str) -> tuple[str, str]:
    """One verdict, the same in the title and the first sentence: the figures decide; an exact export (the result
    digest the workbook shows equals the re-evaluation's) is said beside it, never contradicting it."""
    redone = "a re-evaluation of the stored inputs"
    if not report.ok:
        n = len(report.differences)
        return "Verify: the workbook differs", f"{indian(n)} figure{'s' * (n != 1)} of {name} differ from {redone}:"
    figures = f"All {indian(report.checked)} figures of {name} match {redone}"
    if any("result SHA-256 matches" in note for note in report.notes):
        return "Verify: the workbook matches", f"{figures}, and the workbook is an exact export of it."
    return (
        "Verify: the figures match",
        f"{figures}, but the workbook is not an exact export of this evaluation (see below).",
    )


class VerifyFlow(QObject):
    verified = Signal(object)  # VerifyReport, or the SavedError

    def __init__(self, window: FlowHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.last_message: QMessageBox | None = None

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
        """The window keeps the file while it verifies: after every change already made is stored, a copy of the
        file is read again, re-evaluated and compared in a child process (so the window stays responsive), and
        removed afterwards. Returns the report, or the SavedError; None when cancelled or not started."""
        from repm_bids.domain.progress import Cancelled
        from repm_bids.gui import child_work
        from repm_bids.gui.process_task import ProcessTask
        from repm_bids.services.saved import SavedError

        flows = self.w.saved_flows
        if flows.writer is None or flows.refuse_if_busy():
            if flows.writer is None:
                self._message(QMessageBox.Icon.Information, "Verify", "Import the bids first.")
            return None
        flows.record_evaluated(now=True)
        writer = flows.writer
        scratch: list[tempfile.TemporaryDirectory[str]] = []

        def prepare(progress: Any, cancel: Any) -> tuple[Any, ...]:
            progress(0, 0, Path(workbook).name)
            writer.flush(None)
            if writer.saved is None:
                raise SavedError("The evaluation is not kept in a file; nothing to verify against.")
            scratch.append(tempfile.TemporaryDirectory(prefix="repm-verify-"))
            copy = writer.saved.copy_for_reading(Path(scratch[0].name) / writer.saved.path.name)
            return (workbook, copy)

        def cleanup() -> None:
            for folder in scratch:
                folder.cleanup()

        task = ProcessTask(child_work.verify_copy, prepare, name="verify", cleanup=cleanup)
        result = flows.wait_for(task, f"Verifying {Path(workbook).name}", cancellable=True)
        if isinstance(result, Cancelled):
            self.w.statusBar().showMessage("Verify cancelled; nothing was checked.", 8000)
            return None
        if isinstance(result, BaseException) and not isinstance(result, SavedError):
            self.w.unexpected(result, "verifying the workbook")
            return None
        self._show(Path(workbook).name, result)
        self._record(workbook, result)
        self.verified.emit(result)
        return result

    def _record(self, workbook: str, result: Any) -> None:
        writer = self.w.saved_flows.writer
        if writer is None:
            return
        if isinstance(result, Exception):
            details: dict[str, Any] = {"workbook": workbook, "verdict": "could not be verified", "reason": str(result)}
        else:
            title, _ = verdict(result, Path(workbook).name)
            details = {
                "workbook": workbook,
                "verdict": title.removeprefix("Verify: "),
                "figures_checked": result.checked,
                "differences": len(result.differences),
            }
        writer.record("verified", lambda saved: saved.record("verified", details))

    def _show(self, name: str, result: Any) -> None:
        if isinstance(result, Exception):
            self._message(QMessageBox.Icon.Warning, "Verify", f"{name} could not be verified.\n\n{result}")
            return
        title, first = verdict(result, name)
        notes = "\n".join(f"• {n}" for n in result.notes)
        if result.ok:
            self._message(QMessageBox.Icon.Information, title, f"{first}\n\n{notes}")
            return
        shown = "\n".join(f"• {d}" for d in result.differences[:30])
        more = f"\n… and {indian(len(result.differences) - 30)} more" if len(result.differences) > 30 else ""
        self._message(QMessageBox.Icon.Warning, title, f"{first}\n{shown}{more}\n\n{notes}")

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        self.last_message = box = open_message(self.w.window(), icon, title, text)
        return box
