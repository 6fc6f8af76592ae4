"""The blank bid forms that bidders fill in (docs/bid-files.md, section 2), one row per field of FIELDS — label in A,
the value cell in B (shaded), unit and help in C.

Under two covers (the default) a bidder fills in two files sealed apart: the technical cover (the sheet 'Bid Form',
no price) and the financial cover (the sheet 'Financial Bid' alone). A scheme with one cover uses one workbook that
holds both sheets."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from repm_bids.domain.fields import FIELDS, Cover, FieldSpec, FieldType

from .atomic import write_atomic
from .form_reader import note_text

TITLE = {
    Cover.TECHNICAL: "Bid form — technical cover",
    Cover.FINANCIAL: "Bid form — financial cover",
}
INSTRUCTIONS = {
    Cover.TECHNICAL: (
        "Fill in the shaded cells in column B, one value per field. Keep the labels in column A as they are.",
        "Numbers may carry their unit (1,200 MTPA; INR 310 crore). Percentages as 51%. Yes/No fields: Yes or No.",
        "Dates as 2026-06-29 10:15 or 29/06/2026 10:15 (day first). Save as .xlsx; do not protect with a password.",
    ),
    Cover.FINANCIAL: (
        "Fill in the shaded cell in column B. The same Bid reference as on the sheet 'Bid Form'.",
        "The quoted incentive is the sales-linked incentive asked, in INR per kg of magnets sold.",
        "",
    ),
}
HEADER_ROW = 6
FORMATS = {
    FieldType.NUMBER: "#,##0.##########",
    FieldType.WHOLE: "0",
    FieldType.PERCENT: "0.0%",
    FieldType.DATETIME: "yyyy-mm-dd hh:mm",
    FieldType.TEXT: "@",
    FieldType.CHOICE: "@",
    FieldType.YES_NO: "@",
}

_INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _fields_of(cover: Cover) -> list[FieldSpec]:
    fields = [f for f in FIELDS if f.cover == cover]
    if cover == Cover.FINANCIAL:  # the financial cover names its bid too
        fields = [f for f in FIELDS if f.key == "bid_ref"] + fields
    return fields


def _sheet(ws: Worksheet, cover: Cover) -> None:
    ws.title = cover.value
    ws.sheet_properties.tabColor = "1F4E78" if cover == Cover.TECHNICAL else "C55A11"
    ws["A1"] = TITLE[cover]
    ws["A1"].font = Font(size=16, bold=True, color="1F4E78")
    ws.merge_cells("A1:C1")
    for i, line in enumerate(INSTRUCTIONS[cover], start=2):
        ws.cell(row=i, column=1, value=line or None).font = Font(italic=True, color="404040")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=3)
    for col, text in enumerate(("Field", "Value", "Unit and notes"), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    yes_no = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True, showErrorMessage=True)
    yes_no.error = "Choose Yes or No."
    ws.add_data_validation(yes_no)
    row = HEADER_ROW
    for spec in _fields_of(cover):
        row += 1
        label = ws.cell(row=row, column=1, value=spec.label)
        label.font = Font(bold=True)
        label.border = _BOX
        label.alignment = Alignment(vertical="center")
        value = ws.cell(row=row, column=2)
        value.fill = _INPUT_FILL
        value.border = _BOX
        value.number_format = FORMATS[spec.type]
        value.alignment = Alignment(horizontal="left", vertical="center")
        note = ws.cell(row=row, column=3, value=note_text(spec))
        note.font = Font(color="595959")
        note.alignment = Alignment(vertical="center")
        if spec.type == FieldType.YES_NO:
            yes_no.add(value.coordinate)
        elif spec.type == FieldType.CHOICE:
            dv = DataValidation(
                type="list", formula1='"' + ",".join(spec.choices) + '"', allow_blank=True, showErrorMessage=True
            )
            dv.error = "Choose one of: " + ", ".join(spec.choices) + "."
            ws.add_data_validation(dv)
            dv.add(value.coordinate)
        elif spec.type == FieldType.WHOLE:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.error = "A whole number of months."
            ws.add_data_validation(dv)
            dv.add(value.coordinate)
        ws.row_dimensions[row].height = 18
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 86
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.sheet_view.zoomScale = 110


COVER_FILES = {Cover.TECHNICAL: "technical-cover.xlsx", Cover.FINANCIAL: "financial-cover.xlsx"}


def template_workbook() -> Workbook:
    """The one-cover form: both sheets in one workbook (for a scheme with `[process] covers = 1`)."""
    wb = Workbook()
    _sheet(wb.active, Cover.TECHNICAL)
    _sheet(wb.create_sheet(), Cover.FINANCIAL)
    wb.active = 0
    return wb


def cover_workbook(cover: Cover) -> Workbook:
    """One sealed cover's blank form: the sheet of that cover alone."""
    wb = Workbook()
    _sheet(wb.active, cover)
    return wb


def write_template(path: str | os.PathLike[str]) -> None:
    """Write the one-cover bid form workbook, whole or not at all (raises atomic.WriteFailed with a sentence)."""
    wb = template_workbook()
    write_atomic(path, wb.save)


def write_cover_templates(folder: str | os.PathLike[str]) -> list[Path]:
    """Write the two blank covers into `folder` (technical-cover.xlsx, financial-cover.xlsx), each whole or not at
    all; returns the files written."""
    written = []
    for cover, name in COVER_FILES.items():
        target = Path(folder) / name
        write_atomic(target, cover_workbook(cover).save)
        written.append(target)
    return written
