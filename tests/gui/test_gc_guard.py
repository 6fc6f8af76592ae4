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


def test_full_collections_are_spaced_by_their_own_duration(qtbot, window, monkeypatch):
    """A full collection walks every object of the evaluation, so the guard makes it rare, as Python itself does."""
    from repm_bids.gui import gc_guard

    guard = install_gc_guard()
    collected: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: (guard.threshold[0] + 1, guard.threshold[1] + 1, 99))
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    now = [1000.0]
    monkeypatch.setattr(gc_guard.time, "monotonic", lambda: now[0])
    guard.full_seconds, guard.full_at = 0.5, 995.0  # the last one took half a second, five seconds ago
    guard.check()
    assert collected == [1]  # not yet: 20 × 0.5 s must pass
    now[0] = 1006.0
    guard.check()
    assert collected == [1, 2] and guard.full_at == 1006.0
