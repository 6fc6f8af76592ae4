"""The reading worker: a file that crashes, hangs or exhausts a parser costs only itself; the rest of the batch is
read and evaluated. No test here asserts a time; the deadlines are the worker's own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import Severity
from repm_bids.domain.scheme import Scheme
from repm_bids.io.intake import read_inputs
from repm_bids.io.sandbox import Sandbox
from repm_bids.io.sandbox_worker import limit_memory

from .corpus import form_bytes
from .hostile import minimal_xlsx, row_comment_sheet, shared_string_bomb

HOOKS = "tests.io.hostile:misbehave"
MEMORY_CAPPED = sys.platform != "win32"


@pytest.fixture
def sandbox():
    sb = Sandbox(deadline=4.0, deadline_per_mb=0.0, memory=512 * 1024 * 1024, bid_reader=HOOKS)
    yield sb
    sb.close()


def _batch(folder: Path, bad: dict[str, bytes]) -> Path:
    folder.mkdir()
    (folder / "a-first.xlsx").write_bytes(form_bytes(bid_ref="REPM-A", bidder_name="First Ltd"))
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    (folder / "z-last.xlsx").write_bytes(form_bytes(bid_ref="REPM-Z", bidder_name="Last Ltd"))
    return folder


def _errors_by_file(intake) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in intake.problems:
        if p.severity == Severity.ERROR:
            out.setdefault(Path(p.path).name, []).append(p.message)
    return out


def _evaluated(intake) -> set[str]:
    evaluation = evaluate(intake.bids, Scheme(), inputs=intake.inputs, problems=intake.problems)
    return {o.bid.bid_ref for o in evaluation.outcomes}


def test_crash_hang_and_memory_bomb_each_cost_only_their_own_file(tmp_path, sandbox):
    bad = {"b-crash.xlsx": form_bytes(bid_ref="REPM-B"), "c-hang.xlsx": form_bytes(bid_ref="REPM-C")}
    if MEMORY_CAPPED:
        bad["d-memory.xlsx"] = form_bytes(bid_ref="REPM-D")
    intake = read_inputs([_batch(tmp_path / "bids", bad)], sandbox=sandbox)
    assert sorted(b.bid_ref for b in intake.bids) == ["REPM-A", "REPM-Z"]
    errors = _errors_by_file(intake)
    assert set(errors) == set(bad)
    assert "the reader stopped while reading it (SIGABRT" in errors["b-crash.xlsx"][0]
    assert "took longer than the time allowed for one file" in errors["c-hang.xlsx"][0]
    if MEMORY_CAPPED:
        assert "needed more memory than one file may use" in errors["d-memory.xlsx"][0]
    assert sandbox.restarts == len(bad)
    assert len(intake.inputs) == 2 + len(bad)  # every file is recorded, read or not
    assert _evaluated(intake) == {"REPM-A", "REPM-Z"}


def test_a_reply_too_large_or_not_plain_data_costs_only_its_file(tmp_path):
    sb = Sandbox(max_reply=1024 * 1024, bid_reader=HOOKS)
    try:
        folder = _batch(tmp_path / "bids", {"b-chatty.xlsx": b"PK\x03\x04 1", "c-sneaky.xlsx": b"PK\x03\x04 2"})
        intake = read_inputs([folder], sandbox=sb)
    finally:
        sb.close()
    assert sorted(b.bid_ref for b in intake.bids) == ["REPM-A", "REPM-Z"]
    errors = _errors_by_file(intake)
    assert "it gave more data than one file may" in errors["b-chatty.xlsx"][0]
    assert "unexpected error (UnpicklingError)" in errors["c-sneaky.xlsx"][0]


def test_shared_string_bomb_costs_only_its_own_file(tmp_path):
    """1,000,000 cells pointing at one 32,767-character string: 32 GB once laid out. Refused before calamine."""
    intake = read_inputs([_batch(tmp_path / "bids", {"m-bomb.xlsx": shared_string_bomb()})])
    errors = _errors_by_file(intake)
    assert list(errors) == ["m-bomb.xlsx"]
    assert "characters of text" in errors["m-bomb.xlsx"][0]
    assert _evaluated(intake) == {"REPM-A", "REPM-Z"}


def test_shared_string_bomb_past_the_checks_is_contained_by_the_worker(tmp_path, monkeypatch, sandbox):
    """Were the text check missing, calamine would abort for want of memory: in the worker, costing one file."""
    if not MEMORY_CAPPED:
        pytest.skip("the worker's memory is capped only where the operating system allows it")
    sb = Sandbox(deadline=60.0, memory=512 * 1024 * 1024, bid_reader="tests.io.test_intake_sandbox:unchecked")
    try:  # 100,000 cells of the string: 3.2 GB of text against the worker's 512 MB
        intake = read_inputs([_batch(tmp_path / "bids", {"m-bomb.xlsx": shared_string_bomb(rows=100)})], sandbox=sb)
    finally:
        sb.close()
    errors = _errors_by_file(intake)
    assert list(errors) == ["m-bomb.xlsx"]
    message = errors["m-bomb.xlsx"][0]
    assert "the reader stopped while reading it" in message or "more memory" in message
    assert _evaluated(intake) == {"REPM-A", "REPM-Z"}


def unchecked(name: str, data: bytes):
    """The worker's reader with the shared-text limit lifted (runs in the worker)."""
    from repm_bids.io import sheet_facts
    from repm_bids.io.intake_read import read_bid_bytes

    sheet_facts.MAX_SHEET_TEXT = 1 << 62
    return read_bid_bytes(name, data)


def test_comment_of_repeated_row_tags_is_read(tmp_path):
    data = minimal_xlsx(row_comment_sheet(9_600))
    intake = read_inputs([_batch(tmp_path / "bids", {"m-comment.xlsx": data})])
    errors = _errors_by_file(intake)
    assert list(errors) == ["m-comment.xlsx"]
    assert "no bid below it" in errors["m-comment.xlsx"][0]  # a header row and nothing else: read, not refused
    assert _evaluated(intake) == {"REPM-A", "REPM-Z"}


def test_csv_of_empty_lines_is_read_within_bounds(tmp_path):
    """49 MB of empty lines: only the first rows are kept (it once needed 6 GB)."""
    intake = read_inputs([_batch(tmp_path / "bids", {"m-empty.csv": b"\n" * (49 * 1024 * 1024)})])
    errors = _errors_by_file(intake)
    assert list(errors) == ["m-empty.csv"]
    assert errors["m-empty.csv"][0].startswith("No bid found: no header row")
    assert _evaluated(intake) == {"REPM-A", "REPM-Z"}


def test_the_worker_can_be_started_ahead(tmp_path):
    sb = Sandbox()
    try:
        sb.start()
        sb.start()  # once
        intake = read_inputs([_batch(tmp_path / "bids", {})], sandbox=sb)
        assert sorted(b.bid_ref for b in intake.bids) == ["REPM-A", "REPM-Z"] and sb.restarts == 0
    finally:
        sb.close()


@pytest.mark.skipif(not MEMORY_CAPPED, reason="no address-space limit on this operating system")
def test_memory_limit_is_available_here():
    import subprocess

    code = "from repm_bids.io.sandbox_worker import limit_memory; print(limit_memory(1 << 30))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    assert callable(limit_memory)
