"""An output that cannot be written is exit 1 with its reason (a full disk, a read-only disk), never "unexpected
error", and leaves nothing behind; a UTF-32 bids table is refused with a sentence, not read as garbage."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from repm_bids.io import atomic

from .cli_run import run


def _full_disk(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("option", ["--out", "--json"])
def test_a_full_disk_is_exit_1_with_the_reason_and_leaves_nothing(demo: Path, tmp_path, capsys, monkeypatch, option):
    monkeypatch.setattr(atomic.os, "fsync", _full_disk)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "result"
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), option, str(target))
    assert code == 1 and "the disk is full" in err and "unexpected" not in err, err
    assert list(out_dir.iterdir()) == []  # neither the file nor a temporary one


def test_an_existing_output_survives_a_full_disk(demo: Path, tmp_path, capsys, monkeypatch) -> None:
    target = tmp_path / "award.xlsx"
    target.write_bytes(b"the workbook signed last week")
    monkeypatch.setattr(atomic.os, "fsync", _full_disk)
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), "--out", str(target))
    assert code == 1 and "any existing file is unchanged" in err
    assert target.read_bytes() == b"the workbook signed last week"


def test_a_read_only_disk_is_exit_1_with_the_reason(demo: Path, tmp_path, capsys, monkeypatch) -> None:
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), "--out", str(tmp_path / "award.xlsx"))
    assert code == 1 and "is read-only" in err and "unexpected" not in err


def test_a_utf32_table_is_refused_with_a_sentence(tmp_path: Path, capsys) -> None:
    table = tmp_path / "bids.csv"
    table.write_text("bid_ref,bidder_name\nR-1,Some Ltd\n", encoding="utf-32")
    code, out, err = run(capsys, "check", str(table))
    assert code == 2 and "UTF-32" in out + err and "save it as 'CSV UTF-8'" in out + err


def test_a_full_disk_while_saving_the_evaluation_is_exit_1_with_the_reason(demo: Path, tmp_path, capsys, monkeypatch):
    import sqlite3

    from repm_bids.io.store import Store

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "_initialise", staticmethod(full))
    target = tmp_path / "e.repm"
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), "--save", str(target))
    assert code == 1 and "database or disk is full" in err and "unexpected" not in err, err
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["demo"]
