"""The layout of the award workbook, declared once.

A sheet is built by a function that feeds a `SheetBuilder` with title lines, key-value rows (`KeyValue`) and
tables (`Table` of `Column`s). The writer renders what the builder collected; `award_reader.expected_figures` runs
the same builders and keeps the figures they mark; `award_reader.read_figures` finds the same figures in a file
by the same declared labels and table headers. So the workbook, the expected figures and the reader cannot drift.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from repm_bids.io.award_metrics import LINE_EM, wrapped_line_count
from repm_bids.io.award_styles import cell_value

TOTAL = "Total"  # first cell of a table's totals row


@dataclass(frozen=True)
class Figure:
    """One figure shown in the workbook: where it is, what it is, and its value as stored."""

    sheet: str
    cell: str
    label: str
    value: object


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[Any], Any]
    style: str | Callable[[Any], str] = "text"
    figure: bool = False  # listed by expected_figures / read_figures
    key: bool = False  # the bid reference that names the row in figure labels
    min_width: int = 6
    max_width: int = 40
    total: Callable[[Sequence[Any]], Any] | None = None  # the value in the totals row
    safe: bool = False  # values are this tool's own words (never from a bid): stored without cleaning


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Column, ...]
    totals: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def key_index(self) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.key), None)


@dataclass(frozen=True)
class KeyValue:
    """A labelled value: label in column A, value in column B, an optional note in column C."""

    label: str
    get: Callable[[Any], Any]
    style: str = "text"
    figure: bool = True
    note: Callable[[Any], str | None] | None = None


def figure_label(header: str, row_key: str) -> str:
    """'Awarded (MTPA), bid R-03' — the same on both sides of the comparison."""
    return f"{header}, {row_key}"


def row_key(key_value: Any, row_number: int) -> str:
    if key_value is None or key_value == "":
        return f"row {row_number}"
    return f"bid {key_value}"


def cell_name(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


Cell = tuple[Any, str, str | None]  # (value, style, fill)


@dataclass
class ChartSpec:
    anchor_row: int
    category_col: int
    series_cols: tuple[int, ...]
    header_row: int
    first_row: int
    last_row: int
    y_max: float
    title: str


@dataclass
class SheetBuilder:
    """Collects a sheet's rows, its column widths, its figures and its sheet-level settings."""

    title: str
    collect_figures: bool = False
    rows: list[list[Cell | None]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    max_widths: dict[int, int] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    freeze: str | None = None
    title_rows: str | None = None
    title_cols: tuple[int, int] | None = None  # 0-based first and last column repeated on every printed page
    printed_cols: int | None = None  # print columns 1..this only (None: every column)
    autofilter: str | None = None
    landscape: bool = False
    chart: ChartSpec | None = None
    keep: list[tuple[int, int]] = field(default_factory=list)  # (first, last) rows printed on one page
    own_page: list[tuple[int, int]] = field(default_factory=list)  # (first, last) rows on a page of their own
    score_decimals: int = 3
    cleaned: int = 0  # cells whose text lost characters a workbook cannot hold (the sheet then says so)

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def value(self, raw: Any) -> Any:
        """`raw` as the cell stores it (award_styles.cell_value), counting text that had to be cleaned."""
        value = cell_value(raw)
        if value is not raw and type(raw) is str:
            self.cleaned += 1
        return value

    def fit(self, col: int, value: Any, style: str, min_width: int = 0, max_width: int = 60) -> None:
        w = max(min_width, measure(value, style, self.score_decimals) + 2)
        self.max_widths[col] = max(self.max_widths.get(col, 0), max_width)
        self.widths[col] = max(self.widths.get(col, 0), min(w, max_width))  # never narrower than before

    def _fit_column(self, col: int, values: list[Any], styles: set[str], max_width: int) -> None:
        """Fit a column to its widest value (texts compared once each; numbers by their extremes)."""
        texts = {v for v in values if type(v) is str}
        need = max((len(t) if "\n" not in t else max(map(len, t.split("\n"))) for t in texts), default=0)
        numbers = [v for v in values if type(v) is float or type(v) is int]
        if numbers:
            low, high = min(numbers), max(numbers)
            need = max(need, *(measure(v, st, self.score_decimals) for v in (low, high) for st in styles))
        if any(isinstance(v, date) for v in values):
            need = max(need, 19)
        if any(st.startswith("mono") for st in styles):
            need = math.ceil(need * 1.15)  # a fixed-width font is wider than the proportional one widths count in
        if need:
            self.widths[col] = max(self.widths.get(col, 0), min(need + 2, max_width))

    def line(self, text: str | None = None, style: str = "plain", *, height: float | None = None) -> int:
        """A line of text in column A that may run on to the right (its width is not fitted)."""
        self.rows.append([(self.value(text), style, None)] if text else [])
        if height:
            self.heights[self.next_row - 1] = height
        return self.next_row - 1

    def cells(self, cells: Sequence[Cell | None], *, fit: bool = True, height: float | None = None) -> int:
        r = self.next_row
        cells = [None if c is None else (self.value(c[0]), c[1], c[2]) for c in cells]
        self.rows.append(cells)
        if fit:
            for c, cell in enumerate(cells, 1):
                if cell is not None:
                    self.fit(c, cell[0], cell[1])
        if height:
            self.heights[r] = height
        return r

    def key_values(self, items: Iterable[KeyValue], subject: Any) -> None:
        for kv in items:
            value = self.value(kv.get(subject))
            note = kv.note(subject) if kv.note else None
            r = self.next_row
            style = "plain" if isinstance(value, str) and kv.style == "text" else kv.style  # long text runs on
            self.rows.append([(kv.label, "label", None), (value, style, None), (note, "note", None) if note else None])
            self.fit(1, kv.label, "label", max_width=46)
            self.fit(2, value, kv.style, max_width=24)
            if kv.figure and self.collect_figures:
                self.figures.append(Figure(self.title, cell_name(r, 2), kv.label, value))

    def table(
        self,
        table: Table,
        items: Sequence[Any],
        *,
        row_fill: Callable[[Any], str | None] | None = None,
        main: bool = False,
    ) -> tuple[int, int]:
        """Header, one row per item, and the totals row if declared. Returns (header row, last data row)."""
        header_row = self.next_row
        ncols = len(table.columns)
        self.rows.append([(c.header, "header", None) for c in table.columns])
        for i, col in enumerate(table.columns, 1):
            words = max((len(w) for w in col.header.split()), default=0)
            need = max(words + 2, col.min_width, min(col.max_width, math.ceil(len(col.header) / 2) + 3))
            self.max_widths[i] = max(self.max_widths.get(i, 0), col.max_width)
            self.widths[i] = max(self.widths.get(i, 0), min(need, col.max_width))
        key_index = table.key_index
        first = len(self.rows)
        table_rows: list[list[Cell]] = []
        for item in items:
            fill = row_fill(item) if row_fill else None
            out: list[Cell] = []
            for col in table.columns:
                raw = col.get(item)
                if col.safe:
                    value = raw
                else:
                    value = cell_value(raw)
                    if value is not raw and type(raw) is str:
                        self.cleaned += 1
                style = col.style if isinstance(col.style, str) else col.style(value)
                out.append((value, style, fill))
            table_rows.append(out)
        self.rows.extend(cast("list[list[Cell | None]]", table_rows))  # rows of a table have no gaps
        for i, col in enumerate(table.columns):  # widths: column by column
            values = [row[i][0] for row in table_rows]
            styles = {row[i][1] for row in table_rows} if callable(col.style) else {col.style}
            self._fit_column(i + 1, values, styles or {"text"}, col.max_width)
        if self.collect_figures:
            for n, row in enumerate(table_rows, 1):
                r = first + n
                key = row_key(row[key_index][0] if key_index is not None else None, n)
                for i, col in enumerate(table.columns):
                    if col.figure:
                        label = figure_label(col.header, key)
                        self.figures.append(Figure(self.title, cell_name(r, i + 1), label, row[i][0]))
        last = self.next_row - 1
        if table.totals:
            r = self.next_row
            totals: list[Cell] = []
            for i, col in enumerate(table.columns):
                value = cell_value(col.total(items)) if col.total else None
                st = col.style if isinstance(col.style, str) else "text"
                totals.append((TOTAL if i == 0 else value, st if i else "label", "total"))
            self.rows.append(list(totals))
            if self.collect_figures:
                for i, col in enumerate(table.columns):
                    if col.figure and col.total:
                        self.figures.append(
                            Figure(self.title, cell_name(r, i + 1), figure_label(col.header, "total"), totals[i][0])
                        )
        if main:
            self.freeze = cell_name(header_row + 1, 1)
            self.title_rows = f"{header_row}:{header_row}"
            if key_index is not None:  # the bid reference, and the bidder's name beside it
                beside = key_index + 1 < ncols and table.columns[key_index + 1].header == "Bidder"
                self.title_cols = (0, key_index + (1 if beside else 0))
            self.autofilter = f"A{header_row}:{cell_name(max(last, header_row + 1), ncols)}"
        lines = max(wrapped_lines(c.header, self.widths.get(i, 10), bold=True) for i, c in enumerate(table.columns, 1))
        self.heights[header_row] = text_height(lines, padding=4.0)
        self.rows.append([])  # a blank row ends every table: award_reader stops reading a table there
        return header_row, last


def measure(value: Any, style: str, score_decimals: int = 3) -> int:
    """Characters a value takes when shown with its style's number format."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(part) for part in value.split("\n")), default=0)
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float):
        base = style.partition(":")[0]
        if base in ("crore", "quote", "mtpa_fraction"):
            return len(f"{value:,.2f}")
        if base == "score":
            return len(f"{value:.{score_decimals}f}")
        if base == "ratio":
            return len(f"{value:.2f}") + 1
        if base == "percent":
            return len(f"{value * 100:.1f}") + 1
        return len(f"{value:,.0f}")
    return len(str(value))


BODY_PT = 10  # every text of the body is 10-point Calibri (award_styles)
LINE_PT = BODY_PT * LINE_EM  # the font's line height: 12.2 points
DEFAULT_ROW_PT = 14.0  # a line of 10-point text: text_height(1)
SECTION_ROW_PT = 18.0  # 12-point headings
_A4_PT = (595.3, 841.9)
_MARGINS_PT = (43.2, 108.0)  # left + right, top + bottom (award_styles.apply_page_setup)
_PRINTED_WIDER = 1.07  # a column prints about this much wider than its width in characters says (Carlito, measured)


MIN_SCALE = 0.92  # 10-point text prints at no less than 9.2 points


def print_scale(sb: SheetBuilder, widths: dict[int, float]) -> float:
    """The print scale, set exactly (never left to a program's fit-to-page, which shrinks without a floor): 1.0 for a
    sheet that fits the page width; a wider sheet is shrunk towards the page width but never below 92%, and what
    still does not fit runs on to pages to its right, repeating the identifying columns."""
    page_w = _A4_PT[1] if sb.landscape else _A4_PT[0]
    printed = {c: w for c, w in widths.items() if sb.printed_cols is None or c <= sb.printed_cols}
    sheet_w = sum((w * 7 + 5) * 0.75 for w in printed.values()) * _PRINTED_WIDER or 1.0
    scale = (page_w - _MARGINS_PT[0]) / sheet_w
    return 1.0 if scale >= 1.0 else max(MIN_SCALE, math.floor(scale * 100) / 100)


def page_breaks(sb: SheetBuilder, widths: dict[int, float], heights: dict[int, float]) -> list[int]:
    """Rows after which to break the page so that no `keep` block is split and every `own_page` block (the chart)
    has a page of its own. Every page end is a manual break, placed a little before the program would break on its
    own (the body is the page less its margins; the estimate leaves 3% of it spare), so that the printed pages are
    the ones estimated here and a block kept together stays together whatever came before it."""
    if not sb.keep and not sb.own_page:
        return []
    page_h = _A4_PT[0] if sb.landscape else _A4_PT[1]
    scale = print_scale(sb, widths)
    usable = (page_h - _MARGINS_PT[1]) * 0.97
    keep = dict(sb.keep)
    own = dict(sb.own_page)
    own_ends = set(own.values())
    breaks: list[int] = []

    def height(row: int) -> float:
        return written_height(heights.get(row, DEFAULT_ROW_PT)) * scale

    title = int(sb.title_rows.partition(":")[0]) if sb.title_rows else None  # repeated atop each later page
    y = 0.0
    after_own = False  # a block on a page of its own ended: what follows starts a new page at its first text
    for r in range(1, len(sb.rows) + 1):
        if title is not None and r == title + 1:
            usable -= height(title)  # from here on every page starts with the repeated header
        h = height(r)
        if r in own and y > 0:
            breaks.append(r - 1)
            y = 0.0
        if r - 1 in own_ends:
            after_own = True
        if after_own and any(sb.rows[r - 1]):
            after_own = False
            if y > 0:
                breaks.append(r - 1)
                y = 0.0
        if r in keep and y > 0:
            block = sum(height(x) for x in range(r, keep[r] + 1))
            if y + block > usable and block <= usable:
                breaks.append(r - 1)
                y = 0.0
        if y + h > usable and y > 0:  # the page is full: break it here, before the program would
            breaks.append(r - 1)
            y = 0.0
        y += h
    return sorted(set(breaks))


def written_height(points: float) -> float:
    """A row height as the file stores it: whole pixels of 0.75 point."""
    return round(points / 0.75) * 0.75


def text_width_em(width: float) -> float:
    """The width a wrapped 10-point cell lays its text in, in ems: a column `width` characters wide is `width` x 7 + 5
    pixels (0.75 point each) in Excel; LibreOffice prints it about 5.5% wider, so Excel's, the narrower, is taken;
    less a point and a half of padding each side."""
    return ((width * 7 + 5) * 0.75 - 3.0) / BODY_PT


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """Lines a wrapped 10-point cell `width` characters wide needs for `text` (award_metrics: Carlito's own widths,
    the metric twin of the Calibri the cells name)."""
    return wrapped_line_count(text, text_width_em(width), bold)


def text_height(lines: int, padding: float = 1.8) -> float:
    """The height of a row of `lines` lines of 10-point text: the font's line height (12.2 points, the spacing Excel
    gives; LibreOffice sets the lines 10 points apart and leaves the rest as space below) plus padding."""
    return round(LINE_PT * max(1, lines) + padding, 2)
