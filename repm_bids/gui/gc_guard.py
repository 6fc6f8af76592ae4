"""Python's cyclic garbage collector runs in whichever thread happens to allocate. If it runs in a worker thread
and collects a cycle holding Qt wrappers, it destroys Qt objects off the GUI thread and the process crashes (seen
here: a segmentation fault during an import in the background). So while the application runs, automatic
collection is off and the GUI thread collects, generation by generation, from a timer — the same thresholds
Python uses, only always on the right thread.

Each collection holds this thread, so each is kept short. The timer looks every 50 ms and the middle generation is
collected after every second young collection (Python waits for ten), so each walks what the workers made in a tenth
of a second (opening 10,000 bids makes about a million objects: ten young collections' worth took 0.27 s). A full
collection waits while work runs in the thread pool (it would walk everything that work has made so far), and what
survives it is set aside with `gc.freeze()`, so the next one walks only what was made since; an evaluation made on a
worker is set aside as soon as it is installed (`set_aside`). The price: a reference cycle among objects set aside
is not collected when it becomes garbage. The evaluation's objects (bids, outcomes, rows) form no
cycles and are freed as soon as nothing refers to them, frozen or not (tests/gui/test_gc_guard.py shows it)."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from repm_bids.gui.singletons import keep_singletons

_GUARD_NAME = "repm_bids_gc_guard"
FULL_SPACING = 20  # a full collection at most once per twenty times its own duration: at most 5% of the time
MIDDLE_EVERY = 2  # the middle generation is collected after this many young collections


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 50) -> None:
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
        if c1 < MIDDLE_EVERY:
            gc.collect(0)
            return
        # A full collection walks every object (a tenth of a second and more with 10,000 bids evaluated), and
        # `gc.collect(2)` skips the rule by which Python itself makes them rare; so here it waits until FULL_SPACING
        # times its own last duration has passed. (Counting the objects with gc.get_objects is no way to do it: that
        # hands out objects other threads are still building, which then fail.)
        due = time.monotonic() - self.full_at >= FULL_SPACING * self.full_seconds
        if c2 > self.threshold[2] and due and QThreadPool.globalInstance().activeThreadCount() == 0:
            started = time.monotonic()
            gc.collect(2)
            gc.freeze()  # what survived lives on: the next full collection walks only what comes after it
            self.full_at = time.monotonic()
            self.full_seconds = self.full_at - started
            return
        gc.collect(1)

    def stop(self) -> None:
        """Back to Python's own collection (tests that go on without a window)."""
        self.timer.stop()
        gc.unfreeze()
        gc.collect()
        gc.enable()


def set_aside() -> None:
    """A new evaluation is installed (its bids, outcomes and rows made on a worker, a million objects at 10,000 bids):
    collect the youngest garbage and set every object alive now aside, so that no full collection walks them again.
    Cheap (no object is walked but the youngest); see the module's note on the price."""
    gc.collect(0)
    gc.freeze()


def install_gc_guard() -> MainThreadGarbageCollector | None:
    """Install the guard on the running QApplication once; returns it (None without an application). None, True
    and False get their reserve of references too (singletons.py): a guard of the same kind, for the bindings."""
    keep_singletons()
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
