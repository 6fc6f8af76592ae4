"""A slow evaluation runs on the thread pool from a snapshot of the session: the window keeps painting, and what it
shows at the end is the evaluation of the latest state, never of one overtaken by a change made meanwhile."""

from __future__ import annotations

import threading

import pytest

from repm_bids.domain.result import Status
from repm_bids.gui.main_window import SLOW_SECONDS


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def _evaluated_on(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the threads the session's snapshots are evaluated on, from now on."""
    names: list[str] = []
    snapshot = window.session.snapshot

    def spy():  # type: ignore[no-untyped-def]
        copy = snapshot()
        evaluation = copy.evaluation

        def on_thread(*args, **kwargs):  # type: ignore[no-untyped-def]
            names.append(threading.current_thread().name)
            return evaluation(*args, **kwargs)

        copy.evaluation = on_thread
        return copy

    window.session.snapshot = spy
    return names


def test_an_import_is_evaluated_off_the_gui_thread_and_done_when_shown(demo) -> None:
    # the demo fixture waited for import_done: by then the evaluation was made elsewhere and is shown
    assert not demo.evaluating
    assert demo.evaluation is demo.session.evaluation()
    assert demo.evaluation.summary.bids_received == 10
    assert demo.bids.model.rowCount() == 10


def test_a_slow_change_is_evaluated_in_the_background(qtbot, demo) -> None:
    names = _evaluated_on(demo)
    demo.session.last_seconds = SLOW_SECONDS * 2  # as after an evaluation of many thousand bids
    before = demo.evaluation
    demo.record_decision("REPM-2026-002", False, "Bid security not furnished")
    assert demo.evaluating and demo.evaluation is before  # the window shows the last result until the new one comes
    qtbot.waitUntil(lambda: not demo.evaluating, timeout=20_000)
    assert names and threading.main_thread().name not in names
    assert demo.evaluation.outcome_for("REPM-2026-002").status is Status.NON_RESPONSIVE


def test_a_change_made_while_evaluating_is_the_one_shown(qtbot, demo) -> None:
    demo.session.last_seconds = SLOW_SECONDS * 2
    demo.record_decision("REPM-2026-002", False, "Bid security not furnished")
    assert demo.evaluating
    demo.undo_stack.undo()  # before the first evaluation comes back
    shown: list[object] = []
    demo.evaluated.connect(shown.append)
    qtbot.waitUntil(lambda: not demo.evaluating, timeout=20_000)
    assert demo.session.decisions == {}
    assert demo.evaluation.outcome_for("REPM-2026-002").status is not Status.NON_RESPONSIVE
    assert shown == [demo.evaluation]  # the overtaken evaluation was never shown


def test_an_export_asked_while_evaluating_waits_for_the_new_result(qtbot, demo, tmp_path) -> None:
    demo.session.last_seconds = SLOW_SECONDS * 2
    demo.record_decision("REPM-2026-002", False, "Bid security not furnished")
    out = tmp_path / "result.json"
    with qtbot.waitSignal(demo.files.export_done, timeout=20_000) as written:
        assert demo.files.export_json(str(out)) is None  # queued until the evaluation is shown
    assert written.args == [out]
    assert '"REPM-2026-002"' in out.read_text(encoding="utf-8")
    assert "Bid security not furnished" in out.read_text(encoding="utf-8")


def test_the_bids_table_rows_are_built_on_the_worker_that_evaluates(qtbot, demo, monkeypatch) -> None:
    """Installing a result made in the background builds no table rows on the GUI thread: they come with it."""
    from repm_bids.gui import main_window

    built_on: list[str] = []
    rows_of = main_window.bid_rows

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        built_on.append(threading.current_thread().name)
        return rows_of(*args, **kwargs)

    monkeypatch.setattr(main_window, "bid_rows", spy)
    demo.tabs.setCurrentIndex(main_window.BIDS_TAB)
    demo.session.last_seconds = SLOW_SECONDS * 2
    demo.record_decision("REPM-2026-002", False, "Bid security not furnished")
    qtbot.waitUntil(lambda: not demo.evaluating, timeout=20_000)
    assert built_on and threading.main_thread().name not in built_on
    row = next(r for r in demo.bids.model.rows if r.outcome.bid_ref == "REPM-2026-002")
    assert row.decision is not None and row.decision_text  # the rows show the decision just recorded
    assert demo.bids.model.rows[0].outcome in demo.evaluation.outcomes  # and belong to the result shown
