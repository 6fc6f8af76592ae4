"""`evaluate --save`, `evaluate E.repm`, `log` and `verify` end to end, through the real command line entry."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from repm_bids.services.saved import open_saved
from tests.one_cover import ONE_COVER, write_one_cover_sample

from .cli_run import run


@pytest.fixture
def saved(tmp_path: Path, capsys) -> tuple[Path, Path, Path]:
    """The sample in one cover (the single pass) evaluated with --save and --out; then the original bid files are
    deleted."""
    d = write_one_cover_sample(tmp_path / "demo")
    repm, book, js = tmp_path / "e.repm", tmp_path / "award.xlsx", tmp_path / "run.json"
    code, out, err = run(
        capsys, "evaluate", str(d / "bids"), "--scheme", str(d / "scheme.toml"), "--save", str(repm),
        "--out", str(book), "--json", str(js),
    )  # fmt: skip
    assert code == 0, err
    assert f"Saved evaluation written to {repm}" in out
    shutil.rmtree(d / "bids")
    return repm, book, js


def test_evaluate_a_saved_evaluation_gives_the_same_json(saved, tmp_path: Path, capsys) -> None:
    repm, _, js = saved
    again = tmp_path / "again.json"
    code, out, err = run(capsys, "evaluate", str(repm), "--json", str(again))
    assert code == 0, err
    assert json.loads(again.read_text()) == json.loads(js.read_text())
    assert "Bids received 10" in out


def test_log_prints_the_trail_and_says_it_is_intact(saved, capsys) -> None:
    repm, _, _ = saved
    code, out, err = run(capsys, "log", str(repm))
    assert code == 0, err
    assert "#1 " in out and " created" in out and "imported_file" in out and "evaluated" in out
    assert "Chain intact: 13 entries" in out
    assert " exported" in out  # the award workbook written with --out is in the trail, with its SHA-256
    assert "sha256: " in out and " IST" in out and "UTC" not in out
    assert "+00:00" not in out and "evaluated at: " in out  # a time kept in the details is shown in India's time
    # reading the log leaves the file as it was (no entry for reading it)
    assert run(capsys, "log", str(repm))[1] == out


def test_log_names_the_first_broken_entry(saved, capsys) -> None:
    repm, _, _ = saved
    conn = sqlite3.connect(repm)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET user = 'mallory' WHERE seq = 4")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "log", str(repm))
    assert code == 1
    assert "#4 " in out and "<-- BROKEN" in out
    assert "CHAIN BROKEN. Entry 4 is broken" in out


def test_verify_matches_an_untouched_workbook(saved, capsys) -> None:
    repm, book, _ = saved
    code, out, err = run(capsys, "verify", str(book), str(repm))
    assert code == 0, err
    assert "MATCH: the workbook is the one exported from this trail" in out
    assert "figures of the Summary, Ranking and Award sheets agree" in out


def test_verify_names_each_edited_cell(saved, capsys) -> None:
    repm, book, _ = saved
    wb = openpyxl.load_workbook(book)
    ws = wb["Ranking"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if type(c.value) in (int, float) and c.value > 1000]
    cells[0].value = cells[0].value - 1
    wb.save(book)
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1
    assert "MISMATCH: 2 difference(s)" in out and f"Ranking!{cells[0].coordinate} " in out
    assert "No export of this exact workbook file" in out


def test_a_saved_evaluation_open_elsewhere_is_exit_2(saved, capsys) -> None:
    repm, book, _ = saved
    holder, _ = open_saved(repm, user="someone")
    try:
        for args in (("log", str(repm)), ("verify", str(book), str(repm)), ("evaluate", str(repm))):
            code, _, err = run(capsys, *args)
            assert code == 2 and "open in another repm-bids window" in err and "Traceback" not in err
    finally:
        holder.close()


def test_files_that_are_not_saved_evaluations_are_exit_2(saved, tmp_path: Path, capsys) -> None:
    repm, book, _ = saved
    fake = tmp_path / "fake.repm"
    fake.write_text("not a database")
    for args in (("log", str(fake)), ("verify", str(book), str(fake)), ("evaluate", str(fake))):
        code, _, err = run(capsys, *args)
        assert code == 2 and "not a saved evaluation" in err and "Traceback" not in err
    code, _, err = run(capsys, "verify", str(tmp_path / "none.xlsx"), str(repm))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "log", str(tmp_path / "none.repm"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "verify", str(repm), str(book))
    assert code == 2 and "workbook first" in err


def test_save_refuses_an_existing_file(saved, tmp_path: Path, capsys) -> None:
    repm, _, _ = saved
    run(capsys, "demo", str(tmp_path / "demo2"))
    before = repm.read_bytes()
    code, _, err = run(capsys, "evaluate", str(tmp_path / "demo2" / "technical"), "--save", str(repm))
    assert code == 2 and "exists already" in err
    assert repm.read_bytes() == before


def test_save_with_decisions_keeps_the_decisions_file(tmp_path: Path, capsys) -> None:
    d = write_one_cover_sample(tmp_path / "d")
    repm = tmp_path / "e.repm"
    code, _, err = run(
        capsys, "evaluate", str(d / "bids"), "--scheme", str(d / "scheme.toml"), "--decisions",
        str(d / "decisions.csv"), "--save", str(repm), "--out", str(tmp_path / "a.xlsx"),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "log", str(repm))
    digest = hashlib.sha256((d / "decisions.csv").read_bytes()).hexdigest()
    assert code == 0 and "decisions_imported" in out and digest in out  # the file kept is named by its SHA-256
    assert run(capsys, "verify", str(tmp_path / "a.xlsx"), str(repm))[0] == 0
    saved, session = open_saved(repm, read_only=True)
    try:  # the decisions file is one of the saved evaluation's inputs, as it was of the run
        assert [i.kind for i in session.inputs][-1] == "decisions" and session.inputs[-1].sha256 == digest
    finally:
        saved.close()


def test_the_helpers_for_evaluate_with_a_session_and_an_export(tmp_path: Path, capsys) -> None:
    from repm_bids.cli.store_commands import evaluate_saved, record_saved_export, save_session
    from repm_bids.domain.report import result_dict
    from repm_bids.services.evaluation import export_award
    from repm_bids.services.session import EvaluationSession

    session = EvaluationSession(scheme=ONE_COVER)
    session.import_paths([write_one_cover_sample(tmp_path / "one") / "bids"])
    repm, book = tmp_path / "s.repm", tmp_path / "s.xlsx"
    saved_evaluation = save_session(session, repm)
    assert session.listeners == []  # the file is closed and the session no longer writes to it
    export_award(saved_evaluation, book)
    record_saved_export(repm, book)
    assert result_dict(evaluate_saved(repm)) == result_dict(saved_evaluation)
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 0 and "was exported at entry" in out and "result SHA-256 matches" in out
