"""End-to-end tests of the commands of contract section 4 on files the tests write."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from repm_bids.domain.fields import FIELDS
from tests.factories import bid_values

from .cli_run import run


@pytest.fixture
def demo(tmp_path, capsys):
    code, out, _ = run(capsys, "demo", str(tmp_path / "demo"))
    assert code == 0
    return tmp_path / "demo"


def test_template_writes_a_form_the_reader_understands(tmp_path, capsys):
    path = tmp_path / "form.xlsx"
    assert run(capsys, "template", str(path))[0] == 0
    wb = openpyxl.load_workbook(path)
    assert {"Bid Form", "Financial Bid"} <= set(wb.sheetnames)
    labels = {c.value for ws in wb.worksheets for c in ws["A"] if c.value}
    assert {f.label for f in FIELDS} <= labels
    code, _, err = run(capsys, "template", str(path))
    assert code == 2 and "exists already" in err and "Traceback" not in err


def test_template_writes_the_two_covers_into_a_folder(tmp_path, capsys):
    folder = tmp_path / "blank covers"
    code, out, err = run(capsys, "template", str(folder))
    assert code == 0, err
    technical = openpyxl.load_workbook(folder / "technical-cover.xlsx")
    financial = openpyxl.load_workbook(folder / "financial-cover.xlsx")
    assert technical.sheetnames == ["Bid Form"] and financial.sheetnames == ["Financial Bid"]
    labels = {c.value for c in technical["Bid Form"]["A"] if c.value}
    assert {f.label for f in FIELDS if f.key != "quoted_incentive"} <= labels
    assert "Quoted incentive (INR per kg)" not in labels  # the technical cover holds no price
    assert {"Bid reference", "Quoted incentive (INR per kg)"} <= {c.value for c in financial["Financial Bid"]["A"]}
    code, _, err = run(capsys, "template", str(folder))
    assert code == 2 and "exists already" in err and "Traceback" not in err


def test_demo_writes_the_covers_apart_and_the_receipt_register(demo):
    technical = sorted(p.name for p in (demo / "technical").iterdir())
    assert technical == sorted(p.name for p in (demo / "financial").iterdir()) and len(technical) == 10
    for name in technical:
        assert openpyxl.load_workbook(demo / "technical" / name, read_only=True).sheetnames == ["Bid Form"]
        assert openpyxl.load_workbook(demo / "financial" / name, read_only=True).sheetnames == ["Financial Bid"]
    rows = list(csv.reader((demo / "receipts.csv").open(encoding="utf-8")))
    assert rows[0] == ["Bid reference", "Bidder", "Received at"] and len(rows) == 11
    assert all(r[2].startswith("2026-06-29 ") for r in rows[1:])
    assert {"scheme.toml", "decisions.csv", "receipts.csv"} <= {p.name for p in demo.iterdir()}


def test_scheme_writes_commented_defaults_that_load(tmp_path, capsys):
    path = tmp_path / "scheme.toml"
    assert run(capsys, "scheme", str(path))[0] == 0
    text = path.read_text()
    assert "incentive_ceiling = 2150" in text and "ASSUMED default" in text
    code, out, _ = run(capsys, "evaluate", str(tmp_path), "--scheme", str(path))
    # a folder with no bid files: no readable input
    assert code == 2


def test_the_samples_financial_implication_is_the_one_worked_by_hand(demo, capsys, tmp_path):
    """docs/evaluation-rules.md works it: 15% of each awardee's investment, no slab binding."""
    out_json = tmp_path / "result.json"
    code, out, err = run(
        capsys, "evaluate", str(demo / "technical"), "--prices", str(demo / "financial"), "--json", str(out_json)
    )
    assert code == 0, err
    result = json.loads(out_json.read_text())
    got = {b["bid_ref"][-3:]: (b["incentive_liability_crore"], b["capital_subsidy_crore"]) for b in result["bids"]}
    assert {k: v for k, v in got.items() if v != (0, 0)} == {
        "001": (984, 117),
        "002": (862.5, 84),
        "003": (690, 67.5),
        "004": (1086, 135.75),
        "005": (1128, 105),
    }
    summary = result["summary"]
    assert summary["incentive_liability_crore_total"] == 4750.5
    assert summary["capital_subsidy_crore_total"] == 509.25
    assert summary["total_support_crore"] == 5259.75
    assert "Capital subsidy ₹509.25 crore, within the outlay of ₹750 crore." in out
    assert "Total support ₹5,259.75 crore, within the outlay of ₹7,280 crore." in out
    assert [f["code"] for f in result["findings"]] == ["capacity_unawarded", "equal_quotes"]


def test_demo_then_evaluate_gives_the_hand_worked_result(demo, capsys, tmp_path):
    out_xlsx = tmp_path / "award.xlsx"
    out_json = tmp_path / "result.json"
    code, out, err = run(
        capsys,
        "evaluate",
        str(demo / "technical"),
        "--scheme",
        str(demo / "scheme.toml"),
        "--prices",
        str(demo / "financial"),
        "--json",
        str(out_json),
    )
    assert code == 0, err
    assert "Bids received 10: 6 qualified, 3 non-responsive, 1 invalid." in out
    assert "Incentive liability ₹4,750.50 crore" in out
    assert "Quote (₹/kg)" in out and "Liability (₹ crore)" in out  # the result table's own labels and units
    assert "decided by more capacity offered" in out and "capacity_desc" not in out  # a tie rule in words
    result = json.loads(out_json.read_text())
    ranked = [(b["bid_ref"], b["status"], b["awarded"]) for b in result["bids"] if b["rank"]]
    assert ranked == [
        ("REPM-2026-001", "awarded", 1200),
        ("REPM-2026-002", "awarded", 1000),
        ("REPM-2026-003", "awarded", 800),
        ("REPM-2026-004", "awarded", 1200),
        ("REPM-2026-005", "awarded", 1200),
        ("REPM-2026-006", "waitlisted", 0),
    ]
    by_ref = {b["bid_ref"]: b for b in result["bids"]}
    assert by_ref["REPM-2026-002"]["tie_break"] == "capacity_desc"
    assert by_ref["REPM-2026-010"]["status"] == "invalid"
    assert result["summary"]["capacity_awarded"] == 5400
    assert result["summary"]["subscription_ratio"] == 1.8
    # ten technical covers, then the financial covers of the seven technically qualified bids; three kept unopened
    assert len(result["inputs"]) == 17 and all(len(i["sha256"]) == 64 for i in result["inputs"])
    assert [u["bid_ref"][-3:] for u in result["unopened"]] == ["008", "009", "010"]
    del out_xlsx


def test_decisions_change_the_award(demo, capsys):
    code, out, _ = run(
        capsys,
        "evaluate",
        str(demo / "technical"),
        "--decisions",
        str(demo / "decisions.csv"),
        "--prices",
        str(demo / "financial"),
        "--json",
        "-",
    )
    assert code == 0
    result = json.loads(out)
    by_ref = {b["bid_ref"]: b for b in result["bids"]}
    assert by_ref["REPM-2026-005"]["status"] == "non_responsive"
    assert any("sintering line" in r for r in by_ref["REPM-2026-005"]["reasons"])
    assert by_ref["REPM-2026-006"]["status"] == "awarded" and by_ref["REPM-2026-006"]["awarded"] == 1100


def write_table(path: Path, rows: list[dict], csv_file: bool) -> None:
    keys = [f.key for f in FIELDS]
    labels = [f.label for f in FIELDS]

    def cell(v):
        return (
            v.strftime("%Y-%m-%d %H:%M")
            if hasattr(v, "strftime")
            else ("Yes" if v is True else "No" if v is False else v)
        )

    if csv_file:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(labels)
            for r in rows:
                w.writerow(["" if r[k] is None else cell(r[k]) for k in keys])
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Bids"
        ws.append(["REPM bids received"])
        ws.append([])
        ws.append(labels)
        for r in rows:
            ws.append([cell(r[k]) for k in keys])
        wb.save(path)


TABLE_ROWS = [
    bid_values("T-1", quoted_incentive=1700.0, capacity=1200.0),
    bid_values("T-2", quoted_incentive=1650.0, capacity=700.0, net_worth_cr=250.0, investment_cr=350.0),
    bid_values("T-3", quoted_incentive=2200.0),
    bid_values("T-4", quoted_incentive=1700.0, capacity=1000.0),
]


@pytest.mark.parametrize("csv_file", [False, True], ids=["xlsx", "csv"])
def test_bids_table_and_csv_rank_by_hand(tmp_path, capsys, csv_file):
    path = tmp_path / ("bids.csv" if csv_file else "bids.xlsx")
    write_table(path, TABLE_ROWS, csv_file)
    one_cover = tmp_path / "one-cover.toml"  # a table that holds the quotes: one cover, the single pass
    one_cover.write_text("[process]\ncovers = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(path), "--scheme", str(one_cover), "--json", "-")
    assert code == 0, err
    result = json.loads(out)
    ranked = [(b["bid_ref"], b["rank"], b["awarded"], b["tie_break"]) for b in result["bids"] if b["rank"]]
    # T-2 is L1; T-1 and T-4 tie at 1,700 and T-1 wins on capacity; T-3 is above the ceiling.
    assert ranked == [("T-2", 1, 700, None), ("T-1", 2, 1200, "capacity_desc"), ("T-4", 3, 1000, "capacity_desc")]
    t3 = next(b for b in result["bids"] if b["bid_ref"] == "T-3")
    assert t3["status"] == "non_responsive"
    assert ("line 4" if csv_file else "sheet Bids, cell T6") in t3["reasons"][0]


def test_check_prints_one_line_per_problem_grouped_by_bid(demo, capsys):
    code, out, _ = run(capsys, "check", str(demo / "technical"))
    assert code == 0
    assert "REPM-2026-008 — Aravalli Permanent Magnets Ltd" in out
    assert "fail — " in out and "below the ₹310 crore required for 900 MTPA" in out
    assert "error: REPM-2026-010 Kaveri.xlsx, sheet Bid Form, cell B21" in out
    # the technical covers: the ceiling is checked when the prices are opened, so 007 passes here
    assert "10 bids: 7 pass every check, 2 non-responsive, 1 invalid." in out and "incentive_ceiling" not in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["evaluate", "no-such-folder"], "no such file or folder"),
        (["evaluate", "{demo}/technical", "--scheme", "{demo}/technical"], "the scheme file cannot be used"),
        (["evaluate", "{demo}/technical", "--scheme", "{bad_scheme}"], "evaluation.technical_weight"),
        (["evaluate", "{demo}/technical", "--decisions", "nope.csv"], "no such decisions file"),
        (["frobnicate"], "invalid choice"),
        (["evaluate"], "the following arguments are required"),
    ],
)
def test_bad_arguments_exit_2_without_traceback(demo, tmp_path, capsys, args, needle):
    bad = tmp_path / "bad.toml"
    bad.write_text("[evaluation]\ntechnical_weight = 0.95\nfinancial_weight = 0.05\n")
    args = [a.format(demo=demo, bad_scheme=bad) for a in args]
    try:
        code, out, err = run(capsys, *args)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
        out, err = capsys.readouterr()
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out


def test_unwritable_award_target_is_exit_1_with_a_sentence(demo, tmp_path, capsys):
    code, out, err = run(capsys, "evaluate", str(demo / "technical"), "--out", str(tmp_path))
    assert code == 1
    assert "is a folder" in err and "Traceback" not in err


def test_evaluate_writes_the_award_workbook(demo, tmp_path, capsys):
    target = tmp_path / "award.xlsx"
    code, out, err = run(
        capsys, "evaluate", str(demo / "technical"), "--prices", str(demo / "financial"), "--out", str(target)
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(target)
    assert {"Summary", "Ranking", "Award", "Rejected", "Checks", "Inputs", "Parameters"} <= set(wb.sheetnames)


def test_console_script_runs_as_a_module(demo):
    proc = subprocess.run(
        [sys.executable, "-m", "repm_bids", "evaluate", str(demo / "technical"), "--json", "-"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["bids_received"] == 10


def test_the_application_without_a_desktop_says_so(monkeypatch, capsys):
    monkeypatch.setattr("sys.platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    code, out, err = run(capsys, "--demo")
    assert code == 1
    assert "needs a desktop session" in err and "Traceback" not in err


def test_a_workbook_written_from_a_saved_evaluation_is_in_its_audit_trail(demo, tmp_path, capsys):
    repm = tmp_path / "e.repm"
    assert run(capsys, "evaluate", str(demo / "technical"), "--save", str(repm))[0] == 0
    before = run(capsys, "log", str(repm))[1].count(" exported")
    book = tmp_path / "again.xlsx"
    code, out, err = run(capsys, "evaluate", str(repm), "--out", str(book))
    assert code == 0, err
    code, log_text, _ = run(capsys, "log", str(repm))
    assert code == 0 and "Chain intact" in log_text
    assert log_text.count(" exported") == before + 1
    assert "again.xlsx" in log_text
