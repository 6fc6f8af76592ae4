"""The store's writer stores a result once: recording the same evaluation again (leaving it for another file)
queues nothing, while a new evaluation, or one whose storing failed, is stored."""

from __future__ import annotations

from typing import Any

from repm_bids.gui.store_writer import StoreWriter
from repm_bids.services.session import EvaluationSession


class _Saved:
    def __init__(self) -> None:
        self.recorded: list[Any] = []
        self.fail = False

    def record_evaluated(self, evaluation: Any) -> None:
        if self.fail:
            raise OSError("disk full")
        self.recorded.append(evaluation)


def test_the_same_evaluation_is_stored_once_and_a_failed_one_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    saved = _Saved()
    writer = StoreWriter(saved, EvaluationSession())
    first, second = object(), object()
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
