"""Text that leaves the tool is clean: a bidder's ESC, CR or bidirectional controls and a file name with a newline
are shown escaped on the terminal; characters XML forbids never break the award workbook."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from repm_bids.domain.fields import FIELDS
from repm_bids.domain.shown import shown, shown_lines
from tests.factories import bid_values

from .cli_run import run


def write_bid(path: Path, ref: str, name: str, quote: float = 1500.0) -> Path:
    values = bid_values(ref, quoted_incentive=quote, capacity=600.0)
    values["bidder_name"] = name

    def text(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "yes" if v else "no"
        return v.isoformat(sep=" ") if hasattr(v, "isoformat") else str(v)

    header = ",".join(f.key for f in FIELDS)
    row = ",".join(f'"{text(values[f.key])}"' for f in FIELDS)
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    return path


def test_the_helper_escapes_every_control_but_keeps_the_text() -> None:
    assert shown("A\x1b[2K\rB\nC\u202eD\uffff") == "A\\u001b[2K\\rB\\nC\\u202eD\\uffff"
    assert shown_lines("line 1\nline\x1b 2\n") == "line 1\nline\\u001b 2\n"
    assert shown("Sharma Magnets Pvt Ltd ₹ १२००") == "Sharma Magnets Pvt Ltd ₹ १२००"


def test_a_bidders_escape_codes_cannot_erase_another_bids_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "bids"
    folder.mkdir()
    write_bid(folder / "a.csv", "R-001", "Honest Ltd", quote=99_999)
    write_bid(folder / "b.csv", "R-002", "Evil Ltd\x1b[1A\x1b[2K\r")
    bad = folder / "c\x1b[1A\x1b[2K\r.csv"  # a file name that would erase the line above it
    write_bid(bad, "R-003", "Other Ltd")
    code, out, _ = run(capsys, "check", str(folder))
    assert "\x1b" not in out and "\r" not in out
    assert "c\\u001b[1A\\u001b[2K\\r.csv" in out
    assert any(line.startswith("  fail ") for line in out.splitlines())  # the honest bid's failure is still there
    code, out, _ = run(capsys, "evaluate", str(folder))
    assert code == 0 and "\x1b" not in out and "\r" not in out


def test_a_file_name_with_a_newline_or_escape_stays_on_its_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "bids"
    folder.mkdir()
    write_bid(folder / "ok.csv", "R-001", "Honest Ltd")
    bad = folder / "x\nR-009 passes every check\x1b[0m.csv"
    bad.write_text("not a bid\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(folder))
    assert "\x1b" not in out
    assert not any(line.startswith("R-009 passes every check") for line in out.splitlines())
    assert "x\\nR-009 passes every check\\u001b[0m.csv" in out


def test_the_json_result_on_standard_output_stays_valid_and_means_the_same(tmp_path: Path, capsys) -> None:
    document = json.dumps({"name": "Right\u202eto left\x85 Ltd\x1b", "n": 1}, ensure_ascii=False)
    escaped = shown_lines(document)
    assert "\u202e" not in escaped and "\x85" not in escaped
    assert json.loads(escaped) == json.loads(document)
    folder = tmp_path / "bids"
    folder.mkdir()
    write_bid(folder / "a\u202e.csv", "R-001", "Some Ltd")
    code, out, _ = run(capsys, "evaluate", str(folder), "--json", "-")
    assert code == 0 and "\u202e" not in out
    assert [i["path"] for i in json.loads(out)["inputs"]] == [str(folder / "a\u202e.csv")]


def test_characters_xml_forbids_never_break_the_award_workbook(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "bids"
    folder.mkdir()
    write_bid(folder / "a.csv", "R-001", "Broken\uffff Name\ufffe Ltd\x1b")
    book, repm = tmp_path / "award.xlsx", tmp_path / "e.repm"
    code, _, err = run(capsys, "evaluate", str(folder), "--save", str(repm), "--out", str(book))
    assert code == 0, err
    wb = openpyxl.load_workbook(book)  # well-formed XML: openpyxl opens it
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    wb.close()
    assert not any(ch in t for t in texts for ch in "\uffff\ufffe\x1b")
    assert any("Broken" in t and "Name" in t for t in texts)
    assert any("characters a workbook cannot hold" in t and "were replaced" in t for t in texts)  # and noted
    code, out, err = run(capsys, "verify", str(book), str(repm))
    assert code == 0, out + err
