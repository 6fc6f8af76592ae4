"""The stages of a saved two-cover evaluation from the command line, on the sample: evaluate --save (technical
stage), clarify, approve, open-prices, reopen, each named in the audit trail; no output holds a quote before the
prices are opened; every step out of order is one sentence and exit 2, and the file keeps what it held."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from repm_bids.services.samples import sample_bid_dir, sample_price_dir
from tests.cli.cli_run import run
from tests.one_cover import write_one_cover_sample


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's technical covers (the Bid Form alone) and financial covers (the Financial Bid alone), copied,
    and a two-cover scheme."""
    root = tmp_path_factory.mktemp("covers")
    shutil.copytree(sample_bid_dir(), root / "technical")
    shutil.copytree(sample_price_dir(), root / "financial")
    (root / "scheme.toml").write_text("[process]\ncovers = 2\n", encoding="utf-8")
    return root


@pytest.fixture
def user(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REPM_BIDS_USER", "clerk")
    return "clerk"


def saved_technical(capsys, split: Path, folder: Path, *extra: str) -> Path:
    path = folder / "e.repm"
    code, out, err = run(
        capsys, "evaluate", str(split / "technical"), "--scheme", str(split / "scheme.toml"), "--save", str(path),
        "--quiet", *extra,
    )  # fmt: skip
    assert code == 0, err
    return path


def trail(capsys, path: Path) -> str:
    code, out, err = run(capsys, "log", str(path))
    assert code == 0, out + err
    return out


def tied_covers(split: Path, folder: Path) -> Path:
    """The sample's financial covers, except that REPM-2026-005's quote comes in the portal's statement at 1,810, the
    quote of REPM-2026-004: the two bids offer 1,200 MTPA each and were received in the same minute, so they tie for
    the last award and only the committee's draw can settle it."""
    fin = folder / "financial"
    fin.mkdir()
    for f in (split / "financial").iterdir():
        if not f.name.startswith("REPM-2026-005"):
            (fin / f.name).write_bytes(f.read_bytes())
    (fin / "statement.csv").write_text("Bid reference,Quoted incentive (INR per kg)\nREPM-2026-005,1810\n")
    times = {f"REPM-2026-{i:03d}": f"29-06-2026 10:{i:02d}" for i in range(1, 11)}
    times["REPM-2026-005"] = times["REPM-2026-004"]
    rows = ["Bid reference,Received at", *(f"{ref},{at}" for ref, at in times.items())]
    (folder / "receipts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return fin


def test_the_whole_process_on_the_sample(capsys, split: Path, tmp_path: Path, user: str) -> None:
    fin = tied_covers(split, tmp_path)
    path = saved_technical(capsys, split, tmp_path, "--receipts", str(tmp_path / "receipts.csv"))
    code, out, err = run(capsys, "reopen", str(path), "--reason", "too early")
    assert code == 2 and "nothing to reopen" in err
    code, out, err = run(
        capsys, "clarify", str(path), "REPM-2026-010", "Commissioning", "18 months", "--reason",
        "The form says 'eighteen months'; the bidder's covering letter gives 18", "--document", "Letter 17/2026",
    )  # fmt: skip
    assert code == 0, err
    assert "verified as 18 months" in out and "REPM-2026-010 is now technically qualified" in out
    code, out, err = run(capsys, "approve", str(path), "--by", "R. Sharma (Chair)")
    assert code == 0, err
    assert "approved by R. Sharma (Chair)" in out and "IST" in out and "frozen" in out
    code, out, err = run(capsys, "clarify", str(path), "REPM-2026-010", "Commissioning", "20", "--reason", "again")
    assert code == 2 and "approved by R. Sharma (Chair)" in err and "Traceback" not in err
    result = tmp_path / "result.json"
    code, out, err = run(
        capsys, "open-prices", str(path), str(fin), "--json", str(result), "--out", str(tmp_path / "award.xlsx")
    )
    assert code == 0, err
    opened = json.loads(result.read_text(encoding="utf-8"))
    assert opened["stage"] == "prices_opened" and not opened["single_sitting"]
    assert [u["bid_ref"] for u in opened["unopened"]] == ["REPM-2026-008", "REPM-2026-009"]  # 010 now qualified
    assert any(i["path"].endswith("receipts.csv") for i in opened["inputs"])  # the register is a stored input
    by_ref = {b["bid_ref"]: b for b in opened["bids"]}
    months = by_ref["REPM-2026-010"]["fields"]["commissioning_months"]
    assert (months["declared"], months["verified"], months["text"]) == (None, 18, "eighteen months")
    assert by_ref["REPM-2026-001"]["quoted_incentive"] == 1640 and by_ref["REPM-2026-005"]["quoted_incentive"] == 1810
    assert opened["provisional"] is True
    assert opened["ties"] == [{"bids": ["REPM-2026-004", "REPM-2026-005"], "decided_by": None}]
    code, out, err = run(capsys, "evaluate", str(path), "--json", "-")
    assert code == 0 and json.loads(out)["bids"] == opened["bids"]  # the saved evaluation as it stands
    code, out, err = run(capsys, "withdraw", str(path), "REPM-2026-006", "--reason", "x")
    assert code == 2 and "not an awardee" in err
    code, out, err = run(
        capsys, "draw", str(path), "--order", "REPM-2026-005,REPM-2026-004", "--witnesses",
        "A. Rao (Vindhya) and S. Iyer (Coromandel)", "--by", "R. Sharma (Chair)",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, "draw", str(path), "--order", "REPM-2026-004,REPM-2026-005", "--witnesses", "x")
    assert code == 2 and "recorded already" in err
    code, out, err = run(capsys, "evaluate", str(path), "--json", "-")
    drawn = json.loads(out)
    assert drawn["provisional"] is False and drawn["ties"][0]["decided_by"] == "draw"
    status = {b["bid_ref"]: b["status"] for b in drawn["bids"]}
    assert (status["REPM-2026-005"], status["REPM-2026-004"]) == ("awarded", "waitlisted")
    code, out, err = run(
        capsys, "withdraw", str(path), "REPM-2026-001", "--reason", "Letter of 15-07-2026: the board withdrew the bid"
    )
    assert code == 0, err
    assert "REPM-2026-004 moved up from the waiting list" in out
    code, out, err = run(capsys, "evaluate", str(path), "--json", "-")
    status = {b["bid_ref"]: b["status"] for b in json.loads(out)["bids"]}
    assert (status["REPM-2026-001"], status["REPM-2026-004"]) == ("withdrawn", "awarded")
    code, out, err = run(capsys, "reopen", str(path), "--reason", "The covering letter was not the bidder's.")
    assert code == 0, err
    code, out, err = run(capsys, "evaluate", str(path), "--json", "-")
    back = json.loads(out)
    assert back["stage"] == "technical" and back["unopened"] == [] and back["ties"] == []
    assert all(b["quoted_incentive"] is None and b["rank"] is None for b in back["bids"])
    assert not any(b["status"] == "withdrawn" for b in back["bids"])
    log = trail(capsys, path)
    steps = [m.group(2) for m in re.finditer(r"^#\d+ +(.+?IST) +\S.*? +(\w+)$", log, re.M)]
    wanted = [
        "created", "receipts_imported", "clarified", "technical_approved", "prices_opened", "exported",
        "draw_recorded", "withdrawn", "reopened",
    ]  # fmt: skip
    assert [s for s in steps if s in wanted] == wanted
    assert "R. Sharma (Chair)  technical_approved" in log and "R. Sharma (Chair)  draw_recorded" in log
    assert "clerk  withdrawn" in log and "clerk  reopened" in log
    assert "witnesses: A. Rao (Vindhya) and S. Iyer (Coromandel)" in log
    assert "reason: The covering letter was not the bidder's." in log and "Chain intact" in log


def _hexless(text: str) -> str:
    return re.sub(r"[0-9a-fA-F]{12,}", "", text)  # digests cannot hide or fake a quote


def test_no_output_holds_a_quote_before_the_prices_are_opened(capsys, split: Path, tmp_path: Path, user: str) -> None:
    financial = tmp_path / "financial"
    financial.mkdir()
    quotes = {}
    for i, f in enumerate(sorted(sample_bid_dir().glob("*.xlsx"))):
        ref = f.name.split(" ")[0]
        quotes[ref] = 1701.37 + 11.11 * i  # figures that appear nowhere else
        (financial / f"{ref}.csv").write_text(
            f"Bid reference,Quoted incentive (INR per kg)\n{ref},{quotes[ref]:.2f}\n", encoding="utf-8"
        )
    seen: list[str] = []
    path = tmp_path / "e.repm"
    for args in (
        ("evaluate", str(split / "technical"), "--scheme", str(split / "scheme.toml"), "--save", str(path),
         "--json", str(tmp_path / "t.json"), "--out", str(tmp_path / "t.xlsx")),
        ("clarify", str(path), "REPM-2026-002", "Commissioning", "22 months", "--reason", "Letter of 01-07-2026"),
        ("approve", str(path), "--by", "R. Sharma"),
        ("evaluate", str(path), "--json", "-", "--out", str(tmp_path / "approved.xlsx")),
        ("evaluate", str(path)),
        ("log", str(path)),
        ("open-prices", str(path), str(tmp_path / "nowhere")),  # refused: nothing opened, nothing shown
    ):  # fmt: skip
        code, out, err = run(capsys, *args)
        assert code in (0, 2), err
        seen += [out, err]
    seen.append((tmp_path / "t.json").read_text(encoding="utf-8"))
    for book in ("t.xlsx", "approved.xlsx"):
        with zipfile.ZipFile(tmp_path / book) as z:
            seen += [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")]
    text = _hexless("\n".join(seen))
    for q in quotes.values():
        for shown in (f"{q:.2f}", f"{q:,.2f}", f"{q:.1f}", f"{q:,.1f}"):
            assert shown not in text
    code, out, err = run(capsys, "open-prices", str(path), str(financial), "--json", "-")
    assert code == 0, err
    after = {b["bid_ref"]: b["quoted_incentive"] for b in json.loads(out)["bids"] if b["quoted_incentive"]}
    assert after and all(abs(after[r] - quotes[r]) < 1e-9 for r in after)  # the test's figures are the quotes


def _state(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT seq, hash FROM audit ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_every_step_out_of_order_is_a_sentence_and_changes_nothing(
    capsys, split: Path, tmp_path: Path, user: str
) -> None:
    path = saved_technical(capsys, split, tmp_path)
    fin = str(split / "financial")

    def refused(*args: str, said: str) -> None:
        before = _state(path)
        code, out, err = run(capsys, *args)
        assert code == 2, (args, out, err)
        assert said in err and "Traceback" not in err and len(err.strip().splitlines()) <= 12
        assert _state(path) == before  # nothing recorded, nothing lost

    refused("open-prices", str(path), fin, said="has not been approved")
    refused("reopen", str(path), "--reason", "why", said="nothing to reopen")
    refused("clarify", str(path), "REPM-2026-001", "Quoted incentive", "1500", "--reason", "x", said="cannot be")
    refused("clarify", str(path), "REPM-2026-099", "Net worth", "500", "--reason", "x", said="No bid has")
    refused("approve", str(path), "--by", " ", said="--by")
    assert run(capsys, "approve", str(path))[0] == 0
    refused("approve", str(path), said="approved already")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "REPM-2026-077.csv").write_text("Bid reference,Quoted incentive (INR per kg)\nREPM-2026-077,1500\n")
    refused("open-prices", str(path), fin, str(extra), said="REPM-2026-077, which is not among the technical covers")
    (extra / "REPM-2026-077.csv").unlink()
    (extra / "second.csv").write_text("Bid reference,Quoted incentive (INR per kg)\nREPM-2026-001,1500\n")
    refused("open-prices", str(path), fin, str(extra), said="second cover for bid REPM-2026-001")
    refused("open-prices", str(path), str(extra), said="No financial cover was given for bid REPM-2026-002")
    assert run(capsys, "open-prices", str(path), fin)[0] == 0
    refused("open-prices", str(path), fin, said="open already")
    refused("clarify", str(path), "REPM-2026-001", "Net worth", "500", "--reason", "x", said="frozen")
    refused("reopen", str(path), "--reason", " ", said="needs a reason")
    code, out, err = run(capsys, "evaluate", str(path), "--json", "-")
    assert code == 0 and json.loads(out)["stage"] == "prices_opened"  # what was recorded stands


def test_one_cover_has_no_stages_on_the_command_line(capsys, tmp_path: Path, user: str) -> None:
    one = write_one_cover_sample(tmp_path / "one")
    path = tmp_path / "one.repm"
    code, out, err = run(
        capsys, "evaluate", str(one / "bids"), "--scheme", str(one / "scheme.toml"), "--save", str(path), "--quiet"
    )
    assert code == 0, err
    for args in (
        ("approve", str(path)),
        ("open-prices", str(path), str(one / "bids")),
        ("reopen", str(path), "--reason", "x"),
    ):
        code, out, err = run(capsys, *args)
        assert code == 2 and "one cover" in err and "Traceback" not in err


def test_the_technical_report_shows_the_verified_value_beside_the_declared_one(
    capsys, split: Path, tmp_path: Path, user: str
) -> None:
    from repm_bids.io.award_technical import SHEET

    path = saved_technical(capsys, split, tmp_path)
    code, out, err = run(
        capsys, "clarify", str(path), "REPM-2026-010", "Commissioning", "18 months", "--reason", "Covering letter"
    )
    assert code == 0, err
    assert run(capsys, "approve", str(path), "--by", "R. Sharma")[0] == 0
    code, out, err = run(capsys, "evaluate", str(path), "--out", str(tmp_path / "technical.xlsx"))
    assert code == 0, err
    sheet = openpyxl.load_workbook(tmp_path / "technical.xlsx", read_only=True)[SHEET]
    rows = [
        r for r in sheet.iter_rows(values_only=True) if r and r[0] == "REPM-2026-010" and "Commissioning" in str(r[2])
    ]
    assert [(r[4], r[6]) for r in rows] == [("18 months", "pass")]
