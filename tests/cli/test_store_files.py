"""The file on disk is the file: read-only commands change nothing, sidecar files are refused unless they only
continue the trail, damaged files are a sentence and exit 2; and `verify` fails on every kind of difference."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from repm_bids.io.award_workbook import write_award_workbook
from repm_bids.services.saved import SavedError, open_saved
from tests.cli.test_store_tamper import copy, edit, pristine, run, sql

__all__ = ["copy", "pristine"]  # the fixtures, shared with the tamper tests


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def test_read_only_commands_never_change_the_file(copy, capsys, tmp_path: Path) -> None:
    repm, book = copy
    before = sha(repm)
    assert run(capsys, "log", str(repm))[0] == 0
    assert run(capsys, "verify", str(book), str(repm))[0] == 0
    assert run(capsys, "evaluate", str(repm))[0] == 0
    assert run(capsys, "evaluate", str(repm), "--json", str(tmp_path / "r.json"))[0] == 0
    assert sha(repm) == before and beside(repm) == []


def plant_wal(repm: Path, tmp_path: Path, change: str) -> Path:
    """A -wal made elsewhere from a copy of the same file, holding `change` (no entry), put beside it."""
    other = tmp_path / "other" / repm.name
    other.parent.mkdir()
    shutil.copy(repm, other)
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(change)
    wal = Path(f"{repm}-wal")
    shutil.copy(f"{other}-wal", wal)
    conn.close()
    return wal


def test_a_planted_wal_is_refused_and_never_merged(copy, capsys, tmp_path: Path) -> None:
    repm, book = copy
    before = sha(repm)
    wal = plant_wal(repm, tmp_path, "UPDATE decisions SET qualified = 1 - qualified")
    wal_bytes = wal.read_bytes()
    for args in (("log", str(repm)), ("verify", str(book), str(repm)), ("evaluate", str(repm))):
        code, _, err = run(capsys, *args)
        assert code == 2 and f"{repm.name}-wal beside it holds changes" in err, (args, err)
    with pytest.raises(SavedError, match=r"-wal beside it holds changes that repm-bids did not make .*'decisions'"):
        open_saved(repm)
    assert sha(repm) == before and wal.read_bytes() == wal_bytes


def test_a_wal_left_by_a_crash_is_taken_in(copy, tmp_path: Path) -> None:
    repm, _ = copy
    holder, session = open_saved(repm, user="clerk")
    try:
        session.set_decision(session.bids[0].bid_ref, False, "Bid security not enclosed.")
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        shutil.copy(repm, crashed / repm.name)  # what a power cut leaves: the file and its -wal
        shutil.copy(f"{repm}-wal", crashed / f"{repm.name}-wal")
    finally:
        holder.close()
    saved, reopened = open_saved(crashed / repm.name)
    try:
        assert saved.check_chain().ok
        assert [e.action for e in saved.audit_entries()][-2:] == ["decision_changed", "opened"]
        assert reopened.decisions[session.bids[0].bid_ref].qualified is False
    finally:
        saved.close()


def test_a_rollback_journal_is_refused(copy, capsys) -> None:
    repm, _ = copy
    before = sha(repm)
    Path(f"{repm}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))
    code, _, err = run(capsys, "log", str(repm))
    assert code == 2 and "-journal beside it holds changes" in err
    with pytest.raises(SavedError, match="journal beside it was not left by repm-bids"):
        open_saved(repm)
    assert sha(repm) == before


def test_a_file_with_a_damaged_first_page_is_exit_2_with_a_sentence(copy, capsys) -> None:
    repm, book = copy
    data = bytearray(repm.read_bytes())
    data[16:24] = b"\xff" * 8
    repm.write_bytes(bytes(data))
    for args in (("log", str(repm)), ("verify", str(book), str(repm)), ("evaluate", str(repm))):
        code, _, err = run(capsys, *args)
        assert code == 2 and "is damaged: its first page cannot be read" in err and "unexpected" not in err, err


def test_a_fifo_given_as_a_saved_evaluation_is_refused_without_blocking(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "e.repm"
    import os

    os.mkfifo(fifo)
    code, _, err = run(capsys, "log", str(fifo))
    assert code == 2 and "not a regular file" in err


# -- verify: every kind of difference fails ----------------------------------------------------------------------------
def test_verify_fails_when_the_chain_is_broken(copy, capsys) -> None:
    repm, book = copy
    edit(repm, sql("UPDATE audit SET user = 'mallory' WHERE seq = 2"))
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1 and "audit trail is broken: Entry 2 is broken" in out


def test_verify_fails_for_a_workbook_never_exported(copy, capsys, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    repm, _ = copy
    saved, session = open_saved(repm, read_only=True)
    saved.close()
    other = tmp_path / "other.xlsx"
    write_award_workbook(session.evaluation(evaluated_at=datetime(2026, 7, 1, tzinfo=UTC)), other)
    code, out, _ = run(capsys, "verify", str(other), str(repm))
    assert code == 1 and "No export of this exact workbook file" in out


def test_verify_fails_when_the_printed_digest_is_wrong(copy, capsys) -> None:
    repm, book = copy
    wb = openpyxl.load_workbook(book)
    ws = wb["Summary"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "Result SHA-256 " in c.value)
    digest = cell.value.split("Result SHA-256 ")[1][:64]
    cell.value = cell.value.replace(digest, "0" * 64)
    wb.save(book)
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1 and f"The workbook's result SHA-256 ({'0' * 16}…) is not the re-evaluation's" in out


@pytest.mark.parametrize("sheet", ["Rejected", "Checks", "Inputs", "Parameters", "Ranking"])
def test_verify_names_an_edited_cell_on_every_sheet(copy, capsys, sheet: str) -> None:
    repm, book = copy
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    cell = [c for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str) and c.value.strip()][-1]
    cell.value = cell.value + " (edited)"
    wb.save(book)
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1 and f"{sheet}!{cell.coordinate}" in out and "(edited)" in out, out


def test_verify_names_an_edited_bidder_name(copy, capsys) -> None:
    repm, book = copy
    saved, session = open_saved(repm, read_only=True)
    saved.close()
    names = {o.bidder_name for o in session.evaluation().outcomes if o.bidder_name}
    wb = openpyxl.load_workbook(book)
    ws = wb["Award"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value in names)
    cell.value = "Someone Else Pvt Ltd"
    wb.save(book)
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1 and f"Award!{cell.coordinate}" in out and "Someone Else Pvt Ltd" in out, out
