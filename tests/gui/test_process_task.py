"""Work in a child process (`gui/process_task.py`): its progress, result, error and cancellation reach the window
through the same signals as a thread's task; cancelling leaves no partial file; the export and Verify run there and
give the same files and the same audit entries as before."""

from __future__ import annotations

import os
import pickle

import pytest

from repm_bids.domain.progress import Cancelled
from repm_bids.gui.process_child import BACKGROUND_NICENESS, PickledOnce, dumps
from repm_bids.gui.process_task import ChildDied, ProcessTask
from repm_bids.gui.tasks import TaskRunner
from repm_bids.io.atomic import WriteFailed
from tests.gui import child_helpers


def run(qtbot, task: ProcessTask, timeout: int = 60_000) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    got: dict[str, list[object]] = {"progress": [], "result": [], "error": [], "cancelled": []}
    runner = TaskRunner()
    with qtbot.waitSignal(task.signals.finished, timeout=timeout):
        runner.start(
            task,
            on_progress=lambda *a: got["progress"].append(a),
            on_result=got["result"].append,
            on_error=got["error"].append,
            on_cancelled=lambda: got["cancelled"].append(True),
        )
    return got


def test_the_work_runs_in_another_process_and_its_progress_and_result_arrive(qtbot):
    task = ProcessTask(child_helpers.whose, lambda progress, cancel: ("hello",), name="whose")
    got = run(qtbot, task)
    (pid, tag), *_ = got["result"]
    assert tag == "hello"
    assert pid != os.getpid() and pid == task.pid
    assert got["progress"] == [(1, 2, "first"), (2, 2, "second")]
    assert not got["error"] and not got["cancelled"]


def test_an_error_arrives_as_the_same_exception_with_the_childs_traceback(qtbot):
    got = run(qtbot, ProcessTask(child_helpers.fails, lambda progress, cancel: ("the disk is full",)))
    (exc,) = got["error"]
    assert isinstance(exc, WriteFailed)
    assert str(exc) == "the disk is full"
    assert any("child_helpers.py" in note for note in exc.__notes__)
    assert not got["result"]


def test_a_child_that_dies_is_an_error_not_a_hang(qtbot):
    got = run(qtbot, ProcessTask(child_helpers.dies))
    (exc,) = got["error"]
    assert isinstance(exc, ChildDied)
    assert "exit code 3" in str(exc)


def test_an_error_while_preparing_arrives_and_no_child_starts(qtbot):
    def prepare(progress, cancel):  # type: ignore[no-untyped-def]
        raise ValueError("nothing to send")

    cleaned: list[bool] = []
    task = ProcessTask(child_helpers.whose, prepare, cleanup=lambda: cleaned.append(True))
    got = run(qtbot, task)
    assert isinstance(got["error"][0], ValueError)
    assert task.pid is None and cleaned == [True]


def test_cancel_stops_the_child_mid_write_and_leaves_no_partial_file(qtbot, tmp_path):
    target = tmp_path / "award.xlsx"
    cleaned: list[bool] = []
    task = ProcessTask(
        child_helpers.writes_forever, lambda progress, cancel: (target,), cleanup=lambda: cleaned.append(True)
    )
    task.signals.progress.connect(lambda *a: task.cancel())  # once the write has begun
    got = run(qtbot, task)
    assert got["cancelled"] == [True]
    assert not got["result"] and not got["error"]
    assert list(tmp_path.iterdir()) == []  # neither the target nor the write's temporary file
    assert cleaned == [True]
    with pytest.raises(ProcessLookupError):
        os.kill(task.pid, 0)  # the child has ended (and was reaped)


def test_the_evaluation_handed_over_is_the_same_evaluation(demo):
    from repm_bids.domain.report import result_sha256

    evaluation = demo.session.evaluation()
    again = pickle.loads(dumps(evaluation))
    assert repr(again) == repr(evaluation)  # not ==: a check's figures may be NaN, never equal to a copy of itself
    assert result_sha256(again) == result_sha256(evaluation)


def test_an_evaluation_pickled_once_is_the_same_bytes_for_every_thread_that_asks(demo, monkeypatch):
    """An export and the store's writer share one pickle: made by the first to ask, the other waits and reuses it."""
    import threading

    from repm_bids.gui import process_child

    evaluation = demo.session.evaluation()
    made: list[object] = []
    real = process_child.dumps
    monkeypatch.setattr(process_child, "dumps", lambda value: made.append(value) or real(value))
    pickled = PickledOnce(evaluation)
    got: list[bytes] = []
    threads = [threading.Thread(target=lambda: got.append(pickled())) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert made == [evaluation]
    assert got == [real(evaluation)] * 3
    assert repr(pickle.loads(got[0])) == repr(evaluation)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this system")
def test_the_child_gives_way_to_the_window(qtbot):
    """A child works at a lower priority than the window's process, so that it never keeps the window waiting for
    a processor."""
    got = run(qtbot, ProcessTask(child_helpers.niceness, name="niceness"))
    assert got["result"] == [min(os.nice(0) + BACKGROUND_NICENESS, 19)]


def test_the_award_workbook_written_in_the_child_has_the_same_bytes(demo, tmp_path):
    from repm_bids.gui.child_work import export_award
    from repm_bids.services.evaluation import export_award as direct

    evaluation = demo.session.evaluation()
    direct(evaluation, tmp_path / "direct.xlsx", [], trail_head="f" * 64)
    assert export_award(lambda *a: None, None, dumps(evaluation), tmp_path / "child.xlsx", [], "f" * 64)
    assert (tmp_path / "child.xlsx").read_bytes() == (tmp_path / "direct.xlsx").read_bytes()


def test_export_from_the_window_writes_the_same_json_as_before(qtbot, demo, tmp_path):
    from repm_bids.services.evaluation import export_json

    target = tmp_path / "result.json"
    with qtbot.waitSignal(demo.files.export_done, timeout=60_000) as written:
        task = demo.files.export_json(str(target))
    assert written.args[0] == target
    assert isinstance(task, ProcessTask) and task.pid != os.getpid()
    export_json(demo.session.evaluation(), tmp_path / "direct.json")
    assert target.read_bytes() == (tmp_path / "direct.json").read_bytes()


def test_cancelling_an_export_writes_nothing_and_says_so(qtbot, demo, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=60_000) as done:
        task = demo.files.export_award(str(target))
        assert demo.progress.cancel.isVisible()  # Cancel is offered
        task.cancel()
    assert isinstance(done.args[0], Cancelled)
    assert demo.files.export_task is None
    assert list(folder.iterdir()) == []
    assert "was not written" in demo.statusBar().currentMessage()


def test_verify_runs_on_a_copy_in_a_child_and_is_recorded_once(qtbot, demo, tmp_path):
    flows = demo.saved_flows
    book = tmp_path / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=60_000):
        demo.files.export_award(str(book))
    flows.flush()
    before = [e.action for e in flows.saved.audit_entries()]
    started: list[ProcessTask] = []
    demo.runner.started.connect(started.append)
    report = demo.verify_flow.verify(str(book))
    flows.flush()
    assert report.ok, report.differences
    assert isinstance(started[-1], ProcessTask) and started[-1].pid != os.getpid()
    assert [e.action for e in flows.saved.audit_entries()] == [*before, "verified"]
    assert demo.verify_flow.last_message.windowTitle() == "Verify: the workbook matches"


def test_verify_cancelled_records_nothing_and_leaves_no_copy(qtbot, demo, tmp_path, monkeypatch):
    import tempfile

    from PySide6.QtCore import QTimer

    flows = demo.saved_flows
    book = tmp_path / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=60_000):
        demo.files.export_award(str(book))
    flows.flush()
    before = flows.saved.audit_entries()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    cancelled: list[object] = []

    def cancel_verify() -> None:
        """Cancel Verify's own task once the window follows it (the store may be flushed first, in another task)."""
        task = demo.progress.task
        if task is not None and task.name == "verify" and not cancelled:
            task.cancel()
            cancelled.append(task)
            timer.stop()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(cancel_verify)
    timer.start()  # while Verify waits for its task
    assert demo.verify_flow.verify(str(book)) is None
    timer.stop()
    assert len(cancelled) == 1
    flows.flush()
    assert flows.saved.audit_entries() == before
    assert list((tmp_path / "scratch").iterdir()) == []
    assert "cancelled" in demo.statusBar().currentMessage()
