"""One laid-out sheet (a `SheetBuilder`) written into an XlsxWriter worksheet, row by row.

Only XlsxWriter's documented calls are used. Text is always written with `write_string` (never a formula); numbers
keep their value; date-times are Excel serial numbers under a date format. The workbook is opened in
`constant_memory` mode, so each row goes to disk when the next one starts: rows are written in order, and a row's
height, merges and cells are all given before the next row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.worksheet import Worksheet

from repm_bids.io.award_layout import DEFAULT_ROW_PT, SECTION_ROW_PT, SheetBuilder, text_height, wrapped_lines
from repm_bids.io.award_styles import _FORMULA_START, BOLD_FILLS, StyleBook, negative_crore_style

_RICH = ("<r>", "</r>")  # XlsxWriter passes text of this shape through as rich-text XML (see _write_text)


def row_heights(sb: SheetBuilder, widths: dict[int, float]) -> dict[int, float]:
    """Declared heights, raised where wrapped text needs more lines than one."""
    heights = dict(sb.heights)
    for r, row in enumerate(sb.rows, 1):
        lines = 1
        for c, cell in enumerate(row, 1):
            if cell is not None and cell[1].startswith("wrap") and isinstance(cell[0], str) and len(cell[0]) > 8:
                bold = cell[1].endswith(":bold") or cell[2] in BOLD_FILLS
                lines = max(lines, wrapped_lines(cell[0], widths.get(c, 8.43), bold=bold))
        if lines > 1:
            heights[r] = max(heights.get(r, 0), text_height(lines))
        elif sb.keep and r not in heights:
            # A sheet laid out in pages gets every row's height, so that every program paginates it alike.
            first = row[0] if row else None
            heights[r] = SECTION_ROW_PT if first is not None and first[1] == "section" else DEFAULT_ROW_PT
    return heights


def _merges(sb: SheetBuilder) -> dict[int, list[tuple[int, int]]]:
    """Merged ranges by 0-based row: (first column, last column), 0-based. Every merge spans one row."""
    out: dict[int, list[tuple[int, int]]] = {}
    for ref in sb.merges:
        first, _, last = ref.partition(":")
        r, c1 = xl_cell_to_rowcol(first)
        r2, c2 = xl_cell_to_rowcol(last)
        if r2 != r:
            raise ValueError(f"a merged range spans one row: {ref}")
        out.setdefault(r, []).append((c1, c2))
    return out


def write_cells(ws: Worksheet, sb: SheetBuilder, styles: StyleBook, heights: dict[int, float]) -> None:
    """Every row of the builder, in order: its height, its merged ranges, then its cells."""
    merges = _merges(sb)
    fmt = styles.format
    write_number = ws.write_number
    write_blank = ws.write_blank
    for r0, row in enumerate(sb.rows):
        h = heights.get(r0 + 1)
        if h:
            ws.set_row(r0, h)
            if not any(row):  # in constant-memory mode a row reaches the file only with a cell in it
                write_blank(r0, 0, None, fmt("plain", None, False))
        skip: set[int] = set()
        for c1, c2 in merges.get(r0, ()):
            value, style, fill = row[c1] or ("", "plain", None)
            text = value if isinstance(value, str) else ""
            ws.merge_range(r0, c1, r0, c2, text, fmt(style, fill, bool(text) and text[0] in _FORMULA_START))
            skip.update(range(c1, c2 + 1))
        for c0, cell in enumerate(row):
            if cell is None or c0 in skip:
                continue
            value, style, fill = cell  # values are as cell_value made them (text already cleaned)
            kind = type(value)
            if kind is str:
                if value:
                    _write_text(ws, r0, c0, value, fmt(style, fill, value[0] in _FORMULA_START))
                else:
                    write_blank(r0, c0, None, fmt(style, fill, False))
                continue
            if style == "crore" and (kind is float or kind is int) and value < 0:
                style = negative_crore_style(value)  # the two-condition format would hide the minus sign
            f = fmt(style, fill, False)
            if value is None:
                write_blank(r0, c0, None, f)
            elif kind is float or kind is int:
                write_number(r0, c0, value, f)
            elif isinstance(value, datetime | date):
                ws.write_datetime(r0, c0, value, f)
            else:  # cell_value gives only the kinds above
                raise TypeError(f"cannot store {kind.__name__} in a cell")


def _write_text(ws: Worksheet, r0: int, c0: int, text: str, f: Any) -> None:
    """Text as text. XlsxWriter writes a string that starts with <r> and ends with </r> as rich-text XML, unescaped:
    such a text goes in as three plain rich-text runs instead (the fewest write_rich_string takes), which it
    escapes, so it shows as typed."""
    if text.startswith(_RICH[0]) and text.endswith(_RICH[1]):
        ws.write_rich_string(r0, c0, text[:1], text[1:2], text[2:], f)
    else:
        ws.write_string(r0, c0, text, f)
