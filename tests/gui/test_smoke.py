"""The install check that CI runs from the wheel and the desktop bundle: it passes on a good install and names
what went wrong otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QtMsgType

from repm_bids.gui.smoke import _Errors


def test_the_smoke_check_opens_the_sample_exports_and_verifies_and_exits_0(tmp_path):
    """Also: work a crashed session left behind is neither offered (nobody is there to answer) nor touched."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    left = tmp_path / "data" / "repm-bids" / "repm-bids" / "untitled" / "untitled-20261201-101010-1.repm"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"work of a session that crashed")
    out = subprocess.run(
        [sys.executable, "-m", "repm_bids.gui.smoke"], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "passed" in out.stdout and "sample bids read: 10 of 10; awarded: 5" in out.stdout
    assert "award workbook written: True; verified: True" in out.stdout
    assert [p.name for p in left.parent.iterdir()] == [left.name]  # the check's own untitled file is gone too
    assert left.read_bytes() == b"work of a session that crashed"


def test_qt_warnings_count_as_errors_but_the_offscreen_platforms_own_notes_do_not():
    errors = _Errors()
    errors.qt_message(QtMsgType.QtWarningMsg, None, "This plugin does not support propagateSizeHints()")
    errors.qt_message(QtMsgType.QtDebugMsg, None, "a debug line")
    assert errors.seen == []
    errors.qt_message(QtMsgType.QtWarningMsg, None, "Cannot open file 'x.svg'")
    assert errors.seen == ["Qt: Cannot open file 'x.svg'"]
