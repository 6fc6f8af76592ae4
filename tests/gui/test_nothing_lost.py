"""Nothing is ever lost: an untitled evaluation lives in a file from the first import, the title shows unsaved work,
leaving it asks Save / Discard / Cancel, the sample never enters an open saved evaluation, and the work of a killed
application is offered back on the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from repm_bids.domain.result import Status
from repm_bids.gui.main_window import MainWindow
from repm_bids.gui.untitled import left_behind
from repm_bids.services.samples import sample_paths
from repm_bids.services.saved import open_saved
from tests.gui.conftest import answer_with, import_and_wait

Button = QMessageBox.StandardButton


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def test_the_first_import_is_kept_in_an_untitled_file(qtbot, window, asked):
    assert not window.isWindowModified() and window.saved_flows.saved is None  # nothing to keep yet
    import_and_wait(qtbot, window, list(sample_paths()))
    window.saved_flows.flush()
    kept = window.saved_flows.saved.path
    assert kept.exists() and kept.parent.name == "untitled"
    assert window.isWindowModified() and window.shown_title().startswith("New evaluation*")
    window.record_decision("REPM-2026-005", False, "Not integrated")
    window.saved_flows.flush()
    assert window.saved_flows.saved.audit_entries()[-1].action == "decision_changed"
    assert asked == []


def test_the_first_import_is_kept_once_shown_with_the_changes_made_meanwhile(qtbot, window, asked):
    """The first import's untitled file is made after its evaluation is shown (not in competition with it); a
    change made before then is in the file, and a crash after it loses nothing."""
    flows = window.saved_flows
    import_and_wait(qtbot, window, list(sample_paths()))
    window.record_decision("REPM-2026-005", False, "Not integrated")  # maybe before the file is made
    qtbot.waitUntil(lambda: flows.saved is not None, timeout=10_000)  # made without anyone asking for it
    flows.flush()
    kept, writer = flows.saved.path, flows.writer
    assert kept.parent.name == "untitled" and left_behind() == [kept]
    writer.close()  # as a killed process would leave it
    writer.saved.close()
    flows.writer, flows.untitled_path = None, None
    saved, session = open_saved(kept, read_only=True)
    saved.close()
    assert len(session.parts) == 10 and session.decisions["REPM-2026-005"].remarks == "Not integrated"


def test_save_as_moves_the_work_to_the_named_file_and_removes_the_untitled_one(qtbot, demo, tmp_path):
    demo.saved_flows.flush()
    untitled = demo.saved_flows.saved.path
    demo.record_decision("REPM-2026-002", True, "")
    assert demo.saved_flows.save_as(str(tmp_path / "meeting.repm"))
    assert not untitled.exists() and left_behind() == []
    assert not demo.isWindowModified() and demo.shown_title() == "meeting.repm — repm-bids"
    demo.saved_flows.flush()
    actions = [e.action for e in demo.saved_flows.saved.audit_entries()]
    assert "decision_changed" in actions and actions[-1] == "saved_as"


def test_closing_with_unsaved_work_asks_and_cancel_keeps_the_window(qtbot, demo, asked):
    answer_with(Button.Cancel)
    event = QCloseEvent()
    demo.closeEvent(event)
    assert asked == ["Save the evaluation?"] and not event.isAccepted()
    demo.saved_flows.flush()
    assert demo.saved_flows.saved is not None and demo.saved_flows.saved.path.exists()


def test_closing_and_save_writes_the_named_file(qtbot, demo, asked, tmp_path, monkeypatch):
    target = tmp_path / "kept.repm"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    answer_with(Button.Save)
    demo.close()
    assert asked == ["Save the evaluation?"] and target.exists() and left_behind() == []
    saved, session = open_saved(target, read_only=True)
    saved.close()
    assert len(session.bids) == 10


def test_discard_deletes_the_untitled_file_and_new_starts_empty(qtbot, demo, asked):
    demo.saved_flows.flush()
    untitled = demo.saved_flows.saved.path
    demo.saved_flows.ask_new()  # the patched question answers Discard
    assert asked == ["Save the evaluation?"] and not untitled.exists()
    assert demo.session.parts == [] and demo.undo_stack.count() == 0 and not demo.isWindowModified()


def test_a_named_evaluation_closes_without_a_question(qtbot, demo, asked, tmp_path):
    demo.saved_flows.save_as(str(tmp_path / "named.repm"))
    demo.record_decision("REPM-2026-001", True, "")
    demo.close()
    assert asked == []


def test_the_sample_never_enters_an_open_saved_evaluation(qtbot, demo, asked, tmp_path):
    path = tmp_path / "thousand.repm"
    demo.saved_flows.save_as(str(path))
    demo.remove_file(demo.session.inputs[0])  # the saved file now holds 9 of the 10 sample files
    with qtbot.waitSignal(demo.files.import_done, timeout=20_000):
        demo.open_demo()
    assert asked == []  # a named file keeps everything: nothing to ask
    assert demo.shown_title() == "Sample evaluation* — repm-bids"
    assert demo.saved_flows.untitled and demo.evaluation.summary.bids_received == 10
    saved, session = open_saved(path, read_only=True)
    saved.close()
    assert len(session.parts) == 9 and not any(e.action == "imported_file" for e in saved_entries_after(path))


def saved_entries_after(path: Path):  # type: ignore[no-untyped-def]
    """The entries recorded after the file was saved under its name."""
    saved, _ = open_saved(path, read_only=True)
    try:
        entries = saved.audit_entries()
    finally:
        saved.close()
    start = max(i for i, e in enumerate(entries) if e.action == "saved_as")
    return entries[start:]


CHILD = """
import sys
from repm_bids.gui.app import make_app
from repm_bids.gui.main_window import MainWindow
from repm_bids.services.samples import sample_paths

app = make_app()
w = MainWindow()
w.show()

def imported(parts):
    w.record_decision("REPM-2026-005", False, "Oxide-to-metal stage not shown")
    w.saved_flows.flush()  # stored a few milliseconds after the change, on the writer's thread
    print("ready", flush=True)

w.files.import_done.connect(imported)
w.files.import_paths([str(p) for p in sample_paths()])
app.exec()
"""


def test_work_of_a_killed_application_is_recovered_on_the_next_start(qtbot, tmp_path, settings, asked):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True)
    watchdog = threading.Timer(120, child.kill)  # a child that never gets ready ends the read with EOF
    watchdog.start()
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.send_signal(signal.SIGKILL)  # mid-work: no closeEvent, no clean shutdown
        child.wait(30)
        watchdog.cancel()
    assert len(left_behind()) == 1

    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    answer_with(Button.Open)
    assert window.saved_flows.offer_recovery()
    assert asked == ["Recover unsaved work?"]
    assert window.shown_title() == "Recovered evaluation* — repm-bids"
    assert window.evaluation.summary.bids_received == 10
    assert window.evaluation.outcome_for("REPM-2026-005").status is Status.NON_RESPONSIVE
    assert window.session.decisions["REPM-2026-005"].remarks == "Oxide-to-metal stage not shown"
    window.saved_flows.leave()


def test_recovery_discard_deletes_the_left_file(qtbot, window, asked, settings):
    import_and_wait(qtbot, window, list(sample_paths()))
    flows = window.saved_flows
    flows.flush()
    kept, writer = flows.saved.path, flows.writer
    writer.close()  # as a killed process would leave it: the file, no lock, nothing deleted
    writer.saved.close()
    flows.writer, flows.untitled_path = None, None
    other = MainWindow(settings=settings)
    qtbot.addWidget(other)
    assert not other.saved_flows.offer_recovery()  # the patched question answers Discard
    assert asked == ["Recover unsaved work?"] and not kept.exists()
