"""Python's garbage collection happens on the GUI thread only while the window lives."""

from __future__ import annotations

import gc

from repm_bids.gui.gc_guard import install_gc_guard


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


def test_old_objects_are_frozen_and_the_whole_heap_is_collected_only_when_it_has_grown(qtbot, window, monkeypatch):
    """Walking every object of a large evaluation takes a second: an old-generation collection walks what has lived
    since the last one and freezes it; the whole heap waits until it has grown by a quarter, as Python itself does,
    and for twenty times the last one's duration."""
    from repm_bids.gui import gc_guard

    guard = install_gc_guard()
    calls: list[str] = []
    frozen = [1000]
    monkeypatch.setattr(gc, "get_count", lambda: (guard.threshold[0] + 1, guard.threshold[1] + 1, 99))
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(f"collect {generation}") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(gc, "get_freeze_count", lambda: frozen[0])
    now = [1000.0]
    monkeypatch.setattr(gc_guard.time, "monotonic", lambda: now[0])
    guard.full_seconds, guard.full_at, guard.frozen_after_full = 0.5, 900.0, 1000

    guard.check()  # the heap has not grown: the unfrozen objects only
    assert calls == ["collect 2", "freeze"]

    calls.clear()
    frozen[0] = 1300  # grown by more than a quarter, and long after the last whole collection
    guard.check()
    assert calls == ["unfreeze", "collect 2", "freeze"]
    assert guard.full_at == 1000.0 and guard.frozen_after_full == 1300

    calls.clear()
    frozen[0] = 2000
    guard.full_seconds = 0.5
    now[0] = 1005.0  # grown again, but 20 x 0.5 s have not passed
    guard.check()
    assert calls == ["collect 2", "freeze"]
    now[0] = 1011.0
    calls.clear()
    guard.check()
    assert calls == ["unfreeze", "collect 2", "freeze"]


def test_young_objects_are_collected_without_touching_the_old(qtbot, window, monkeypatch):
    guard = install_gc_guard()
    calls: list[str] = []
    counts = [(guard.threshold[0] + 1, 0, 0)]
    monkeypatch.setattr(gc, "get_count", lambda: counts[0])
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(f"collect {generation}") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    guard.check()
    counts[0] = (guard.threshold[0] + 1, guard.threshold[1] + 1, 0)
    guard.check()
    counts[0] = (1, 0, 0)
    guard.check()
    assert calls == ["collect 0", "collect 1"]
