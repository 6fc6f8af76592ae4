"""What a person sees is what is read: a value in a hidden row or column is refused with a sentence naming the
cell (and, where there is one, the value a person does see)."""

from __future__ import annotations

from repm_bids.io.intake import read_input_bytes
from tests.io.corpus import form_bytes, table_rows, table_workbook, to_bytes


def _errors(data: bytes) -> list:
    bids, _ = read_input_bytes("bid.xlsx", data)
    (bid,) = bids
    return list(bid.errors)


def test_a_value_in_a_hidden_column_is_refused_naming_what_is_seen():
    def hide(wb):
        ws = wb["Financial Bid"]
        row = next(c.row for c in ws["A"] if c.value == "Quoted incentive (INR per kg)")
        ws[f"B{row}"] = 1540
        ws[f"C{row}"] = 2140  # the printed form shows this one
        ws.column_dimensions["B"].hidden = True

    (e,) = _errors(form_bytes(edit=hide))
    assert e.field == "quoted_incentive" and e.sheet == "Financial Bid"
    assert "in a hidden column" in e.message and "1540" in e.message and "sees 2140" in e.message


def test_a_value_in_a_hidden_row_is_refused():
    def hide(wb):
        ws = wb["Bid Form"]
        row = next(c.row for c in ws["A"] if c.value == "Capacity offered (MTPA)")
        ws.row_dimensions[row].hidden = True

    (e,) = _errors(form_bytes(edit=hide))
    assert e.field == "capacity" and "is hidden" in e.message and "unhide the row" in e.message


def test_a_hidden_row_of_a_bids_table_is_refused():
    wb = table_workbook(table_rows(3))
    wb.active.row_dimensions[3].hidden = True
    bids, _ = read_input_bytes("table.xlsx", to_bytes(wb))
    hidden = [b for b in bids if b.errors]
    assert len(hidden) == 1 and all("hidden row 3" in e.message for e in hidden[0].errors)


def test_a_merged_area_reads_what_it_shows_and_notes_the_cell():
    def merge(wb):
        ws = wb["Financial Bid"]
        row = next(c.row for c in ws["A"] if c.value == "Quoted incentive (INR per kg)")
        ws[f"B{row}"] = 2140
        ws[f"C{row}"] = 1540  # the merge keeps only the top-left value, as a spreadsheet program shows it
        ws.merge_cells(f"B{row}:C{row}")

    bids, _ = read_input_bytes("bid.xlsx", form_bytes(edit=merge))
    assert bids[0].values["quoted_incentive"] == 2140.0

    def merge_rows(wb):
        ws = wb["Bid Form"]
        row = next(c.row for c in ws["A"] if c.value == "Metal to alloy")
        ws.merge_cells(f"B{row - 1}:B{row}")  # one Yes shown across two rows

    bids, _ = read_input_bytes("bid.xlsx", form_bytes(edit=merge_rows))
    note = bids[0].readings["stage_metal_alloy"].note
    assert note and note.startswith("merged cell: value of B")
