"""Python's cyclic garbage collector runs in whichever thread happens to allocate. If it runs in a worker thread
and collects a cycle holding Qt wrappers, it destroys Qt objects off the GUI thread and the process crashes (seen
here: a segmentation fault during an import in the background). So while the application runs, automatic
collection is off and the GUI thread collects, generation by generation, from a timer — the same thresholds
Python uses, only always on the right thread."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

_GUARD_NAME = "repm_bids_gc_guard"
FULL_SPACING = 20  # a full collection at most once per twenty times its own duration: at most 5% of the time


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.setObjectName(_GUARD_NAME)
        self.threshold = gc.get_threshold()
        self.full_seconds = 0.0  # how long the last full collection took
        self.full_at = time.monotonic()  # when it ended
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.timer.start()

    def check(self) -> None:
        c0, c1, c2 = gc.get_count()
        if c0 <= self.threshold[0]:
            return
        if c1 <= self.threshold[1]:
            gc.collect(0)
            return
        # A full collection walks every object (a tenth of a second and more with 10,000 bids evaluated), and
        # `gc.collect(2)` skips the rule by which Python itself makes them rare; so here it waits until FULL_SPACING
        # times its own last duration has passed. (Counting the objects with gc.get_objects is no way to do it: that
        # hands out objects other threads are still building, which then fail.)
        due = time.monotonic() - self.full_at >= FULL_SPACING * self.full_seconds
        if c2 > self.threshold[2] and due:
            started = time.monotonic()
            gc.collect(2)
            self.full_at = time.monotonic()
            self.full_seconds = self.full_at - started
            return
        gc.collect(1)

    def stop(self) -> None:
        """Back to Python's own collection (tests that go on without a window)."""
        self.timer.stop()
        gc.collect()
        gc.enable()


def install_gc_guard() -> MainThreadGarbageCollector | None:
    """Install the guard on the running QApplication once; returns it (None without an application)."""
    app = QApplication.instance()
    if app is None:
        return None
    existing = app.findChild(MainThreadGarbageCollector, _GUARD_NAME)
    if existing is not None:
        if not existing.timer.isActive():
            gc.disable()
            existing.timer.start()
        return existing
    return MainThreadGarbageCollector(app)
