"""Python's cyclic garbage collector runs in whichever thread happens to allocate. If it runs in a worker thread
and collects a cycle holding Qt wrappers, it destroys Qt objects off the GUI thread and the process crashes (seen
here: a segmentation fault during an import in the background). So while the application runs, automatic
collection is off and the GUI thread collects, generation by generation, from a timer — the same thresholds
Python uses, only always on the right thread, and the long-lived objects frozen between whole-heap collections."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

_GUARD_NAME = "repm_bids_gc_guard"
FULL_SPACING = 20  # a whole-heap collection at most once per twenty times its own duration: at most 5% of the time
GROWTH = 1.25  # ... and only once the long-lived objects have grown by a quarter since the last (Python's own rule)


class MainThreadGarbageCollector(QObject):
    """Young collections every `interval_ms` when due (often, so each is short: a worker makes tens of thousands of
    objects in a quarter of a second). An old-generation collection walks only what is not frozen, the objects that
    have lived since the last one, and then freezes them (`gc.freeze`): an evaluation of 10,000 bids is about 700,000
    long-lived objects, a second and more to walk on the GUI thread. Those frozen objects are still freed as soon as
    nothing refers to them; only a cycle among them waits for the whole-heap collection, which runs as rarely as
    Python itself would run it (GROWTH) and never more than 5% of the time (FULL_SPACING)."""

    def __init__(self, parent: QObject, interval_ms: int = 50) -> None:
        super().__init__(parent)
        self.setObjectName(_GUARD_NAME)
        self.threshold = gc.get_threshold()
        self.full_seconds = 0.0  # how long the last whole-heap collection took
        self.full_at = time.monotonic()  # when it ended
        self.frozen_after_full = 0  # long-lived objects right after it
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
        if c2 <= self.threshold[2]:
            gc.collect(1)
            return
        if self._whole_heap_due():
            started = time.monotonic()
            gc.unfreeze()
            gc.collect(2)
            gc.freeze()
            self.full_at = time.monotonic()
            self.full_seconds = self.full_at - started
            self.frozen_after_full = gc.get_freeze_count()
            return
        gc.collect(2)  # the unfrozen objects only
        gc.freeze()

    def _whole_heap_due(self) -> bool:
        # (Counting the objects with gc.get_objects is no way to do it: that hands out objects other threads are still
        # building, which then fail; the frozen count costs nothing.)
        grown = gc.get_freeze_count() > GROWTH * self.frozen_after_full
        return grown and time.monotonic() - self.full_at >= FULL_SPACING * self.full_seconds

    def stop(self) -> None:
        """Back to Python's own collection (tests that go on without a window)."""
        self.timer.stop()
        gc.unfreeze()
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
