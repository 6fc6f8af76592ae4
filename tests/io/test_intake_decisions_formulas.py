"""Contract 1.4 holds for the decisions file too: a formula with no saved result is an error naming its cell,
not an empty cell or no remark."""

from __future__ import annotations

import io

import openpyxl

from repm_bids.io.intake import read_decisions_bytes


def decisions_book(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Decisions"
    ws.append(["Bid reference", "Technically qualified", "Remarks"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl saves formulas without a result, as a file never opened in Excel would be
    return buf.getvalue()


def test_formula_without_saved_result_is_an_error_naming_the_cell():
    data = decisions_book(
        [["R-1", '=IF(TRUE,"Yes","No")', "ok"], ["R-2", "No", '=CONCAT("no ","DPR")'], ["R-3", "Yes", ""]]
    )
    decisions, problems = read_decisions_bytes("decisions.xlsx", data)
    assert decisions == []  # the committee's file is refused whole
    by_cell = {p.cell: p.message for p in problems}
    assert set(by_cell) == {"B2", "C3", None}
    assert "refused whole" in by_cell[None] and "B2, C3" in by_cell[None]
    assert "formula with no saved result" in by_cell["B2"] and by_cell["B2"].startswith("Technically qualified")
    assert by_cell["C3"].startswith("Remarks")
    assert all(p.sheet == "Decisions" for p in problems)


def test_plain_decisions_are_read_as_before():
    decisions, problems = read_decisions_bytes("d.xlsx", decisions_book([["R-1", "no", "DPR incomplete"]]))
    assert problems == []
    assert (decisions[0].bid_ref, decisions[0].qualified, decisions[0].remarks) == ("R-1", False, "DPR incomplete")


def test_the_low_quote_decision_has_its_own_column_and_a_file_without_it_is_read_as_before():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Decisions"
    ws.append(["Bid reference", "Technically qualified", "Low quote accepted", "Remarks"])
    ws.append(["R-1", "Yes", "Yes", "The bidder waives the incentive; justified."])
    ws.append(["R-2", None, "No", "No justification of the price."])
    ws.append(["R-3", "Yes", None, ""])
    ws.append(["R-4", None, None, "Neither decided."])
    buf = io.BytesIO()
    wb.save(buf)
    decisions, problems = read_decisions_bytes("d.xlsx", buf.getvalue())
    assert decisions == []  # the fourth row decides nothing: the file is refused whole
    assert any(p.cell == "B5" and "both empty" in p.message for p in problems)
    ws.delete_rows(5)
    buf = io.BytesIO()
    wb.save(buf)
    decisions, problems = read_decisions_bytes("d.xlsx", buf.getvalue())
    assert problems == []
    assert [(d.bid_ref, d.qualified, d.low_quote) for d in decisions] == [
        ("R-1", True, True),
        ("R-2", None, False),
        ("R-3", True, None),
    ]
    old, problems = read_decisions_bytes("d.xlsx", decisions_book([["R-1", "Yes", ""]]))
    assert problems == [] and (old[0].qualified, old[0].low_quote) == (True, None)
