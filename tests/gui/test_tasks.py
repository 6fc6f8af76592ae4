"""The background-task helper: result, error, progress and cancel come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from repm_bids.gui.tasks import TaskRunner


def test_result_and_progress_are_delivered_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui = QThread.currentThread()
    seen: list[tuple[int, int, str, bool]] = []
    worker_thread: list[int] = []

    def work(progress, cancel):
        worker_thread.append(threading.get_ident())
        for i in range(3):
            progress(i, 3, f"file {i}")
        return 42

    results: list[object] = []
    runner.start(
        work,
        on_result=results.append,
        on_progress=lambda d, t, m: seen.append((d, t, m, QThread.currentThread() is gui)),
    )
    qtbot.waitUntil(lambda: results == [42])
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert all(on_gui for *_, on_gui in seen)
    assert worker_thread[0] != threading.get_ident()
    qtbot.waitUntil(lambda: not runner.running)


def test_error_is_delivered_not_raised(qtbot):
    runner = TaskRunner()

    def work(progress, cancel):
        raise ValueError("boom")

    errors: list[BaseException] = []
    runner.start(work, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)


def test_cancel_stops_the_work(qtbot):
    runner = TaskRunner()
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while True:
            cancel.raise_if_cancelled()
            QThread.msleep(5)

    task = runner.start(work)
    assert started.wait(5)
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        task.cancel()
    qtbot.waitUntil(lambda: not runner.running)


def test_a_finished_task_lets_go_of_what_its_work_held(qtbot):
    """Qt's thread pool keeps a started task alive; what its work refers to (a snapshot, an evaluation) must not be."""
    import gc
    import weakref

    class Evaluated:
        pass

    held = Evaluated()
    gone = weakref.ref(held)

    def work(progress, cancel, held=held):
        return type(held).__name__

    del held
    runner = TaskRunner()
    results: list[object] = []
    task = runner.start(work, on_result=results.append)
    del work
    qtbot.waitUntil(lambda: not runner.running)
    gc.collect()
    assert results == ["Evaluated"]
    assert gone() is None
    assert task.name == "task"  # the task itself is still there, only its work is let go
