"""Issue 3, 'reject with a clear error, the other bids unaffected': each refusal names file, sheet, cell or line,
the field and says what to do, in a sentence."""

from __future__ import annotations

import pytest

from repm_bids.domain.models import Severity
from repm_bids.io.intake import read_input_bytes

from .corpus import (
    csv_text,
    form_bytes,
    form_workbook,
    label,
    replace_in_part,
    rewrite_parts,
    table_rows,
    table_workbook,
    to_bytes,
    with_formula,
)


def one_error(bid):
    assert len(bid.errors) == 1, bid.errors
    e = bid.errors[0]
    assert e.severity == Severity.ERROR and e.bid_ref == "REPM-001" and e.path == "bid.xlsx"
    return e


@pytest.mark.parametrize(
    ("key", "typed", "cell", "message"),
    [
        ("capacity", "twelve hundred", "B14", "Capacity offered (MTPA) must be a number; found 'twelve hundred'."),
        (
            "capacity",
            "1200 or 1100",
            "B14",
            "Capacity offered (MTPA) must be one number; found '1200 or 1100', which holds more than one.",
        ),
        (
            "capacity",
            "1.2 kt",
            "B14",
            "Capacity offered (MTPA): the unit 'kt' in '1.2 kt' does not match the field; write the value in MTPA.",
        ),
        ("stage_alloy_magnet", "maybe", "B19", "Alloy to magnet must be Yes or No; found 'maybe'."),
        (
            "submitted_at",
            "29th June",
            "B25",
            "Submitted at must be a date and time such as 30/06/2026 14:05, 30-Jun-2026 14:05 or 2026-06-30 14:05; "
            "found '29th June'.",
        ),
        (
            "commissioning_months",
            18.5,
            "B21",
            "Commissioning (months from award) must be a whole number of months; found '18.5'.",
        ),
        ("capacity", True, "B14", "Capacity offered (MTPA) must be a number; found TRUE (a yes/no value)."),
        ("bidder_type", "LLP", "B9", "Bidder type must be one of Company, Consortium; found 'LLP'."),
        (
            "capacity",
            "1e400",
            "B14",
            "Capacity offered (MTPA): '1e400' is written with an exponent; write the number in full.",
        ),
    ],
)
def test_bad_value_is_an_error_naming_where(read_one, key, typed, cell, message):
    bid, _ = read_one(form_bytes(**{key: typed}))
    e = one_error(bid)
    assert (e.sheet, e.cell, e.field, e.message) == ("Bid Form", cell, key, message)
    assert bid.values[key] is None
    assert e.where == f"bid.xlsx, sheet Bid Form, cell {cell}"


def test_ambiguous_fraction_in_plain_percent_cell(read_one):
    def plain(wb):
        wb["Bid Form"]["B24"].number_format = "General"

    bid, _ = read_one(form_bytes(dva_pct=0.62, edit=plain))
    e = one_error(bid)
    assert e.cell == "B24" and e.field == "dva_pct"
    assert e.message == "Domestic value addition (%): 0.62 is ambiguous; write the percentage as '62%' (or 62)."


def test_missing_required_row(read_one):
    def drop(wb):
        wb["Bid Form"].delete_rows(14)  # the capacity row

    bid, _ = read_one(form_bytes(edit=drop))
    e = one_error(bid)
    assert e.field == "capacity" and e.cell is None
    assert e.message == "Capacity offered (MTPA) is missing: no row labelled 'Capacity offered (MTPA)' was found."


def test_empty_required_value(read_one):
    bid, _ = read_one(form_bytes(capacity=None))
    e = one_error(bid)
    assert e.field == "capacity" and e.cell == "B14"
    assert e.message.startswith("Capacity offered (MTPA) is empty; it is required")


def test_consortium_needs_lead_equity(read_one):
    bid, _ = read_one(form_bytes(bidder_type="Consortium"))
    e = one_error(bid)
    assert e.field == "lead_equity_pct"
    assert "required when Bidder type is Consortium" in e.message


def test_formula_without_saved_result(read_one):
    bid, _ = read_one(with_formula(form_bytes(), "Bid Form", "B14", "600*2", None))
    e = one_error(bid)
    assert (e.cell, e.field) == ("B14", "capacity")
    assert e.message == (
        "Capacity offered (MTPA): the cell holds a formula with no saved result; open the file in a spreadsheet "
        "program and save it, or type the value."
    )


def test_formula_with_error_result(read_one):
    bid, _ = read_one(with_formula(form_bytes(), "Financial Bid", "B8", "#REF!*2", "#REF!", kind="e"))
    e = one_error(bid)
    assert (e.sheet, e.cell, e.field) == ("Financial Bid", "B8", "quoted_incentive")
    assert e.message == (
        "Quoted incentive (INR per kg): the cell shows the error #REF!; correct the formula or type the value."
    )


def test_same_field_twice_with_different_values(read_one):
    def twice(wb):
        wb["Financial Bid"]["B7"] = "REPM-002"

    bid, problems = read_one(form_bytes(edit=twice))
    assert problems == []
    (e,) = bid.errors
    assert (e.sheet, e.cell, e.field, e.bid_ref) == ("Financial Bid", "B7", "bid_ref", None)
    assert e.message == (
        "Bid reference is given twice with different values (Bid Form!A7 and Financial Bid!A7); keep one row."
    )


def test_text_over_the_cell_limit(read_one):
    # openpyxl cuts text at the limit when it writes; a file from elsewhere need not
    data = replace_in_part(
        form_bytes(), "xl/worksheets/sheet1.xml", b"<t>Shakti Magnetics Ltd</t>", b"<t>" + b"x" * 33_000 + b"</t>"
    )
    bid, _ = read_one(data)
    e = one_error(bid)
    assert e.field == "bidder_name"
    assert e.message == "Bidder name holds 33,000 characters, more than the 32,767 a spreadsheet cell can hold."


def test_workbook_with_no_bid():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Minutes of the pre-bid meeting"
    bids, problems = read_input_bytes("notes.xlsx", to_bytes(wb))
    assert bids == []
    assert len(problems) == 1 and problems[0].severity == Severity.ERROR
    assert problems[0].message.startswith("No bid found in this workbook")


@pytest.mark.parametrize(
    ("name", "data", "start"),
    [
        ("bid.xlsx", b"", "The file is empty (0 bytes)"),
        ("bid.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02", "The file is not a valid Excel workbook"),
        ("bid.docx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is neither an Excel workbook"),
        (
            "bid.xlsx",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "The file is named .xlsx but holds a web page",
        ),
        (
            "bid.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "This is an old-format Office file that is not a readable Excel 97-2003 workbook (.xls)",
        ),
        (
            "bid.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100,
            "The workbook is password-protected; remove the password and save a copy",
        ),
    ],
)
def test_files_that_are_not_readable_workbooks(name, data, start):
    bids, problems = read_input_bytes(name, data)
    assert bids == []
    assert len(problems) == 1
    p = problems[0]
    assert p.severity == Severity.ERROR and p.path == name
    assert p.message.startswith(start), p.message


def test_truncated_workbook():
    data = form_bytes()
    for cut in (len(data) // 2, len(data) - 10, 100):
        bids, problems = read_input_bytes("bid.xlsx", data[:cut])
        assert bids == []
        assert len(problems) == 1 and "damaged or incomplete" in problems[0].message


def test_ods_is_refused_with_advice():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    bids, problems = read_input_bytes("bid.ods", buf.getvalue())
    assert bids == [] and problems[0].message.startswith(
        "This is an OpenDocument spreadsheet (.ods), which is not read"
    )
    assert "save it as an Excel workbook (.xlsx)" in problems[0].message


def test_zip_that_is_not_a_workbook():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    bids, problems = read_input_bytes("bid.xlsx", buf.getvalue())
    assert bids == [] and problems[0].message.startswith("The file is a zip archive but not an Excel workbook")


def test_bad_row_in_table_leaves_other_bids_valid():
    rows = table_rows(3)
    rows[1]["capacity"] = "lots"
    bids, problems = read_input_bytes("table.xlsx", to_bytes(table_workbook(rows)))
    assert [len(b.errors) for b in bids] == [0, 1, 0]
    e = bids[1].errors[0]
    assert (e.sheet, e.cell, e.field, e.bid_ref) == ("Bids", "H3", "capacity", "REPM-002")
    assert e.message == "Capacity offered (MTPA) must be a number; found 'lots'."


def test_bad_row_in_csv_names_the_line():
    rows = table_rows(3)
    rows[2]["dpr_submitted"] = "pending"
    bids, _ = read_input_bytes("bids.csv", csv_text(rows).encode())
    e = bids[2].errors[0]
    assert (e.line, e.cell, e.sheet, e.field, e.bid_ref) == (4, None, None, "dpr_submitted", "REPM-003")
    assert e.where == "bids.csv, line 4"


def test_csv_missing_column_is_an_error_in_every_bid():
    text = csv_text(table_rows(2)).replace(label("capacity") + ",", "Remarks,", 1)
    bids, problems = read_input_bytes("bids.csv", text.encode())
    assert all(
        any(e.field == "capacity" and "the table has no column for it" in e.message for e in b.errors) for b in bids
    )
    assert any("Columns not part of the bid form were ignored: 'Remarks'" in p.message for p in problems)


def test_csv_in_another_encoding_is_refused():
    data = csv_text(table_rows(1)).replace("Bidder 1", "Bídder 1").encode("cp1252")
    bids, problems = read_input_bytes("bids.csv", data)
    assert bids == []
    assert problems[0].message.startswith("The file is not UTF-8 text (an unreadable byte on line 2)")
    assert "CSV UTF-8" in problems[0].message


def test_csv_without_header():
    bids, problems = read_input_bytes("bids.csv", b"a,b,c\n1,2,3\n")
    assert bids == [] and problems[0].message.startswith("No bid found: no header row with 'Bid reference'")


def test_table_header_only():
    bids, problems = read_input_bytes("table.xlsx", to_bytes(table_workbook([])))
    assert bids == [] and problems[0].message == "No bid found: the bids table has a header row but no bid below it."


def test_error_cell_in_table():
    data = to_bytes(table_workbook(table_rows(1)))

    def edit(name, body):
        if name == "xl/worksheets/sheet1.xml":
            import re

            return re.sub(
                rb'<c r="H2"([^>]*?)(/>|>.*?</c>)',
                b'<c r="H2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
                body,
                flags=re.DOTALL,
            )
        return body

    bids, _ = read_input_bytes("table.xlsx", rewrite_parts(data, edit))
    e = bids[0].errors[0]
    assert (e.cell, e.field) == ("H2", "capacity") and "the cell shows the error #DIV/0!" in e.message


def test_percent_cell_in_table():
    rows = table_rows(1, dva_pct=0.62)
    wb = table_workbook(rows)
    wb.active["R2"].number_format = "0%"
    bids, _ = read_input_bytes("table.xlsx", to_bytes(wb))
    assert bids[0].errors == () and bids[0].values["dva_pct"] == 62.0


def test_hidden_sheets_are_not_read_and_named():
    wb = form_workbook()
    secret = wb.create_sheet("Workings")
    secret["A1"] = label("capacity")
    secret["B1"] = 5000
    secret.sheet_state = "hidden"
    bids, problems = read_input_bytes("bid.xlsx", to_bytes(wb))
    assert bids[0].values["capacity"] == 1200.0 and bids[0].errors == ()
    assert [p.message for p in problems] == ["Hidden sheets were not read: 'Workings'."]
    assert problems[0].severity == Severity.WARNING


def test_big_table_percent_cells_and_formulas_found_by_scanning():
    """Past a few cells the whole sheet is searched once: percent cells, formulas and error results still count."""
    import re

    rows = table_rows(12, dva_pct=0.62)
    wb = table_workbook(rows)
    for r in range(2, 14):
        wb.active[f"R{r}"].number_format = "0.0%"
    data = to_bytes(wb)

    def edit(name, body):
        if name != "xl/worksheets/sheet1.xml":
            return body
        body = re.sub(
            rb'<c r="H11"([^>]*?)(/>|>.*?</c>)', b'<c r="H11"><f>600*2</f><v>1200</v></c>', body, flags=re.DOTALL
        )
        body = re.sub(
            rb'<c r="H12"([^>]*?)(/>|>.*?</c>)', b'<c r="H12" t="e"><f>#REF!</f><v>#REF!</v></c>', body, flags=re.DOTALL
        )
        return re.sub(rb'<c r="H13"([^>]*?)(/>|>.*?</c>)', b'<c r="H13"><f>A1*2</f><v /></c>', body, flags=re.DOTALL)

    bids, problems = read_input_bytes("table.xlsx", rewrite_parts(data, edit))
    assert problems == []
    assert all(b.values["dva_pct"] == 62.0 for b in bids)
    assert [b.bid_ref for b in bids if b.errors] == ["REPM-011", "REPM-012"]
    assert bids[9].values["capacity"] == 1200.0 and bids[9].readings["capacity"].note == "formula: saved result used"
    assert "the cell shows the error #REF!" in bids[10].errors[0].message
    assert "formula with no saved result" in bids[11].errors[0].message
