"""The status-bar panel that shows a running task: what it is doing, "n of N", a progress bar and Cancel (Esc)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from repm_bids.gui.tasks import Task


class ProgressPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Progress")
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress of the running task")
        self.bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel the running task")
        self.cancel.setShortcut("Esc")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.task: Task | None = None
        self.cancel.clicked.connect(self._cancel)
        self.hide()

    def follow(self, task: Task, what: str, cancellable: bool = True) -> None:
        self.task = task
        self.what = what
        self.label.setText(f"{what}…")
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel.setVisible(cancellable)
        self.cancel.setEnabled(True)
        # Each connection names its task: a task followed before may report or finish after this one was followed
        # (its signals are queued from its thread), and must neither relabel nor hide this one's Cancel.
        task.signals.progress.connect(partial(self._progress, task))
        task.signals.finished.connect(partial(self._finished, task))
        self.show()

    def _progress(self, task: Task, done: int, total: int, message: str) -> None:
        if task is not self.task:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(f"{done} of {total}")
        name = f": {message}" if message else ""
        self.label.setText(f"{self.what} ({done} of {total}){name}" if total else f"{self.what}…")

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel.setEnabled(False)
            self.label.setText(f"{self.what}: cancelling…")

    def _finished(self, task: Task) -> None:
        if task is not self.task:
            return
        self.task = None
        self.hide()
