"""Python's cyclic garbage collector runs in whichever thread happens to allocate. If it runs in a worker thread
and collects a cycle holding Qt wrappers, it destroys Qt objects off the GUI thread and the process crashes (seen
here: a segmentation fault during an import in the background). So while the application runs, automatic
collection is off and the GUI thread collects, generation by generation, from a timer — the same thresholds
Python uses, only always on the right thread."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

_GUARD_NAME = "repm_bids_gc_guard"


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.setObjectName(_GUARD_NAME)
        self.threshold = gc.get_threshold()
        self.long_lived_total = 0  # objects in the oldest generation after the last full collection
        self.long_lived_pending = 0  # objects moved into it since
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
        # Python's own rule for a full collection, which `gc.collect(2)` skips: only once the objects moved into the
        # oldest generation since the last one are a quarter of those it holds. Without it, every full collection
        # walks every object of a 10,000-bid evaluation (a tenth of a second and more) many times a minute.
        if c2 > self.threshold[2] and self.long_lived_pending > self.long_lived_total // 4:
            gc.collect(2)
            self.long_lived_total = len(gc.get_objects(2))
            self.long_lived_pending = 0
            return
        self.long_lived_pending += len(gc.get_objects(0)) + len(gc.get_objects(1))  # the survivors move up
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
