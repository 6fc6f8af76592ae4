"""The committee's own tables (the receipt register, the decisions file) sitting in a folder of bids are not read as
bids: each is refused with a sentence that says what it is and how to give it, and no bid comes from it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from repm_bids.io.intake import read_inputs
from repm_bids.services.samples import write_demo


def test_the_demo_folder_gives_no_bid_from_the_committees_tables(tmp_path: Path) -> None:
    write_demo(tmp_path)
    intake = read_inputs([tmp_path])
    assert intake.bids == []
    named = {Path(p.path).name: p for p in intake.problems}
    assert named["receipts.csv"].code == "receipts_not_bids"
    assert named["decisions.csv"].code == "decisions_not_bids"
    assert "receipt register" in named["receipts.csv"].message and "--receipts" in named["receipts.csv"].message
    assert not any(p.code == "field_no_column" for p in intake.problems)


def test_a_receipt_register_workbook_is_not_read_as_bids(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Bid reference", "Bidder", "Received at"])
    sheet.append(["REPM-1", "Acme", "29-06-2026 10:01"])
    book.save(tmp_path / "register.xlsx")
    intake = read_inputs([tmp_path / "register.xlsx"])
    assert intake.bids == [] and [p.code for p in intake.problems] == ["receipts_not_bids"]


def test_a_bids_table_with_a_time_column_is_still_read(tmp_path: Path) -> None:
    table = tmp_path / "bids.csv"
    table.write_text(
        "Bid reference,Bidder name,Capacity offered (MTPA),Bidder type,Received at\nREPM-1,Acme,500,Company,x\n",
        encoding="utf-8",
    )
    intake = read_inputs([table])
    assert [b.bid_ref for b in intake.bids] == ["REPM-1"]
    assert not any(p.code == "receipts_not_bids" for p in intake.problems)
