"""Python's garbage collection happens on the GUI thread only while the window lives."""

from __future__ import annotations

import gc

from PySide6.QtCore import QThreadPool

from repm_bids.gui.bids_model import bid_rows
from repm_bids.gui.gc_guard import install_gc_guard, set_aside
from repm_bids.services.samples import sample_paths
from repm_bids.services.session import EvaluationSession


def test_window_turns_automatic_collection_off_and_collects_on_the_gui_thread(qtbot, window):
    assert not gc.isenabled()
    guard = install_gc_guard()
    assert guard is install_gc_guard()  # one per application

    class Cycle:
        pass

    for _ in range(guard.threshold[0] * 3):
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
    before = gc.get_count()[0]
    assert before > guard.threshold[0]
    qtbot.waitUntil(lambda: gc.get_count()[0] < before, timeout=3000)


def test_full_collections_are_spaced_by_their_own_duration(qtbot, window, monkeypatch):
    """A full collection walks every object of the evaluation, so the guard makes it rare, as Python itself does."""
    from repm_bids.gui import gc_guard

    guard = install_gc_guard()
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)
    collected: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: (guard.threshold[0] + 1, guard.threshold[1] + 1, 99))
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "freeze", lambda: collected.append(-1))
    now = [1000.0]
    monkeypatch.setattr(gc_guard.time, "monotonic", lambda: now[0])
    guard.full_seconds, guard.full_at = 0.5, 995.0  # the last one took half a second, five seconds ago
    guard.check()
    assert collected == [1]  # not yet: 20 × 0.5 s must pass
    now[0] = 1006.0
    guard.check()
    assert collected == [1, 2, -1] and guard.full_at == 1006.0  # and what survived it is set aside


def test_a_full_collection_sets_the_survivors_aside_and_still_collects_what_comes_after(qtbot, window, monkeypatch):
    """After a full collection the objects alive are frozen (no later collection walks them again); a cycle made
    afterwards is still collected."""
    import weakref

    guard = install_gc_guard()
    guard.timer.stop()  # this test calls check() itself
    counts = [(guard.threshold[0] + 1, guard.threshold[1] + 1, guard.threshold[2] + 1)]
    monkeypatch.setattr(gc, "get_count", lambda: counts[0])

    class Cycle:
        pass

    try:
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)
        guard.full_seconds = 0.0
        guard.check()
        assert gc.get_freeze_count() > 0
        a, b = Cycle(), Cycle()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None  # garbage, not collected yet (collection is off)
        guard.full_seconds = 0.0
        guard.check()
        assert gone() is None
    finally:
        gc.unfreeze()
        guard.timer.start()


def test_set_aside_freezes_what_is_alive(qtbot, window):
    set_aside()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_an_evaluation_and_its_rows_leave_no_cycles_behind(qtbot, window):
    """What the freeze relies on: the evaluation's objects are freed when nothing refers to them, without a
    collection, so setting them aside while they live never keeps them once replaced."""
    session = EvaluationSession()
    session.import_paths(sample_paths())
    gc.collect()
    evaluation = session.evaluation()
    rows = bid_rows(evaluation, session.decisions)
    assert rows
    del evaluation, rows
    session.invalidate()
    assert gc.collect() == 0


def test_no_full_collection_while_work_runs_in_the_thread_pool(qtbot, window, monkeypatch):
    """A full collection would walk everything the work has made so far; it waits until the pool is idle."""
    import threading

    guard = install_gc_guard()
    collected: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: (guard.threshold[0] + 1, guard.threshold[1] + 1, 99))
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    monkeypatch.setattr(gc, "freeze", lambda: collected.append(-1))
    guard.timer.stop()  # this test calls check() itself
    guard.full_seconds = 0.0
    release = threading.Event()
    QThreadPool.globalInstance().start(lambda: release.wait(10))
    try:
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() > 0, timeout=5000)
        guard.check()
        assert collected == [1]  # the middle generation only
        release.set()
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)
        guard.full_at = 0.0
        guard.check()
        assert collected == [1, 2, -1]
    finally:
        release.set()
        guard.timer.start()
