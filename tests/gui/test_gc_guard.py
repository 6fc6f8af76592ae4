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


def test_a_full_collection_waits_until_a_quarter_of_the_old_objects_are_new(qtbot, window, monkeypatch):
    """As Python's own collector does: a full collection walks every object of the evaluation, so it is rare."""
    guard = install_gc_guard()
    collected: list[int] = []
    monkeypatch.setattr(gc, "get_count", lambda: (guard.threshold[0] + 1, guard.threshold[1] + 1, 99))
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    guard.long_lived_total, guard.long_lived_pending = 4_000_000, 0
    guard.check()
    assert collected == [1] and guard.long_lived_pending > 0  # the young survivors moved up and are counted
    guard.long_lived_pending = 1_000_001
    guard.check()
    assert collected == [1, 2] and guard.long_lived_pending == 0
