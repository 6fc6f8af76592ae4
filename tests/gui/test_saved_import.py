"""Importing into a saved evaluation: the result shown while files are read is about to be replaced, so the
writer does not store it then (hashing every outcome of 10,000 bids would compete with the import); it stores the
result that comes after, and stores at once when asked to (an export, closing)."""

from __future__ import annotations

import threading
from typing import Any

from repm_bids.services import evaluation as evaluation_service
from tests.services.test_saved import write_csv_bids


def test_the_result_is_stored_after_an_import_not_while_its_files_are_read(qtbot, single, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    flows = single.saved_flows
    assert flows.save_as(str(tmp_path / "meeting.repm"))
    flows.flush()
    stored: list[Any] = []
    monkeypatch.setattr(flows.writer, "record_evaluated", lambda evaluation, pickled=None: stored.append(evaluation))
    release = threading.Event()
    real = evaluation_service.import_files

    def read_slowly(*args: Any, **kwargs: Any) -> Any:
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluation_service, "import_files", read_slowly)
    before = single.session.evaluation()
    assert single.files.import_paths([str(p) for p in write_csv_bids(tmp_path / "more", 2)]) is not None
    try:
        flows.record_evaluated()  # the timer after the last change fires while the files are read
        assert stored == [] and flows._record_timer.isActive()  # tried again later
        flows.record_evaluated(now=True)  # an export or closing stores at once
        assert stored == [before]
    finally:
        release.set()
    qtbot.waitUntil(lambda: single.files.import_task is None and not single.evaluating, timeout=20_000)
    assert len(single.session.bids) == len(before.outcomes) + 2
    flows.record_evaluated()
    assert stored == [before, single.session.evaluation()]
