"""The store's writer stores a result once: recording the same evaluation again (leaving it for another file)
queues nothing, while a new evaluation, or one whose storing failed, is stored."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from repm_bids.gui import store_writer
from repm_bids.gui.store_writer import StoreWriter
from repm_bids.services.samples import sample_paths
from repm_bids.services.saved import create_saved
from repm_bids.services.session import EvaluationSession


class _Saved:
    def __init__(self) -> None:
        self.recorded: list[Any] = []
        self.fail = False

    def record_evaluated(self, evaluation: Any, encoded: Any = None) -> None:
        if self.fail:
            raise OSError("disk full")
        self.recorded.append(evaluation)


def test_the_same_evaluation_is_stored_once_and_a_failed_one_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    saved = _Saved()
    writer = StoreWriter(saved, EvaluationSession())
    first, second = SimpleNamespace(bids=()), SimpleNamespace(bids=())
    try:
        writer.record_evaluated(first)
        writer.record_evaluated(first)
        writer.flush()
        assert saved.recorded == [first]
        saved.fail = True
        writer.record_evaluated(second)
        writer.flush()
        saved.fail = False
        writer.record_evaluated(second)  # not stored the first time: tried again
        writer.record_evaluated(first)  # another result since: stored again, queued before the last is stored
        writer.flush()
        assert saved.recorded == [first, second, first]
    finally:
        writer.close()


def _stored(path: Path, evaluation: Any, apart_from: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The latest result and the `evaluated` entry's details a writer stores for `evaluation` in a new file."""
    monkeypatch.setattr(store_writer, "ENCODE_APART_FROM", apart_from)
    saved = create_saved(path, EvaluationSession(), user="alice")
    writer = StoreWriter(saved, EvaluationSession())
    try:
        writer.record_evaluated(evaluation)
        writer.flush()
    finally:
        writer.close()
    try:
        entry = saved.audit_entries()[-1]
        assert entry.action == "evaluated"
        return saved.latest_result(), dict(entry.details)
    finally:
        saved.close()


def test_a_large_result_encoded_in_a_child_is_stored_exactly_as_here(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = EvaluationSession()
    session.import_paths(sample_paths())
    evaluation = session.evaluation()
    in_child: list[bool] = []
    real = store_writer.encoded_apart

    def spy(evaluation: Any, pickled: Any = None) -> Any:
        encoded = real(evaluation, pickled)
        in_child.append(encoded is not None)
        return encoded

    monkeypatch.setattr(store_writer, "encoded_apart", spy)
    here, here_entry = _stored(tmp_path / "here.repm", evaluation, 10**9, monkeypatch)
    apart, apart_entry = _stored(tmp_path / "apart.repm", evaluation, 0, monkeypatch)
    assert in_child == [False, True]
    assert here is not None and here.sha256 == here_entry["result_sha256"]
    assert apart == here  # the same digest, the same text, the same time
    assert apart_entry == here_entry


class _Trail:
    """A stand-in for the open file: what was stored, in order, and on which thread."""

    def __init__(self) -> None:
        self.stored: list[str] = []
        self.threads: list[str] = []

    def session_changed(self, session: Any, action: str, details: dict[str, Any]) -> None:
        import threading

        self.stored.append(f"{action} {details['n']}")
        self.threads.append(threading.current_thread().name)


def test_changes_are_stored_once_editing_pauses_each_in_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    trail, session = _Trail(), EvaluationSession()
    writer = StoreWriter(trail, session)
    try:
        for n in range(3):  # a spin box's arrow held down: three changes in a row
            writer.session_changed(session, "scheme_changed", {"n": n})
        assert writer.busy  # held, not lost: the window knows the file is behind
        assert trail.stored == []  # nothing competes with the repaint of the change
        qtbot.waitUntil(lambda: len(trail.stored) == 3 and not writer.busy, timeout=5_000)
        assert trail.stored == ["scheme_changed 0", "scheme_changed 1", "scheme_changed 2"]
        assert all(name.startswith("repm-store") for name in trail.threads)  # on the writer's thread
    finally:
        writer.close()


def test_work_queued_after_held_changes_is_stored_after_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    trail, session = _Trail(), EvaluationSession()
    writer = StoreWriter(trail, session)
    try:
        writer.session_changed(session, "decided", {"n": 1})
        writer.record("exported", lambda saved: saved.stored.append("exported"))
        writer.session_changed(session, "decided", {"n": 2})
        writer.flush()  # stores what is held at once
        assert trail.stored == ["decided 1", "exported", "decided 2"]
        assert not writer.busy
    finally:
        writer.close()


def test_closing_stores_the_changes_held(qtbot) -> None:  # type: ignore[no-untyped-def]
    trail, session = _Trail(), EvaluationSession()
    writer = StoreWriter(trail, session)
    writer.session_changed(session, "scheme_changed", {"n": 7})
    writer.close()
    assert trail.stored == ["scheme_changed 7"]


def test_a_run_of_changes_that_never_pauses_is_stored_all_along(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(store_writer, "HOLD_AT_MOST_SECONDS", 0.0)  # every change has waited long enough
    trail, session = _Trail(), EvaluationSession()
    writer = StoreWriter(trail, session)
    try:
        writer.session_changed(session, "scheme_changed", {"n": 1})
        writer._last.result(5)  # type: ignore[union-attr]  # queued at once, with no pause
        assert trail.stored == ["scheme_changed 1"]
    finally:
        writer.close()


def test_a_change_made_on_another_thread_is_queued_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    trail, session = _Trail(), EvaluationSession()
    writer = StoreWriter(trail, session)
    try:
        worker = threading.Thread(target=writer.session_changed, args=(session, "decided", {"n": 3}))
        worker.start()
        worker.join(5)
        writer._last.result(5)  # type: ignore[union-attr]  # queued by the worker itself: no timer of its own to wait on
        assert trail.stored == ["decided 3"]
    finally:
        writer.close()
