"""The committee's decisions file is all or nothing: a bad row stops `evaluate` (exit 2) before any result, and
every error in it is printed; a decision error is never dropped from the terminal."""

from __future__ import annotations

import io

import openpyxl
import pytest

from .cli_run import run


@pytest.fixture
def demo(tmp_path, capsys):
    assert run(capsys, "demo", str(tmp_path / "demo"))[0] == 0
    return tmp_path / "demo"


def _evaluate(capsys, demo, decisions, *more):
    return run(capsys, "evaluate", str(demo / "technical"), "--decisions", str(decisions), *more)


def test_a_bad_row_refuses_the_file_and_nothing_is_evaluated(demo, capsys, tmp_path):
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(
        "Bid reference,Technically qualified,Remarks\n"
        "REPM-2026-005,Nope,DPR shows no sintering line\n"  # the rejection the committee meant
        "REPM-2026-006,Yes,\n"
        "REPM-2026-007,,\n",
        encoding="utf-8",
    )
    out_xlsx = tmp_path / "award.xlsx"
    code, out, err = _evaluate(capsys, demo, decisions, "--out", str(out_xlsx))
    assert code == 2
    assert out == ""  # no awards printed
    assert not out_xlsx.exists()
    assert "line 2" in err and "must be Yes or No; found 'Nope'" in err
    assert "line 4" in err and "Technically qualified is empty" in err
    assert "refused" in err and "nothing was evaluated" in err


def test_two_rows_for_one_bid_are_an_error(demo, capsys, tmp_path):
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(
        "Bid reference,Technically qualified,Remarks\nREPM-2026-005,No,no DPR\nrepm-2026-005,Yes,\n",
        encoding="utf-8",
    )
    code, _, err = _evaluate(capsys, demo, decisions)
    assert code == 2
    assert "contradicts the one at line 2" in err


def test_a_decision_for_an_unknown_bid_stops_the_evaluation(demo, capsys, tmp_path):
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("Bid reference,Technically qualified,Remarks\nREPM-2026-099,No,x\n", encoding="utf-8")
    code, out, err = _evaluate(capsys, demo, decisions)
    assert code == 2 and out == ""
    assert "REPM-2026-099, which is not among the bids read" in err


def test_a_hidden_decisions_sheet_is_an_error(demo, capsys, tmp_path):
    wb = openpyxl.Workbook()
    decoy = wb.active
    decoy.title = "Sheet1"
    decoy.append(["Bid reference", "Technically qualified", "Remarks"])
    decoy.append(["REPM-2026-006", "Yes", ""])
    real = wb.create_sheet("Decisions")
    real.append(["Bid reference", "Technically qualified", "Remarks"])
    real.append(["REPM-2026-005", "No", "no DPR"])
    real.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "decisions.xlsx"
    path.write_bytes(buf.getvalue())
    code, _, err = _evaluate(capsys, demo, path)
    assert code == 2
    assert "hidden sheets ('Decisions')" in err


def test_good_decisions_are_used(demo, capsys):
    code, out, _ = _evaluate(capsys, demo, demo / "decisions.csv")
    assert code == 0 and out
