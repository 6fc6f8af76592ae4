"""The receipt register: read in the worker like every input, row by row, each bad row a coded problem naming its
cell or line (docs/bid-files.md, "The receipt register")."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl

from repm_bids.domain.committee import Receipt
from repm_bids.io.intake import read_receipts


def register_book(rows: list[list[object]], *, title: str = "Receipts", hidden: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Bid opening summary, tender REPM/2026/01"])
    data = wb.create_sheet(title)
    data.append(["Bid opening summary"])  # a portal export may start with a title row
    data.append(["Sl. No.", "Bid ID", "Name of bidder", "Bid received at"])
    for row in rows:
        data.append(row)
    if hidden:
        ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_portal_workbook_is_read_by_its_own_column_names(tmp_path: Path) -> None:
    path = tmp_path / "receipts.xlsx"
    path.write_bytes(
        register_book(
            [
                [1, "REPM-001", "Bharat Magnets Ltd", datetime(2026, 6, 29, 10, 15, 32)],
                [2, "REPM-002", None, "29-06-2026 11:05"],
            ]
        )
    )
    receipts, problems, info = read_receipts(path)
    assert problems == []
    assert receipts == [
        Receipt("REPM-001", datetime(2026, 6, 29, 10, 15, 32), "Bharat Magnets Ltd"),
        Receipt("REPM-002", datetime(2026, 6, 29, 11, 5), None),
    ]
    assert info is not None and info.kind == "receipts" and info.bid_refs == ("REPM-001", "REPM-002")
    assert info.data == path.read_bytes()


def test_each_bad_row_is_named_and_the_others_are_used(tmp_path: Path) -> None:
    path = tmp_path / "receipts.csv"
    path.write_text(
        "Bid reference,Received at\n"
        "R-1,2026-06-29 10:00\n"
        ",2026-06-29 10:01\n"
        "R-2,after lunch\n"
        "R-3,\n"
        "r 4,2026-06-29 10:04\n"
        "R-4,2026-06-29 10:05\n"
        "R-5,2026-06-29 10:06\n",
        encoding="utf-8",
    )
    receipts, problems, _ = read_receipts(path)
    assert [r.bid_ref for r in receipts] == ["R-1", "R-5"]  # R-4 twice (spelled two ways): no time at all
    assert [(p.code, p.line) for p in problems] == [
        ("receipt_no_reference", 3),
        ("receipt_bad_time", 4),
        ("receipt_bad_time", 5),
        ("receipt_twice", 7),
    ]
    messages = [p.message for p in problems]
    assert "found 'after lunch'" in messages[1] and "R-3 is empty" in messages[2]
    assert "R-4 is in the receipt register twice (first at line 6)" in messages[3]


def test_a_register_without_its_columns_or_with_a_hidden_sheet_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "receipts.csv"
    path.write_text("Bid reference,Bidder\nR-1,Alpha Ltd\n", encoding="utf-8")
    receipts, problems, _ = read_receipts(path)
    assert receipts == [] and [p.code for p in problems] == ["receipt_columns"]
    assert "no column Received at" in problems[0].message
    hidden = tmp_path / "hidden.xlsx"
    hidden.write_bytes(register_book([[1, "R-1", None, datetime(2026, 6, 29, 10, 0)]], hidden=True))
    receipts, problems, _ = read_receipts(hidden)
    assert receipts == [] and "hidden sheets" in problems[0].message


def test_a_file_that_is_not_a_register_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "receipts.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook \xff" * 50)
    receipts, problems, info = read_receipts(path)
    assert receipts == [] and len(problems) == 1 and problems[0].path == str(path)
    assert info is not None  # the file was read: it stays evidence, by its SHA-256
