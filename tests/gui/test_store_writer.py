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
