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
