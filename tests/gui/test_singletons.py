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


def test_the_installed_bindings_do_not_take_references_from_none():
    """The package does not take a PySide6 that does (6.12 on Python 3.11): in a fresh process, without the
    reserve, a thousand calls that return nothing leave None's reference count where it was."""
    import os
    import subprocess

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(1000):\n"
        "    label.setText('a call that returns nothing')\n"
        "print(before - sys.getrefcount(None), flush=True)\n"
        "import os; os._exit(0)  # no clean-up: with such bindings it would abort on None\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    taken = int(out.stdout.split()[-1])
    assert taken < 100, f"{taken} references to None taken by 1,000 calls: this PySide6 aborts a long session"
