"""Looks of the award workbook: number formats, fills, fonts, and the page setup every sheet gets.

Each (style, fill, quote prefix) is made once as an XlsxWriter format. Text that a spreadsheet would take for a
formula gets the quote prefix as well as being stored as text. Colours come from `repm_bids.domain.palette`, which
the application uses too.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from repm_bids.domain import palette
from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import Status

# -- number formats --------------------------------------------------------------------------------------------------
CRORE = r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"  # INR crore, Indian digit grouping
# A format with two conditions shows a negative number without its sign (LibreOffice, checked): a negative amount
# (an outlay exceeded) gets a format of one section, chosen by its size, whose commas are placed for the lakh and the
# crore (every program puts the minus sign before a one-section format); below one lakh the two groupings agree.
CRORE_NEGATIVE = {"": "#,##0.00", "lakh": r"##\,##\,##0.00", "crore": r"##\,##\,##\,##0.00"}
# Indian grouping for capacities and counts too (96,66,300 MTPA); they are never negative.
WHOLE = r"[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0"
MTPA = WHOLE
MTPA_FRACTION = r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"  # an invalid bid's, as read
RUPEES_PER_KG = "#,##0.00"
RATIO = '#,##0.00"×"'
PERCENT = "0.0%"
DATETIME = "dd-mm-yyyy hh:mm:ss"  # day first, as India writes dates; the heading names the zone
NUMBER_FORMATS = {
    "crore": CRORE,
    **{f"crore_negative{'_' + size if size else ''}": fmt for size, fmt in CRORE_NEGATIVE.items()},
    "mtpa": MTPA,
    "mtpa_fraction": MTPA_FRACTION,
    "quote": RUPEES_PER_KG,
    "whole": WHOLE,
    "ratio": RATIO,
    "percent": PERCENT,
    "datetime": DATETIME,
}


def negative_crore_style(value: float) -> str:
    """The style of a negative amount in ₹ crore: Indian grouping for its size, with its minus sign."""
    size = abs(value)
    if size >= 10_000_000:
        return "crore_negative_crore"
    return "crore_negative_lakh" if size >= 100_000 else "crore_negative"


def score_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals > 0 else "0"


# -- colours: from the one palette the application uses too --------------------------------------------------------
HEADER_FILL = palette.HEADING  # white bold text on it
SECTION_FONT = palette.HEADING
NOTE_FONT = palette.NOTE_TEXT
FAIL_FONT = palette.ERROR_TEXT
FILLS = {
    "full": palette.STATUS_FILL[Status.AWARDED],
    "partial": palette.STATUS_FILL[Status.PARTIAL],
    "waitlisted": palette.STATUS_FILL[Status.WAITLISTED],
    "fail": palette.ERROR_FILL,
    "total": palette.TOTAL_FILL,
}
GRID = palette.GRID
LINE = "#000000"

CONFIDENTIAL = "Confidential — REPM bid evaluation"

# Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE, U+FFFF): a bid could contain them, the
# workbook must stay well-formed. Each becomes U+FFFD, and the sheet says in a note how many cells were changed.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_TEXT = 32_767  # the most characters an Excel cell holds


def clean_text(text: str) -> str:
    """Text safe for a cell: what XML 1.0 forbids replaced by U+FFFD, at most 32,767 characters. The one
    text-cleaning function of the workbook; it returns `text` itself when nothing needed changing."""
    if NOT_IN_XML.search(text):
        text = NOT_IN_XML.sub(REPLACEMENT, text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


def cleaned_note(cells: int) -> str:
    """The note a sheet carries when its text had to be changed to be stored."""
    return (
        f"Note: in {indian_number(cells)} cell{'s' if cells != 1 else ''} of this sheet, characters a workbook "
        "cannot hold "
        f"(control characters, U+FFFE, U+FFFF) were replaced by {REPLACEMENT}."
    )


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
    """Cell formats by (style, fill, quote prefix), each made once with the workbook's `add_format`."""

    def __init__(self, workbook: Workbook, score_decimals: int) -> None:
        self._workbook = workbook
        self._score = score_format(score_decimals)
        self._formats: dict[tuple[str, str | None, bool], Format] = {}

    def format(self, style: str, fill: str | None, quote: bool) -> Format:
        """The workbook's format for this style (made on first use)."""
        key = (style, fill, quote)
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self._workbook.add_format(format_properties(style, fill, quote, self._score))
        return found


BOLD_FILLS = ("fail", "total")  # rows printed in bold: a failed check, a totals row


def format_properties(style: str, fill: str | None, quote: bool, score: str) -> dict[str, Any]:
    """XlsxWriter format properties of a style: font, borders, alignment, number format, fill, quote prefix."""
    grid = {"left": 1, "right": 1, "top": 1, "bottom": 1, "border_color": GRID}
    props: dict[str, Any] = {"font_name": "Calibri", "font_size": 10, "valign": "top", **grid}
    base, _, variant = style.partition(":")
    no_border = {"left": 0, "right": 0, "top": 0, "bottom": 0}
    if base == "title":
        props.update(no_border, font_size=15, bold=True, font_color=SECTION_FONT)
    elif base == "provisional":  # a provisional result says so where nobody can miss it
        props.update(no_border, font_size=12, bold=True, font_color=FAIL_FONT)
    elif base == "subtitle":
        props.update(no_border, font_size=11, bold=True)
    elif base == "section":
        props.update(no_border, font_size=12, bold=True, font_color=SECTION_FONT, bottom=2, bottom_color=SECTION_FONT)
    elif base == "para":  # a paragraph across merged columns, wrapped
        props.update(no_border, text_wrap=True)
    elif base in ("note", "plain"):
        props.update(no_border)
        if base == "note":
            props.update(font_size=10, italic=True, font_color=NOTE_FONT)
    elif base == "header":
        props.update(bold=True, font_color="#FFFFFF", valign="vcenter", align="center", text_wrap=True)
        props.update(pattern=1, bg_color=HEADER_FILL)
    elif base == "label":
        props.update(bold=True)
    elif base == "legend":
        props.update(valign="vcenter", align="center")
    elif base == "line":  # a line to sign or write a date on
        props.update(no_border, bottom=1, bottom_color=LINE, valign="bottom", text_wrap=True)
    number = NUMBER_FORMATS.get(base) if base != "score" else score
    if number:
        props["num_format"] = number
    if base == "wrap":
        props.update(valign="top", text_wrap=True)
    if base in ("code", "mono"):
        props.update(font_name="Consolas", font_size=10)
    if variant == "bold" or fill in BOLD_FILLS:
        props["bold"] = True
    if fill == "fail":
        props.update(font_color=FAIL_FONT)
    if fill is not None:
        props.update(pattern=1, bg_color=FILLS[fill])
    if base in ("center", "check"):
        props.update(valign="top", align="center")
    if quote:
        props["quote_prefix"] = True
    return props


def header_footer_text(text: str) -> str:
    """Text for a page header or footer: '&' is a control character there."""
    return text.replace("&", "&&")


def apply_page_setup(
    ws: Worksheet,
    *,
    landscape: bool,
    title_rows: str | None,
    footer_left: str,
    footer_right: str,
    title_cols: tuple[int, int] | None = None,
    scale: int = 100,
) -> None:
    """A4 with every text at 10 pt, printed at `scale` percent (award_layout.print_scale: 100, or down to 92 for a
    sheet a little wider than the page, so nothing prints under 9 pt). Repeated header rows and identifying
    columns, the confidentiality header and the page footer (page x of y, the result digest)."""
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_print_scale(scale)
    ws.set_margins(left=0.3, right=0.3, top=0.75, bottom=0.75)
    ws.center_horizontally()
    if title_rows:
        first, _, last = title_rows.partition(":")
        ws.repeat_rows(int(first) - 1, int(last) - 1)
    if title_cols:  # a sheet wider than the page repeats the columns that say which bid a row is
        ws.repeat_columns(title_cols[0], title_cols[1])
    ws.set_header(f"&C&10{header_footer_text(CONFIDENTIAL)}", {"margin": 0.3})
    ws.set_footer(
        f"&L&10{header_footer_text(footer_left)}&C&10Page &P of &N&R&10{header_footer_text(footer_right)}",
        {"margin": 0.3},
    )
