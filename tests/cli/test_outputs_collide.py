"""Every output path is checked against every input, every other output and the saved evaluation before anything
is read or written; and only regular files inside the folder given are read (a pipe never makes the tool wait)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repm_bids.io import outputs
from repm_bids.io.outputs import OutputCollision, check_outputs

from .cli_run import run


def test_save_and_json_on_the_same_file_is_refused_before_anything_is_written(demo: Path, tmp_path, capsys) -> None:
    target = tmp_path / "e.repm"
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), "--save", str(target), "--json", str(target))
    assert code == 2 and "--json" in err and "is the saved evaluation" in err
    assert not target.exists()


def test_out_and_json_on_the_same_file_is_refused(demo: Path, tmp_path, capsys) -> None:
    target = tmp_path / "x"
    code, out, err = run(capsys, "evaluate", str(demo / "technical"), "--out", str(target), "--json", str(target))
    assert code == 2 and "are the same file" in err and "written" not in out
    assert not target.exists()


def test_a_skipped_duplicate_bid_file_is_never_overwritten(demo: Path, capsys) -> None:
    bids = demo / "technical"
    first = sorted(bids.iterdir())[0]
    dup = bids / ("zz-copy" + first.suffix)
    shutil.copy(first, dup)  # read once, the copy skipped as the same file
    before = hashlib.sha256(dup.read_bytes()).hexdigest()
    code, _, err = run(capsys, "evaluate", str(bids), "--out", str(dup))
    assert code == 2 and "is one of the inputs" in err and str(dup) in err
    assert hashlib.sha256(dup.read_bytes()).hexdigest() == before


def test_an_output_through_a_link_to_an_input_is_refused(demo: Path, tmp_path, capsys) -> None:
    bid = sorted((demo / "technical").iterdir())[0]
    link = tmp_path / "award.xlsx"
    link.symlink_to(bid)
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), "--out", str(link))
    assert code == 2 and "is one of the inputs" in err


def test_an_output_over_the_saved_evaluation_read_is_refused(demo: Path, tmp_path, capsys) -> None:
    repm = tmp_path / "e.repm"
    assert run(capsys, "evaluate", str(demo / "technical"), "--save", str(repm))[0] == 0
    before = hashlib.sha256(repm.read_bytes()).hexdigest()
    for option in ("--out", "--json"):
        code, _, err = run(capsys, "evaluate", str(repm), option, str(repm))
        assert code == 2 and "is the saved evaluation" in err, err
    assert hashlib.sha256(repm.read_bytes()).hexdigest() == before


def test_names_differing_in_case_collide_where_the_file_system_ignores_case(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(outputs, "_case_insensitive", lambda folder: True)
    with pytest.raises(OutputCollision, match="are the same file"):
        check_outputs([("--out", tmp_path / "Award.xlsx"), ("--json", tmp_path / "AWARD.XLSX")])
    monkeypatch.setattr(outputs, "_case_insensitive", lambda folder: False)
    check_outputs([("--out", tmp_path / "Award.xlsx"), ("--json", tmp_path / "AWARD.XLSX")])


# -- regular files inside the folder -----------------------------------------------------------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """In a child process with a time limit: a tool that waited on a pipe would fail the test, not hang it."""
    return subprocess.run(
        [sys.executable, "-m", "repm_bids", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_as_a_bid_or_as_the_scheme_is_refused_without_waiting(demo: Path, tmp_path) -> None:
    fifo = tmp_path / "bid.xlsx"
    os.mkfifo(fifo)
    done = _cli("check", str(fifo))
    assert done.returncode == 2 and "not a regular file" in done.stdout + done.stderr
    done = _cli("evaluate", str(demo / "technical"), "--scheme", str(fifo))
    assert done.returncode == 2 and "named pipe" in done.stderr


def test_a_link_out_of_the_bids_folder_is_refused_and_never_stored(demo: Path, tmp_path, capsys) -> None:
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("bid_ref,bidder_name\nSECRET-1,Not a bidder\n")
    bids = demo / "technical"
    (bids / "zz-link.csv").symlink_to(secret)
    inside = sorted(bids.iterdir())[0]
    (bids / "zz-inside.xlsx").symlink_to(inside)  # a link within the folder is fine (read once, a duplicate)
    repm = tmp_path / "e.repm"
    code, out, _ = run(capsys, "evaluate", str(bids), "--save", str(repm))
    assert code == 0
    assert "zz-link.csv is a link to" in out and "outside the folder" in out
    import sqlite3

    conn = sqlite3.connect(repm)
    stored = {r[0] for r in conn.execute("SELECT sha256 FROM blobs")}
    conn.close()
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in stored
