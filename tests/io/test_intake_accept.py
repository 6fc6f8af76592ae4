"""Issue 3, 'accept, normalised': every messy-but-reasonable bid form is read, and each normalisation is noted."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl.styles import Font

from repm_bids.domain.fields import FIELDS
from repm_bids.io.intake import read_input_bytes

from .corpus import EXPECTED, GOOD, csv_text, form_bytes, form_workbook, label, table_rows, table_workbook, to_bytes


def test_clean_form_reads_every_field(read_one):
    bid, problems = read_one(form_bytes())
    assert problems == []
    assert bid.errors == () and bid.warnings == ()
    assert dict(bid.values) == EXPECTED
    assert set(bid.values) == {f.key for f in FIELDS}
    assert bid.source.path == "bid.xlsx" and bid.source.sheet == "Bid Form"
    cap = bid.readings["capacity"]
    assert (cap.sheet, cap.cell, cap.raw, cap.value) == ("Bid Form", "B14", "1200", 1200.0)
    assert bid.readings["quoted_incentive"].sheet == "Financial Bid"
    assert bid.readings["dva_pct"].note == "percent cell 0.62 read as 62%"


def test_text_numbers_with_units_and_grouping(read_one):
    bid, _ = read_one(
        form_bytes(
            capacity="1,200 MTPA",
            net_worth_cr="INR 1,20,000 crore",
            investment_cr="₹ 1,890",
            quoted_incentive="Rs. 2,000/kg",
            bid_security_cr="\u00a05 cr\u00a0",
        )
    )
    assert bid.errors == ()
    v = bid.values
    assert (v["capacity"], v["net_worth_cr"], v["investment_cr"], v["quoted_incentive"], v["bid_security_cr"]) == (
        1200.0,
        120000.0,
        1890.0,
        2000.0,
        5.0,
    )
    assert bid.readings["capacity"].note == "read '1,200 MTPA' as 1200"


@pytest.mark.parametrize(("typed", "value"), [("51%", 51.0), ("51 %", 51.0), (51, 51.0), ("51", 51.0), (0.51, 51.0)])
def test_percent_forms(read_one, typed, value):
    bid, _ = read_one(form_bytes(bidder_type="Consortium", lead_equity_pct=typed))
    assert bid.errors == ()
    assert bid.values["lead_equity_pct"] == pytest.approx(value)


def test_all_yes_no_spellings(read_one):
    bid, _ = read_one(
        form_bytes(stage_oxide_metal="y", stage_metal_alloy="TRUE", stage_alloy_magnet=1, dpr_submitted="no")
    )
    assert bid.errors == ()
    assert [bid.values[k] for k in ("stage_oxide_metal", "stage_metal_alloy", "stage_alloy_magnet")] == [True] * 3
    assert bid.values["dpr_submitted"] is False


@pytest.mark.parametrize(
    "typed", [datetime(2026, 6, 29, 10, 15), "2026-06-29 10:15", "29/06/2026 10:15", "29-06-2026 10:15"]
)
def test_date_forms(read_one, typed):
    bid, _ = read_one(form_bytes(submitted_at=typed))
    assert bid.errors == ()
    assert bid.values["submitted_at"] == datetime(2026, 6, 29, 10, 15)


def test_formula_with_saved_result(read_one, tmp_path):
    # openpyxl never saves a formula's result; write the cached value into the XML as a spreadsheet program would.
    from .corpus import with_formula

    data = with_formula(form_bytes(), "Bid Form", "B14", "600*2", "1200")
    bid, _ = read_one(data)
    assert bid.errors == ()
    assert bid.values["capacity"] == 1200.0
    assert bid.readings["capacity"].note == "formula: saved result used"


def test_merged_value_cells(read_one):
    def merge(wb):
        ws = wb["Bid Form"]
        ws["B15"] = None
        ws.merge_cells("B14:B15")  # capacity's value cell merged down over net worth's row

    bid, _ = read_one(form_bytes(edit=merge))
    # net worth's row now points at the merged area: it takes the top-left value, noted
    assert bid.values["net_worth_cr"] == 1200.0
    assert bid.readings["net_worth_cr"].note == "merged cell: value of B14"


def test_labels_any_case_spacing_or_key_values_further_right(read_one):
    def edit(wb):
        ws = wb["Bid Form"]
        ws["A14"] = "  CAPACITY   offered (mtpa):"
        ws["A15"] = "net_worth_cr"
        ws["B15"] = None
        ws["E15"] = 410.5  # further right than column B, past the note
        ws["C15"] = None

    bid, _ = read_one(form_bytes(edit=edit))
    assert bid.errors == ()
    assert bid.values["capacity"] == 1200.0
    assert bid.values["net_worth_cr"] == 410.5
    assert bid.readings["net_worth_cr"].cell == "E15"


def test_rows_moved_blank_rows_headings_and_notes(read_one):
    wb = form_workbook()
    ws = wb["Bid Form"]
    ws.insert_rows(10, amount=3)
    ws["A11"] = "SECTION B — TECHNICAL DETAILS"
    ws["A11"].font = Font(bold=True)
    ws["A12"] = "Note: all figures audited."
    ws.move_range("A30:C30", rows=5)
    bid, _ = read_one(to_bytes(wb))
    assert bid.errors == ()
    assert dict(bid.values) == EXPECTED


def test_single_sheet_holding_both_covers(read_one):
    wb = form_workbook()
    fin = wb["Financial Bid"]
    wb["Bid Form"]["A40"] = label("quoted_incentive")
    wb["Bid Form"]["B40"] = 1950
    wb.remove(fin)
    wb["Bid Form"].title = "Sheet1"
    bid, _ = read_one(to_bytes(wb))
    assert bid.errors == ()
    assert bid.values["quoted_incentive"] == 1950.0


def test_zero_width_and_bidi_characters_stripped_with_note(read_one):
    bid, _ = read_one(form_bytes(bidder_name="Shakti\u200b Magnetics\u202e Ltd", bid_ref="\ufeffREPM-001"))
    assert bid.values["bidder_name"] == "Shakti Magnetics Ltd"
    assert bid.values["bid_ref"] == "REPM-001"
    assert "zero-width characters removed" in bid.readings["bidder_name"].note
    assert "text-direction control characters removed" in bid.readings["bidder_name"].note


def test_choice_normalised(read_one):
    bid, _ = read_one(form_bytes(bidder_type="company"))
    assert bid.values["bidder_type"] == "Company"


def test_xlsm_read_without_macros_running(read_one):
    from .corpus import add_part

    data = add_part(form_bytes(), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    bid, problems = read_one(data, "bid.xlsm")
    assert bid.errors == ()
    assert [p.message for p in problems] == [
        "The workbook contains macros; they were not run. Only the cells' values were read."
    ]


def test_bids_table_header_not_on_row_one():
    wb = table_workbook(table_rows(3), sheet="Sheet1", header_row=4)
    ws = wb.active
    ws["A1"] = "Bids received, REPM tender"
    ws.insert_rows(7)  # a blank row between bids
    bids, problems = read_input_bytes("table.xlsx", to_bytes(wb))
    assert problems == []
    assert [b.bid_ref for b in bids] == ["REPM-001", "REPM-002", "REPM-003"]
    assert all(b.errors == () for b in bids)
    assert bids[0].readings["capacity"].cell == "H5"
    assert bids[0].values["dva_pct"] == 62.0


def test_bids_table_by_keys():
    bids, problems = read_input_bytes("table.xlsx", to_bytes(table_workbook(table_rows(2), keys=True)))
    assert problems == [] and len(bids) == 2 and all(not b.errors for b in bids)


def test_csv_with_bom_and_crlf():
    data = b"\xef\xbb\xbf" + csv_text(table_rows(2)).encode("utf-8")
    assert b"\r\n" in data
    bids, problems = read_input_bytes("bids.csv", data)
    assert problems == []
    assert [b.bid_ref for b in bids] == ["REPM-001", "REPM-002"]
    assert all(b.errors == () for b in bids)
    assert bids[1].readings["capacity"].line == 3
    assert bids[1].source.line == 3


def test_csv_semicolons_when_header_clearly_uses_them():
    data = csv_text(table_rows(1), sep=";").encode()
    bids, problems = read_input_bytes("bids.csv", data)
    assert len(bids) == 1 and bids[0].errors == ()
    assert [p.message for p in problems] == [
        "CSV file: the header row is separated by semicolons; read with semicolons."
    ]


def test_csv_utf16_with_bom():
    data = csv_text(table_rows(1)).encode("utf-16")
    bids, problems = read_input_bytes("bids.csv", data)
    assert len(bids) == 1 and bids[0].errors == ()


def test_values_match_between_form_table_and_csv(read_one):
    row = dict(GOOD, dva_pct=62)
    form, _ = read_one(form_bytes(row, dva_pct="62%"))
    (tab,), _ = read_input_bytes("t.xlsx", to_bytes(table_workbook([row])))
    (csv,), _ = read_input_bytes("t.csv", csv_text([row]).encode())
    assert dict(form.values) == dict(tab.values) == dict(csv.values)


def test_table_on_some_other_sheet_of_several():
    wb = table_workbook(table_rows(2), sheet="Sheet1")
    wb.create_sheet("Notes")["A1"] = "Prepared by the tender cell"
    bids, problems = read_input_bytes("t.xlsx", to_bytes(wb))
    assert [b.bid_ref for b in bids] == ["REPM-001", "REPM-002"] and all(not b.errors for b in bids)
    assert [p.message for p in problems] == [
        "Sheet 'Sheet1' was read as a bids table (no sheet is named 'Bids', 'Bid Form' or 'Financial Bid')."
    ]
