"""None, True and False keep a reserve of references that calls into the bindings cannot use up."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

from repm_bids.gui.singletons import RESERVE, counts_singletons, keep_singletons


def test_a_window_gives_none_true_and_false_a_reserve_no_call_uses_up(qtbot, window):
    if not counts_singletons():
        assert not keep_singletons()  # immortal already: nothing to do
        return
    assert keep_singletons()  # given with the window's first guard; asking again gives nothing more
    for obj in (None, True, False):
        assert sys.getrefcount(obj) > RESERVE
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1_000):
        label.setText("a call that returns nothing")
    assert sys.getrefcount(None) > RESERVE - 1_000 and before - sys.getrefcount(None) <= 1_000
