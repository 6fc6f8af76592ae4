"""Ties in one sitting from the command line: `--receipts` orders a tie by time of receipt; without it a tie that
decides an award leaves every output provisional, naming the tied bids."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_commands import run, write_table
from tests.factories import bid_values

# Four clear awards, then T-5 and T-6 quote the same for the fifth and last award.
QUOTES = {"T-1": 1500, "T-2": 1510, "T-3": 1520, "T-4": 1530, "T-5": 1600, "T-6": 1600}


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    write_table(tmp_path / "technical.csv", [bid_values(r, quoted_incentive=None) for r in QUOTES], csv_file=True)
    (tmp_path / "scheme.toml").write_text("[process]\ncovers = 2\n", encoding="utf-8")
    lines = ["Bid reference,Quoted incentive (INR per kg)", *(f"{r},{q}" for r, q in QUOTES.items())]
    (tmp_path / "prices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    times = {"T-1": "10:01", "T-2": "10:02", "T-3": "10:03", "T-4": "10:04", "T-5": "11:30", "T-6": "11:05"}
    rows = ["Bid reference,Bidder,Received at", *(f"{r},Bidder {r} Ltd,29-06-2026 {t}" for r, t in times.items())]
    (tmp_path / "receipts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def _evaluate(capsys, tender: Path, *more: str) -> tuple[int, str, str]:
    base = [str(tender / "technical.csv"), "--scheme", str(tender / "scheme.toml"), "--prices"]
    return run(capsys, "evaluate", *base, str(tender / "prices.csv"), "--quiet", *more)


def test_without_a_register_the_tie_makes_every_output_provisional(tender: Path, capsys) -> None:
    out_json, workbook = tender / "result.json", tender / "award.xlsx"
    code, out, err = _evaluate(capsys, tender, "--json", str(out_json), "--out", str(workbook))
    assert code == 0, err
    assert "PROVISIONAL" in out and "Tied bids T-5, T-6" in out
    result = json.loads(out_json.read_text(encoding="utf-8"))
    assert result["provisional"] is True
    assert result["ties"] == [{"bids": ["T-5", "T-6"], "decided_by": None}]
    assert any(w["code"] == "tie_rule_no_register" for w in result["warnings"])
    sheet = openpyxl.load_workbook(workbook, read_only=True)["Summary"]
    lines = [str(v) for row in sheet.iter_rows(max_row=8, values_only=True) for v in row if v]
    assert "Tied bids T-5, T-6: they stand in bid reference order until the committee records a draw of lots." in lines
    assert any(line.startswith("PROVISIONAL") for line in lines)


def test_the_receipt_register_settles_the_tie(tender: Path, capsys) -> None:
    code, out, err = _evaluate(capsys, tender, "--receipts", str(tender / "receipts.csv"), "--json", "-")
    assert code == 0, err
    result = json.loads(out)
    assert result["provisional"] is False and result["ties"] == []
    ranked = [(b["bid_ref"], b["status"], b["tie_break"]) for b in result["bids"]][4:]
    assert ranked == [("T-6", "awarded", "received_at"), ("T-5", "waitlisted", "received_at")]
    register = [i for i in result["inputs"] if i["path"].endswith("receipts.csv")]
    assert len(register) == 1 and register[0]["bids"] == 0  # evidence, with its SHA-256
    assert result["warnings"] == []


def test_the_register_works_with_one_cover_too(tender: Path, capsys) -> None:
    rows = [bid_values(r, quoted_incentive=float(q)) for r, q in QUOTES.items()]
    write_table(tender / "bids.csv", rows, csv_file=True)
    (tender / "one-cover.toml").write_text("[process]\ncovers = 1\n", encoding="utf-8")
    args = [str(tender / "bids.csv"), "--receipts", str(tender / "receipts.csv"), "--json", "-", "--quiet"]
    code, out, err = run(capsys, "evaluate", *args, "--scheme", str(tender / "one-cover.toml"))
    assert code == 0, err
    result = json.loads(out)
    assert result["stage"] == "single_pass" and result["provisional"] is False
    assert [b["bid_ref"] for b in result["bids"]][4:] == ["T-6", "T-5"]


def test_bad_rows_of_the_register_are_named_and_the_rest_is_used(tender: Path, capsys) -> None:
    rows = [
        "Bid reference,Received at",
        "T-5,29-06-2026 11:30",
        "T-6,soon",
        "Z-9,29-06-2026 09:00",
        "T-1,29-06-2026 10:01",
        "T-1,29-06-2026 10:02",
    ]
    (tender / "receipts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = _evaluate(capsys, tender, "--receipts", str(tender / "receipts.csv"), "--json", "-")
    assert code == 0, err
    result = json.loads(out)
    errors = {e["code"]: e for e in result["errors"]}
    assert set(errors) == {"receipt_bad_time", "receipt_twice", "receipt_unknown_bid"}
    assert errors["receipt_bad_time"]["line"] == 3 and "'soon'" in errors["receipt_bad_time"]["message"]
    assert errors["receipt_twice"]["line"] == 6 and "first at line 5" in errors["receipt_twice"]["message"]
    # T-6 has no time: the tie of T-5 and T-6 goes to the committee's draw
    assert result["provisional"] is True and result["ties"] == [{"bids": ["T-5", "T-6"], "decided_by": None}]


def test_receipts_are_kept_by_a_saved_evaluation_and_must_exist(tender: Path, capsys) -> None:
    code, _, err = run(
        capsys,
        "evaluate",
        str(tender / "technical.csv"),
        "--scheme",
        str(tender / "scheme.toml"),
        "--receipts",
        str(tender / "receipts.csv"),
        "--save",
        str(tender / "e.repm"),
        "--quiet",
    )
    assert code == 0, err
    (tender / "receipts.csv").unlink()  # the saved evaluation keeps the register's bytes
    code, out, err = run(capsys, "evaluate", str(tender / "e.repm"), "--json", "-")
    assert code == 0, err
    assert [i["path"] for i in json.loads(out)["inputs"]][-1].endswith("receipts.csv")
    code, _, err = _evaluate(capsys, tender, "--receipts", str(tender / "nowhere.csv"))
    assert code == 2 and "no such receipt register" in err
