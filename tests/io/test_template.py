"""The blank bid form: one row per field, from the single declaration; what the readers read back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from repm_bids.domain.fields import FIELDS, Cover
from repm_bids.io.atomic import WriteFailed
from repm_bids.io.intake import read_inputs
from repm_bids.io.template import HEADER_ROW, write_template


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "form.xlsx"
    write_template(path)
    return path


def test_sheets_rows_and_look(template):
    wb = load_workbook(template)
    assert wb.sheetnames == [Cover.TECHNICAL.value, Cover.FINANCIAL.value]
    tech = wb[Cover.TECHNICAL.value]
    labels = [tech.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, tech.max_row + 1)]
    assert labels == [f.label for f in FIELDS if f.cover == Cover.TECHNICAL]
    fin = wb[Cover.FINANCIAL.value]
    assert [fin.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, fin.max_row + 1)] == [
        "Bid reference",
        "Quoted incentive (INR per kg)",
    ]
    first = tech.cell(row=HEADER_ROW + 1, column=2)
    assert first.value is None and first.fill.fgColor.rgb.endswith("FFF7D6")
    assert tech.cell(row=HEADER_ROW + 1, column=1).font.b
    assert tech.column_dimensions["A"].width == 44 and tech.freeze_panes == f"A{HEADER_ROW + 1}"
    lists = {dv.formula1 for dv in tech.data_validations.dataValidation}
    assert '"Yes,No"' in lists and '"Company,Consortium"' in lists


def test_blank_form_is_a_warning_not_a_bid(template):
    intake = read_inputs([template])
    assert intake.bids == []
    assert [p.severity.value for p in intake.problems] == ["warning"]
    assert "blank bid form" in intake.problems[0].message


def test_help_text_is_never_a_value(tmp_path):
    from openpyxl import load_workbook

    from repm_bids.io.template import write_template

    path = tmp_path / "one-field.xlsx"
    write_template(path)
    wb = load_workbook(path)
    ws = wb["Bid Form"]
    row = next(c.row for c in ws["A"] if c.value == "Bid reference")
    ws[f"B{row}"] = "REPM-009"
    wb.save(path)
    (bid,) = read_inputs([path]).bids
    assert [k for k, v in bid.values.items() if v is not None] == ["bid_ref"]
    required = {f.key for f in FIELDS if f.required} - {"bid_ref"}
    assert {e.field for e in bid.errors} == required
    assert all("is empty" in e.message for e in bid.errors)


def test_written_atomically(tmp_path):
    with pytest.raises(WriteFailed):
        write_template(tmp_path)  # a folder
    with pytest.raises(WriteFailed):
        write_template(tmp_path / "no" / "such" / "form.xlsx")
    assert list(tmp_path.iterdir()) == []
