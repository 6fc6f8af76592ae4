"""The status-bar progress panel follows the task it was last given, whatever an earlier task still reports."""

from __future__ import annotations

from repm_bids.gui.progress_panel import ProgressPanel
from repm_bids.gui.tasks import Task


def _task(name: str) -> Task:
    return Task(lambda progress, cancel: None, name)


def test_an_earlier_task_finishing_late_leaves_the_current_one_followed(qtbot):
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    export, verify = _task("export"), _task("verify")
    panel.follow(export, "Exporting")
    panel.follow(verify, "Verifying award.xlsx")
    export.signals.progress.emit(3, 7, "award.xlsx")  # queued from its thread, delivered after the second follow
    export.signals.finished.emit()
    assert panel.task is verify
    assert not panel.isHidden()
    assert panel.label.text() == "Verifying award.xlsx…"
    panel._cancel()  # the Cancel button still reaches the task running now
    assert verify.token.cancelled and not export.token.cancelled
    verify.signals.progress.emit(1, 2, "award.xlsx")
    assert panel.label.text() == "Verifying award.xlsx (1 of 2): award.xlsx"
    verify.signals.finished.emit()
    assert panel.task is None
    assert panel.isHidden()


def test_a_finished_task_no_longer_keeps_what_its_work_held(qtbot):
    """The runner's and the panel's connections keep a task alive through Qt; its work's data must not stay with it."""
    import gc
    import weakref

    from repm_bids.gui.tasks import TaskRunner

    class Evaluation:  # stands for what a work closure holds: a session, an evaluation
        pass

    runner = TaskRunner()
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    held = Evaluation()
    alive = weakref.ref(held)

    def work_on(evaluation: Evaluation):  # type: ignore[no-untyped-def]
        return lambda progress, cancel: type(evaluation).__name__

    results: list[object] = []
    task = runner.start(work_on(held), name="export", on_result=results.append)
    panel.follow(task, "Exporting")
    del held
    qtbot.waitUntil(lambda: not runner.running, timeout=10_000)
    assert results == ["Evaluation"]
    gc.collect()
    assert alive() is None
