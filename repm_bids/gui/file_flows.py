"""Everything that reads or writes a file: import bids (in the background, with progress and Cancel), import a
decisions file, export the award workbook and the JSON result (in the background), load and save a scheme file.

Each `ask_*` method shows a file dialog and calls the method of the same name without `ask_`, which tests call
directly with a path. Expected failures (a file open in Excel, no permission, a bad scheme file) are plain messages;
only a bug reaches `show_unexpected`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from repm_bids.gui.commands import ImportDecisionsCommand
from repm_bids.gui.recent_menu import fill_recent
from repm_bids.gui.tasks import Task

if TYPE_CHECKING:
    from repm_bids.gui.flow_host import FlowHost
    from repm_bids.services.sample_reading import SampleReading

BID_FILTER = "Bid files (*.xlsx *.xlsm *.csv *.xls *.ods);;All files (*)"
DECISIONS_FILTER = "Decisions files (*.xlsx *.xlsm *.csv);;All files (*)"
SCHEME_FILTER = "Scheme files (*.toml);;All files (*)"
# how long the background import of the sample waits for the process reading it before reading it itself (the
# process answers in well under a second; a machine so busy that it has not is better served by reading here)
SAMPLE_WAIT_SECONDS = 10.0
# ... and how long the window, not yet painted, waits for it to show the sample in its first paint (the copy sends
# the sample a few hundredths of a second after the empty evaluation the window took from it)
SAMPLE_PAINT_WAIT_SECONDS = 0.3


class FileFlows(QObject):
    import_done = Signal(object)  # list[InputPart] when added; None when cancelled or failed
    export_done = Signal(object)  # the Path written, or the exception
    decisions_done = Signal(object)  # how many decisions a decisions file gave (None when it could not be read)

    def __init__(self, window: FlowHost) -> None:
        super().__init__(window.window())
        self.w = window
        self.import_task: Task | None = None
        self.export_task: Task | None = None
        self.decisions_task: Task | None = None
        self.last_message: QMessageBox | None = None

    # -- messages ----------------------------------------------------------------------------------------------------
    def _message(self, icon: QMessageBox.Icon, title: str, text: str, folder: Path | None = None) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.w.window())
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file name shows as written, never as markup
        if folder is not None:
            button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        box.open()
        self.last_message = box
        return box

    def _status(self, text: str, ms: int = 8000) -> None:
        self.w.statusBar().showMessage(text, ms)

    # -- importing bids ----------------------------------------------------------------------------------------------
    def ask_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.w.window(), "Import bid files", self.w.settings.last_folder("import"), BID_FILTER
        )
        if paths:
            self.import_paths(paths)

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.w.window(), "Import a folder of bid files", self.w.settings.last_folder("import")
        )
        if folder:
            self.import_paths([folder])

    def import_paths(
        self, paths: list[str], remember: bool = True, shipped: bool = False, read: SampleReading | None = None
    ) -> Task | None:
        """Read files and folders in the background and add what they hold; returns the task (None if busy, or if
        `read` had them already). `shipped`: the bundled sample, read on the thread pool without starting a reading
        worker. `read`: the sample read and evaluated by a copy of the process since the application started, for
        the new session it opens into: added with its evaluation at once (shown in the window's next paint) when the
        copy has answered, waited for in the background when not, and read here after all when it failed."""
        if self.w.read_only:
            self._status("This evaluation is open read-only: nothing can be added to it.")
            return None
        if self.import_task is not None:
            self._status("An import is already running; wait for it or cancel it.")
            return None
        if remember and paths:
            self.w.settings.remember_folder("import", paths[0])
            for p in paths:
                self.w.settings.add_recent(p, "files")
            self.fill_recent_menu()
        known = self.w.session.known_sha256
        if read is not None and not read.matches(self.w.session):  # read for a new session, not for this one
            read.close()
            read = None
        if read is not None and read.sample_ready(SAMPLE_PAINT_WAIT_SECONDS):
            sample = read.sample(0)
            if sample is not None:
                self._imported(sample)
                return None

        def work(progress: Any, cancel: Any) -> Any:
            from repm_bids.services.evaluation import import_files

            sample = read.sample(SAMPLE_WAIT_SECONDS) if read is not None else None
            if sample is not None:
                return sample
            parts, loose = import_files(paths, progress=progress, cancel=cancel, known_sha256=known, shipped=shipped)
            return parts, loose, None

        def done(result: tuple[list[Any], list[Any], Any]) -> None:
            parts, loose, evaluation = result
            if read is not None and not read.matches(self.w.session):  # something changed while it was read
                evaluation = None
            self._imported((parts, loose, evaluation))

        task = self.w.runner.start(
            work,
            name="import",
            on_result=done,
            on_error=lambda exc: self._import_failed(exc),
            on_cancelled=self._import_cancelled,
        )
        self.import_task = task
        self.w.progress.follow(task, "Importing")
        return task

    def _imported(self, result: tuple[list[Any], list[Any], Any]) -> None:
        """Add what was read: the parts, the problems of no file, and the new state's evaluation when it was made
        elsewhere (the sample's, by a copy of the process), else None."""
        self.import_task = None
        parts, loose, evaluation = result
        self.w.session.add_parts(parts, loose, evaluation=evaluation)
        bids = sum(len(p.bids) for p in parts)
        errors = sum(1 for p in loose if p.severity.value == "error") + sum(
            1 for p in parts for q in p.problems if q.severity.value == "error"
        )
        text = f"Imported {len(parts)} file{'s' * (len(parts) != 1)} with {bids} bid{'s' * (bids != 1)}."
        if errors:
            text += f" {errors} file problem{'s' * (errors != 1)}: see Files & problems."
        self._status(text)
        self.w.when_evaluated(lambda: self.import_done.emit(parts))  # done when the views show the new bids

    def _import_cancelled(self) -> None:
        self.import_task = None
        self._status("Import cancelled; nothing was added.")
        self.import_done.emit(None)

    def _import_failed(self, exc: BaseException) -> None:
        self.import_task = None
        self.w.unexpected(exc, "importing files")
        self.import_done.emit(None)

    def dropped(self, paths: list[str]) -> None:
        """Files or folders dropped on the window: a saved evaluation is opened, a scheme file loaded, everything
        else imported."""
        schemes = [p for p in paths if p.lower().endswith(".toml")]
        saved = [p for p in paths if p.lower().endswith(".repm")]
        others = [p for p in paths if p not in schemes and p not in saved]
        if saved:
            self.w.saved_flows.open(saved[-1])
        if schemes:
            self.load_scheme(schemes[-1])
        if others:
            self.import_paths(others)

    def fill_recent_menu(self) -> None:
        fill_recent(
            self.w.acts.recent_files,
            self.w.settings.recent("files"),
            lambda p: self.import_paths([p]),
            self._clear_recent,
        )

    def _clear_recent(self) -> None:
        self.w.settings.clear_recent("files")
        self.fill_recent_menu()

    # -- decisions ---------------------------------------------------------------------------------------------------
    def ask_import_decisions(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w.window(), "Import committee decisions", self.w.settings.last_folder("decisions"), DECISIONS_FILTER
        )
        if path:
            self.import_decisions(path)

    def import_decisions(self, path: str) -> Task | None:
        """Read a decisions file in the background, then take it (undoable); its problems show in Files & problems.
        `decisions_done` says how many decisions it gave."""
        from repm_bids.services.reading import read_decisions_input

        if self.w.read_only:
            self._status("This evaluation is open read-only: nothing can be recorded.")
            return None
        if self.decisions_task is not None:
            self._status("A decisions file is being read; wait for it.")
            return None
        self.w.settings.remember_folder("decisions", path)

        def work(progress: Any, cancel: Any) -> Any:
            progress(0, 0, Path(path).name)
            return read_decisions_input(path)  # read once; the saved evaluation keeps these bytes

        task = self.w.runner.start(
            work,
            name="decisions",
            on_result=lambda read: self._decisions_read(path, read),
            on_error=self._decisions_failed,
        )
        self.decisions_task = task
        self.w.progress.follow(task, "Reading the decisions file", cancellable=False)
        return task

    def _decisions_read(self, path: str, read: Any) -> None:
        self.decisions_task = None
        decisions, problems = read.decisions, read.problems
        name = Path(path).name
        self.w.undo_stack.push(ImportDecisionsCommand(self.w.session, decisions, problems, name, read.input))
        errors = [p for p in problems if p.severity.value == "error"]
        text = f"Imported {len(decisions)} decision{'s' * (len(decisions) != 1)} from {name}."
        if errors:
            text += f" {len(errors)} problem{'s' * (len(errors) != 1)}: see Files & problems."
        self._status(text)
        self.w.when_evaluated(lambda: self.decisions_done.emit(len(decisions)))

    def _decisions_failed(self, exc: BaseException) -> None:
        self.decisions_task = None
        self.w.unexpected(exc, "reading the decisions file")
        self.decisions_done.emit(None)

    # -- exporting ---------------------------------------------------------------------------------------------------
    def ask_export_award(self) -> None:
        default = Path(self.w.settings.last_folder("export")) / f"award-statement-{date.today().isoformat()}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self.w.window(), "Export the award workbook", str(default), "Excel workbook (*.xlsx)"
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_award(path)

    def ask_export_json(self) -> None:
        default = Path(self.w.settings.last_folder("export")) / f"evaluation-{date.today().isoformat()}.json"
        path, _ = QFileDialog.getSaveFileName(self.w.window(), "Export the JSON result", str(default), "JSON (*.json)")
        if path:
            self.export_json(path)

    def export_award(self, path: str) -> Task | None:
        from repm_bids.gui import child_work

        saved = self.w.saved_flows.saved

        def head() -> tuple[str | None]:
            return (saved.trail_head() if saved is not None else None,)  # the trail as the workbook is written

        return self.export(path, "award workbook", in_child=child_work.export_award, extra=head)

    def export_json(self, path: str) -> Task | None:
        from repm_bids.gui import child_work

        return self.export(path, "JSON result", in_child=child_work.export_json)

    def export(
        self,
        path: str,
        what: str,
        write: Any = None,
        *,
        in_child: Callable[..., Path] | None = None,
        extra: Callable[[], tuple[Any, ...]] | None = None,
    ) -> Task | None:
        """Write the evaluation shown in the background; a message says how it went, `export_done` gives the path
        written, the error, or Cancelled. `write(evaluation, target, protected)` runs on the thread pool (what needs
        Qt, the PDF); `in_child(progress, cancel, pickled evaluation, target, protected, *extra())` in a child
        process, so that writing a large workbook never holds this process's interpreter."""
        if self.export_task is not None:
            self._status("An export is already running.")
            return None
        if self.w.evaluating:  # the export is of the evaluation the views are about to show
            self._status(f"The {what} is written as soon as the evaluation is ready.")
            self.w.when_evaluated(lambda: self.export(path, what, write, in_child=in_child, extra=extra))
            return None
        evaluation = self.w.session.evaluation()
        # here: the child-process machinery (multiprocessing) is loaded by the first export, not at start-up
        from repm_bids.gui.process_child import PickledOnce

        pickled = PickledOnce(evaluation)  # made once, for the export's child and the store's (when it needs one)
        # the audit trail's latest result is the one exported
        self.w.saved_flows.record_evaluated(now=True, pickled=pickled)
        target = Path(path)
        self.w.settings.remember_folder("export", target)

        saved = self.w.saved_flows.saved
        protected = [str(saved.path)] if saved is not None else []
        task: Task
        if in_child is None:

            def work(progress: Any, cancel: Any) -> Path:
                progress(0, 1, target.name)
                write(evaluation, target, protected)
                progress(1, 1, target.name)
                return target

            task = Task(work, f"export {what}")
        else:
            from repm_bids.gui.process_task import ProcessTask, leftovers_remover

            def prepare(progress: Any, cancel: Any) -> tuple[Any, ...]:
                progress(0, 1, target.name)
                return (pickled(), target, protected, *(extra() if extra else ()))

            task = ProcessTask(in_child, prepare, name=f"export {what}", cleanup=leftovers_remover(target))
        self.w.runner.start(
            task,
            on_result=lambda p: self._exported(p, what),
            on_error=lambda exc: self._export_failed(exc, target, what),
            on_cancelled=lambda: self._export_cancelled(target, what),
        )
        self.export_task = task
        self.w.progress.follow(task, f"Writing the {what}", cancellable=in_child is not None)
        return task

    def _export_cancelled(self, target: Path, what: str) -> None:
        from repm_bids.domain.progress import Cancelled

        self.export_task = None
        self._status(f"Cancelled: the {what} was not written; {target.name} is as it was.")
        self.export_done.emit(Cancelled())

    def _exported(self, path: Path, what: str) -> None:
        self.export_task = None
        if what == "award workbook":
            self.w.saved_flows.record_export(path)
        self._message(
            QMessageBox.Icon.Information,
            f"{what[:1].upper()}{what[1:]} written",
            f"The {what} was written to\n{path}",
            path.parent,
        )
        self._status(f"Wrote {path}")
        self.export_done.emit(path)

    def _export_failed(self, exc: BaseException, target: Path, what: str) -> None:
        from repm_bids.io.atomic import WriteFailed

        self.export_task = None
        if isinstance(exc, WriteFailed | OSError):
            self._message(QMessageBox.Icon.Warning, f"The {what} was not written", str(exc))
        else:
            self.w.unexpected(exc, f"writing the {what}")
        self.export_done.emit(exc)

    # -- scheme files ------------------------------------------------------------------------------------------------
    def ask_load_scheme(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w.window(), "Load a scheme file", self.w.settings.last_folder("scheme"), SCHEME_FILTER
        )
        if path:
            self.load_scheme(path)

    def load_scheme(self, path: str) -> bool:
        from repm_bids.io.scheme_file import SchemeFileError
        from repm_bids.services.evaluation import load_scheme_or_default

        self.w.settings.remember_folder("scheme", path)
        try:
            scheme = load_scheme_or_default(path)
        except SchemeFileError as exc:
            self._message(
                QMessageBox.Icon.Warning,
                "The scheme file cannot be used",
                f"{Path(path).name} was not loaded; the scheme is unchanged.\n\n" + "\n".join(exc.messages),
            )
            return False
        self.w.set_scheme(scheme, f"Load scheme file {Path(path).name}")
        self._status(f"Loaded the scheme from {Path(path).name}.")
        return True

    def ask_save_scheme(self) -> None:
        default = Path(self.w.settings.last_folder("scheme")) / "scheme.toml"
        path, _ = QFileDialog.getSaveFileName(self.w.window(), "Save the scheme file", str(default), SCHEME_FILTER)
        if path:
            self.save_scheme(path)

    def save_scheme(self, path: str) -> bool:
        from repm_bids.io.atomic import WriteFailed
        from repm_bids.io.scheme_file import write_scheme

        self.w.settings.remember_folder("scheme", path)
        try:
            write_scheme(path, self.w.session.scheme)
        except (WriteFailed, OSError) as exc:
            self._message(QMessageBox.Icon.Warning, "The scheme file was not written", str(exc))
            return False
        self._status(f"Saved the scheme to {path}.")
        return True
