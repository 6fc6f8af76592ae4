"""The install check that CI runs from the wheel and the desktop bundle: it passes on a good install and names
what went wrong otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QtMsgType

from repm_bids.gui.smoke import _Errors


def test_the_smoke_check_opens_the_sample_and_exits_0(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    out = subprocess.run(
        [sys.executable, "-m", "repm_bids.gui.smoke"], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "passed" in out.stdout and "sample bids read: 10 of 10; awarded: 5" in out.stdout


def test_qt_warnings_count_as_errors_but_the_offscreen_platforms_own_notes_do_not():
    errors = _Errors()
    errors.qt_message(QtMsgType.QtWarningMsg, None, "This plugin does not support propagateSizeHints()")
    errors.qt_message(QtMsgType.QtDebugMsg, None, "a debug line")
    assert errors.seen == []
    errors.qt_message(QtMsgType.QtWarningMsg, None, "Cannot open file 'x.svg'")
    assert errors.seen == ["Qt: Cannot open file 'x.svg'"]
