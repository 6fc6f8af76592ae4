"""Saved evaluations in the application: New, Save As, Open (recent), the audit trail view with its chain status,
recording exports, and Verify."""

from __future__ import annotations

import sqlite3

import pytest

from repm_bids.domain.result import Status
from repm_bids.gui.main_window import AUDIT_TAB, MainWindow
from repm_bids.services.samples import sample_paths
from tests.gui.conftest import import_and_wait


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def test_save_as_then_every_change_is_in_the_audit_trail(qtbot, demo, tmp_path):
    path = tmp_path / "meeting.repm"
    assert demo.saved_flows.save_as(str(path))
    assert demo.shown_title() == "meeting.repm — repm-bids"
    demo.record_decision("REPM-2026-001", False, "Not integrated")
    demo.tabs.setCurrentIndex(AUDIT_TAB)  # the trail is read once the writer has stored the change
    qtbot.waitUntil(lambda: "decision_changed" in [e.action for e in demo.audit.model.rows], timeout=10_000)
    actions = [e.action for e in demo.audit.model.rows]
    assert actions[0] == "created" and "decision_changed" in actions
    assert "Chain intact" in demo.audit.chain.text()
    demo.audit.search.setText("not integrated")
    assert demo.audit.proxy.rowCount() == 1
    assert demo.settings.recent("saved")[0] == str(path.resolve())


def test_new_open_and_reopen_gives_the_same_result(qtbot, window, tmp_path):
    path = tmp_path / "new.repm"
    assert window.saved_flows.new(str(path))
    import_and_wait(qtbot, window, [str(p) for p in sample_paths()])
    window.record_decision("REPM-2026-002", False, "Bid security not in the prescribed form")
    awarded = window.evaluation.summary.capacity_awarded
    window.saved_flows.close()
    other = MainWindow(settings=window.settings)
    qtbot.addWidget(other)
    try:
        assert other.open_saved(str(path))
        assert other.evaluation.summary.bids_received == 10
        assert other.evaluation.summary.capacity_awarded == awarded
        assert other.evaluation.outcome_for("REPM-2026-002").status is Status.NON_RESPONSIVE
        assert other.undo_stack.count() == 0
    finally:
        other.saved_flows.close()


def test_a_file_open_elsewhere_is_refused_with_a_message(qtbot, demo, tmp_path, settings):
    path = tmp_path / "busy.repm"
    demo.saved_flows.save_as(str(path))
    other = MainWindow(settings=settings)
    qtbot.addWidget(other)
    assert not other.open_saved(str(path))
    assert "open in another" in other.saved_flows.last_message.text()


def test_a_tampered_trail_shows_a_broken_chain(qtbot, demo, tmp_path):
    path = tmp_path / "tamper.repm"
    demo.saved_flows.save_as(str(path))
    demo.record_decision("REPM-2026-001", True, "")
    demo.saved_flows.close()
    db = sqlite3.connect(path)  # someone editing the file behind the program's back
    with db:
        db.execute("drop trigger audit_no_update")
        db.execute("update audit set user = 'someone else' where rowid = 1")
    db.close()
    assert demo.open_saved(str(path))
    demo.tabs.setCurrentIndex(AUDIT_TAB)
    assert "Chain broken" in demo.audit.chain.text()


def test_export_is_recorded_and_verify_accepts_the_workbook(qtbot, technical, tmp_path):
    demo = technical  # the technical stage's export, verified against the saved evaluation
    demo.saved_flows.save_as(str(tmp_path / "v.repm"))
    book = tmp_path / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=30_000):
        demo.files.export_award(str(book))
    report = demo.verify_flow.verify(str(book))
    assert report.ok, report.differences
    assert any("was exported at entry" in n for n in report.notes)
    assert demo.verify_flow.last_message.windowTitle() == "Verify: the workbook matches"
    # the window still holds the file and keeps recording
    demo.record_decision("REPM-2026-003", True, "")
    demo.saved_flows.flush()
    assert demo.saved_flows.saved.audit_entries()[-1].action == "decision_changed"


def test_run_gui_opens_a_saved_evaluation(qtbot, demo, tmp_path):
    from repm_bids.gui.app import start_window

    path = tmp_path / "start.repm"
    demo.saved_flows.save_as(str(path))
    demo.saved_flows.close()
    window = start_window([], saved=str(path))
    qtbot.addWidget(window)
    try:
        assert window.shown_title() == "start.repm — repm-bids"
        assert window.evaluation.summary.bids_received == 10
    finally:
        window.saved_flows.close()


def test_the_member_can_set_the_name_recorded(qtbot, demo, tmp_path):
    demo.saved_flows.save_as(str(tmp_path / "who.repm"))
    demo.saved_flows.set_user("A. K. Sharma (Member Secretary)")
    demo.record_decision("REPM-2026-004", True, "")
    demo.saved_flows.flush()
    assert demo.saved_flows.saved.audit_entries()[-1].user == "A. K. Sharma (Member Secretary)"
    dialog = demo.saved_flows.ask_user()
    assert dialog.textValue() == "A. K. Sharma (Member Secretary)"
    dialog.reject()


def test_waiting_for_work_that_finished_before_the_wait_began_returns(qtbot, window, monkeypatch):
    """A quick task (a file refused at once) can finish before the caller starts waiting; the wait must still end."""
    from PySide6.QtCore import QTimer

    runner = window.runner
    start = runner.start

    started = []

    def start_and_finish(*args, **kwargs):  # type: ignore[no-untyped-def]
        task = start(*args, **kwargs)
        runner.pool.waitForDone(10_000)  # the worker is done before the caller gets the task back
        started.append(task)
        return task

    monkeypatch.setattr(runner, "start", start_and_finish)
    stuck: list[bool] = []

    def rescue() -> None:  # only if the wait missed the end: unblock it so the test fails instead of hanging
        stuck.append(True)
        for task in started:
            task.signals.finished.emit()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(rescue)
    timer.start(10_000)
    try:
        assert window.saved_flows.wait_for(lambda progress, cancel: 42, "A quick piece of work") == 42
    finally:
        timer.stop()  # never fires into a later test
    assert not stuck


def test_opening_builds_the_bids_table_rows_off_the_gui_thread(qtbot, window, tmp_path, monkeypatch):
    """Open hands the window the table's rows made on its worker with the evaluation: none on the GUI thread."""
    import threading

    from repm_bids.gui import bids_model, main_window

    path = tmp_path / "rows.repm"
    assert window.saved_flows.new(str(path))
    import_and_wait(qtbot, window, [str(p) for p in sample_paths()])
    window.record_decision("REPM-2026-002", False, "Bid security not in the prescribed form")
    window.saved_flows.close()
    built_on: list[str] = []
    rows_of = bids_model.bid_rows

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        built_on.append(threading.current_thread().name)
        return rows_of(*args, **kwargs)

    monkeypatch.setattr(bids_model, "bid_rows", spy)
    monkeypatch.setattr(main_window, "bid_rows", spy)
    other = MainWindow(settings=window.settings)
    qtbot.addWidget(other)
    try:
        other.tabs.setCurrentIndex(main_window.BIDS_TAB)
        built_on.clear()  # the empty window's own rows
        assert other.saved_flows.open(str(path))
        assert built_on and threading.main_thread().name not in built_on
        assert other.bids.model.rowCount() == 10
        row = next(r for r in other.bids.model.rows if r.outcome.bid_ref == "REPM-2026-002")
        assert row.decision is not None and row.decision_text  # the stored decision is shown
        assert other.bids.model.rows[0].outcome in other.evaluation.outcomes  # rows of the evaluation shown
    finally:
        other.saved_flows.close()
