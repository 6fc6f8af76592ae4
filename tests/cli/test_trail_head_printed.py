"""The saved evaluation's audit trail head is printed in the award workbook written from it, as `log` printed it
when the workbook was written; `verify` checks the printed head against the trail."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from repm_bids.io.store_verify import workbook_trail_head
from repm_bids.services.saved import read_trail

from .cli_run import run


def _printed_head_in_log(capsys, repm: Path) -> str:
    code, out, _ = run(capsys, "log", str(repm))
    assert code == 0
    return out.rstrip().splitlines()[-1].strip()


def _texts(book: Path) -> list[str]:
    wb = openpyxl.load_workbook(book)
    try:
        return [c.value for row in wb["Summary"].iter_rows() for c in row if isinstance(c.value, str)]
    finally:
        wb.close()


def _footer(book: Path) -> str:
    wb = openpyxl.load_workbook(book)
    try:
        return str(wb["Summary"].oddFooter.right.text)
    finally:
        wb.close()


def test_save_and_out_prints_the_head_log_gives_before_the_export(demo: Path, tmp_path: Path, capsys) -> None:
    repm, book = tmp_path / "e.repm", tmp_path / "award.xlsx"
    code, _, err = run(
        capsys, "evaluate", str(demo / "technical"), "--scheme", str(demo / "scheme.toml"), "--save", str(repm),
        "--out", str(book),
    )  # fmt: skip
    assert code == 0, err
    trail = read_trail(repm)
    export = trail.entries[-1]
    assert export.action == "exported"
    head = workbook_trail_head(book)
    assert head == export.prev_hash == export.details["trail_head"]  # the head `log` printed just before the export
    assert f"Audit trail head: {head}" in _texts(book)
    assert f"Audit trail head: {head[:16]}…" in _footer(book)


def test_evaluate_a_saved_evaluation_prints_its_head_and_verify_matches(demo: Path, tmp_path: Path, capsys) -> None:
    repm, first, book = tmp_path / "e.repm", tmp_path / "first.xlsx", tmp_path / "award.xlsx"
    args = ("evaluate", str(demo / "technical"), "--scheme", str(demo / "scheme.toml"), "--save", str(repm))
    assert run(capsys, *args, "--out", str(first))[0] == 0
    shutil.rmtree(demo / "technical")
    head_now = _printed_head_in_log(capsys, repm)
    code, _, err = run(capsys, "evaluate", str(repm), "--out", str(book))
    assert code == 0, err
    assert workbook_trail_head(book) == head_now
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 0, out
    code, out, _ = run(capsys, "verify", str(first), str(repm))  # the earlier export still verifies
    assert code == 0, out


def test_verify_refuses_an_edited_head(demo: Path, tmp_path: Path, capsys) -> None:
    repm, book = tmp_path / "e.repm", tmp_path / "award.xlsx"
    args = ("evaluate", str(demo / "technical"), "--scheme", str(demo / "scheme.toml"), "--save", str(repm))
    assert run(capsys, *args, "--out", str(book))[0] == 0
    head = workbook_trail_head(book)
    assert head is not None
    forged = ("0" if head[0] != "0" else "1") + head[1:]
    wb = openpyxl.load_workbook(book)
    for row in wb["Summary"].iter_rows():
        for c in row:
            if c.value == f"Audit trail head: {head}":
                c.value = f"Audit trail head: {forged}"
    wb.save(book)
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1
    assert f"audit trail head ({forged[:16]}…) is not the hash of any entry of this trail" in out


def test_a_workbook_not_from_a_saved_evaluation_says_so(demo: Path, tmp_path: Path, capsys) -> None:
    book = tmp_path / "award.xlsx"
    code, _, err = run(
        capsys, "evaluate", str(demo / "technical"), "--scheme", str(demo / "scheme.toml"), "--out", str(book)
    )
    assert code == 0, err
    assert "Audit trail head: not saved: no audit trail" in _texts(book)
    assert "not saved: no audit trail" in _footer(book)
    assert workbook_trail_head(book) is None


def _letter_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_letters_print_the_head_log_prints_or_say_not_saved(one_cover: Path, tmp_path: Path, capsys) -> None:
    repm = tmp_path / "e.repm"
    assert (
        run(
            capsys, "evaluate", str(one_cover / "bids"), "--scheme", str(one_cover / "scheme.toml"), "--save", str(repm)
        )[0]
        == 0
    )
    head = _printed_head_in_log(capsys, repm)
    code, _, err = run(capsys, "letters", str(repm), str(tmp_path / "saved"))
    assert code == 0, err
    letters = sorted((tmp_path / "saved").iterdir())
    assert letters and all(f"Audit trail head: {head}" in _letter_text(p) for p in letters)
    code, _, err = run(
        capsys, "letters", str(one_cover / "bids"), "--scheme", str(one_cover / "scheme.toml"), str(tmp_path / "b")
    )
    assert code == 0, err
    assert "Audit trail head: not saved: no audit trail." in _letter_text(next((tmp_path / "b").iterdir()))
