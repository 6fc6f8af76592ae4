"""Looks of the award workbook: number formats, fills, fonts, and the page setup every sheet gets.

Each (style, fill, quote prefix) is made once and registered with the workbook; award_xml refers to it by its
index. Text that a spreadsheet would take for a formula gets the quote prefix as well as being stored as text.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.properties import PageSetupProperties

# -- number formats --------------------------------------------------------------------------------------------------
CRORE = r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"  # INR crore, Indian digit grouping
# A format with two conditions shows a negative number without its sign (LibreOffice, checked): a negative amount
# (an outlay exceeded) gets a plain format; below one lakh Western and Indian grouping are the same.
CRORE_NEGATIVE = "#,##0.00"
MTPA = "#,##0"
MTPA_FRACTION = "#,##0.00"  # a capacity offered that is not a whole number (an invalid bid) is shown as read
RUPEES_PER_KG = "#,##0.00"
WHOLE = "#,##0"
RATIO = '#,##0.00"×"'
PERCENT = "0.0%"
DATETIME = "dd-mm-yyyy hh:mm:ss"  # day first, as India writes dates; the heading names the zone


def score_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals > 0 else "0"


# -- colours (fills are light enough to print in black and white; status is also spelt out in text) ----------------
HEADER_FILL = "1F3864"  # dark blue, white bold text
SECTION_FONT = "1F3864"
FILLS = {
    "full": "C6EFCE",  # awarded in full: green
    "partial": "FFEB9C",  # partially awarded: amber
    "waitlisted": "DDEBF7",  # waitlisted: light blue
    "fail": "FFC7CE",  # a failed check: red
    "total": "F2F2F2",  # totals row: grey
}
GRID = Side(style="thin", color="BFBFBF")
LINE = Side(style="thin", color="000000")

CONFIDENTIAL = "Confidential — REPM bid evaluation"

# Characters an XML worksheet cannot hold; a bid could contain them, the workbook must not break on them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_TEXT = 32_767  # the most characters an Excel cell holds


def clean_text(text: str) -> str:
    """Text safe for a cell: no control characters, at most 32,767 characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


def excel_datetime(value: datetime) -> datetime:
    """Excel has no time zones: an aware time is shown in UTC (the sheets say so)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def cell_value(value: Any) -> Any:
    """A value as the workbook stores it: numbers as numbers, yes/no as text, non-finite numbers as blank,
    text without control characters."""
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return excel_datetime(value)
    if isinstance(value, date):
        return value
    return str(value)


class StyleBook:
    """Cell formats by (style, fill, quote prefix), each made once and registered with the workbook."""

    def __init__(self, score_decimals: int) -> None:
        self._score = score_format(score_decimals)
        self._ids: dict[tuple[str, str | None, bool], int] = {}

    def _make(self, ws: Any, style: str, fill: str | None, quote: bool) -> StyleArray:
        proto = Cell(ws, row=1, column=1)
        font = Font(name="Calibri", size=10)
        align = Alignment(vertical="top")
        border = Border(left=GRID, right=GRID, top=GRID, bottom=GRID)
        fmt = "General"
        base, _, variant = style.partition(":")
        if base == "title":
            font, border = Font(name="Calibri", size=15, bold=True, color=SECTION_FONT), Border()
        elif base == "subtitle":
            font, border = Font(name="Calibri", size=11, bold=True), Border()
        elif base == "section":
            font = Font(name="Calibri", size=12, bold=True, color=SECTION_FONT)
            border = Border(bottom=Side(style="medium", color=SECTION_FONT))
        elif base in ("note", "plain"):
            border = Border()
            if base == "note":
                font = Font(name="Calibri", size=9, italic=True, color="404040")
        elif base == "header":
            font = Font(name="Calibri", size=10, bold=True, color="FFFFFF")
            align = Alignment(vertical="center", horizontal="center", wrap_text=True)
            proto.fill = PatternFill("solid", fgColor=HEADER_FILL)
        elif base == "label":
            font = Font(name="Calibri", size=10, bold=True)
        elif base == "legend":
            align = Alignment(vertical="center", horizontal="center")
        elif base == "line":  # a line to sign or write a date on
            border = Border(bottom=LINE)
            align = Alignment(vertical="bottom", wrap_text=True)
        fmt = {
            "crore": CRORE,
            "crore_negative": CRORE_NEGATIVE,
            "mtpa": MTPA,
            "mtpa_fraction": MTPA_FRACTION,
            "quote": RUPEES_PER_KG,
            "whole": WHOLE,
            "ratio": RATIO,
            "percent": PERCENT,
            "datetime": DATETIME,
            "score": self._score,
        }.get(base, fmt)
        if base == "wrap":
            align = Alignment(vertical="top", wrap_text=True)
        if base in ("code", "mono"):
            font = Font(name="Consolas", size=9)
        if variant == "bold" or fill == "total":
            font = Font(name=font.name, size=font.sz, bold=True, color=font.color)
        if fill == "fail":
            font = Font(name=font.name, size=font.sz, bold=True, color="9C0006")
        if fill is not None:
            proto.fill = PatternFill("solid", fgColor=FILLS[fill])
        if base in ("center", "check"):
            align = Alignment(vertical="top", horizontal="center")
        proto.font = font
        proto.alignment = align
        proto.border = border
        proto.number_format = fmt
        if quote:
            proto.quotePrefix = True
        assert proto._style is not None
        return proto._style

    def style_id(self, ws: Any, style: str, fill: str | None, quote: bool) -> int:
        """The workbook's cell-format index for this style (made and registered on first use)."""
        key = (style, fill, quote)
        sid = self._ids.get(key)
        if sid is None:
            proto = Cell(ws, row=1, column=1, style_array=self._make(ws, style, fill, quote))
            sid = self._ids[key] = proto.style_id
        return sid


def header_footer_text(text: str) -> str:
    """Text for a page header or footer: '&' is a control character there."""
    return text.replace("&", "&&")


def apply_page_setup(ws: Any, *, landscape: bool, title_rows: str | None, footer_left: str, footer_right: str) -> None:
    """A4, fit to the page width, repeated header rows, the confidentiality header and the page footer."""
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.center.text = header_footer_text(CONFIDENTIAL)
    ws.oddHeader.center.size = 9
    ws.oddFooter.left.text = header_footer_text(footer_left)
    ws.oddFooter.left.size = 8
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.center.size = 8
    ws.oddFooter.right.text = header_footer_text(footer_right)
    ws.oddFooter.right.size = 8
