"""The cells of a sheet as SpreadsheetML, written straight from the laid-out rows.

openpyxl writes everything around the cells (sheet view, columns, print setup, merges, filter, chart, styles);
its per-cell serialiser is too slow for a 100,000-bid evaluation, so the `<sheetData>` element it leaves empty is
filled from here while the sheet is copied into the zip. Text is always an inline string (never a formula);
numbers keep every digit (`repr`); date-times are Excel serial numbers under a date format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from repm_bids.io.award_layout import DEFAULT_ROW_PT, SECTION_ROW_PT, SheetBuilder, wrapped_lines
from repm_bids.io.award_styles import _FORMULA_START, StyleBook

_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_CHUNK_ROWS = 2_000


def splice(sheet_xml: bytes) -> tuple[bytes, bytes]:
    """The sheet XML openpyxl wrote, split around its empty <sheetData>."""
    m = _EMPTY_SHEET_DATA.search(sheet_xml)
    if m is None:
        raise RuntimeError("the worksheet written by openpyxl has no empty <sheetData> to fill")
    return sheet_xml[: m.start()], sheet_xml[m.end() :]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def register_styles(sb: SheetBuilder, styles: StyleBook, ws: Any) -> None:
    """Make every style the sheet uses known to the workbook before anything is saved."""
    for style, fill in {(c[1], c[2]) for row in sb.rows for c in row if c is not None}:
        for variant in (style, "crore_negative") if style == "crore" else (style,):
            styles.style_id(ws, variant, fill, False)
            styles.style_id(ws, variant, fill, True)


def row_heights(sb: SheetBuilder, widths: dict[int, float]) -> dict[int, float]:
    """Declared heights, raised where wrapped text needs more lines than one."""
    heights = dict(sb.heights)
    for r, row in enumerate(sb.rows, 1):
        lines = 1
        for c, cell in enumerate(row, 1):
            if cell is not None and cell[1] == "wrap" and isinstance(cell[0], str) and len(cell[0]) > 8:
                lines = max(lines, wrapped_lines(cell[0], widths.get(c, 8.43)))
        if lines > 1:
            heights[r] = max(heights.get(r, 0), 13.0 * lines + 2)
        elif sb.keep and r not in heights:
            # A sheet laid out in pages gets every row's height, so that every program paginates it alike.
            first = row[0] if row else None
            heights[r] = SECTION_ROW_PT if first is not None and first[1] == "section" else DEFAULT_ROW_PT
    return heights


def sheet_data(sb: SheetBuilder, styles: StyleBook, ws: Any, heights: dict[int, float]) -> Iterator[bytes]:
    """<sheetData>…</sheetData> for the builder's rows, in chunks of UTF-8."""
    ncols = max((len(r) for r in sb.rows), default=0)
    letters = [get_column_letter(c) for c in range(1, ncols + 1)]
    ids: dict[tuple[str, str | None, bool], int] = {}

    def sid(style: str, fill: str | None, quote: bool) -> int:
        key = (style, fill, quote)
        found = ids.get(key)
        if found is None:
            found = ids[key] = styles.style_id(ws, style, fill, quote)
        return found

    out: list[str] = ["<sheetData>"]
    for r, row in enumerate(sb.rows, 1):
        h = heights.get(r)
        out.append(f'<row r="{r}" ht="{h:g}" customHeight="1">' if h else f'<row r="{r}">')
        for c, cell in enumerate(row):
            if cell is None:
                continue
            value, style, fill = cell  # values are as cell_value made them (text already cleaned)
            ref = f"{letters[c]}{r}"
            if type(value) is str:
                if value:
                    s = sid(style, fill, value[0] in _FORMULA_START)
                    space = ' xml:space="preserve"' if value[0] in " \n" or value[-1] in " \n" else ""
                    out.append(f'<c r="{ref}" s="{s}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
                else:
                    out.append(f'<c r="{ref}" s="{sid(style, fill, False)}"/>')
                continue
            if style == "crore" and isinstance(value, int | float) and value < 0:
                style = "crore_negative"  # the Indian-grouping format would hide the minus sign
            s = sid(style, fill, False)
            if value is None:
                out.append(f'<c r="{ref}" s="{s}"/>')
            elif type(value) is float:
                out.append(f'<c r="{ref}" s="{s}"><v>{value!r}</v></c>')
            elif type(value) is int:
                out.append(f'<c r="{ref}" s="{s}"><v>{value}</v></c>')
            elif isinstance(value, datetime | date):
                out.append(f'<c r="{ref}" s="{s}"><v>{to_excel(value)!r}</v></c>')
            else:  # cell_value gives only the kinds above
                raise TypeError(f"cannot store {type(value).__name__} in a cell")
        out.append("</row>")
        if r % _CHUNK_ROWS == 0:
            yield "".join(out).encode()
            out.clear()
    out.append("</sheetData>")
    yield "".join(out).encode()
