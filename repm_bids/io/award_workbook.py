"""The award workbook the committee signs: built from an Evaluation, written whole or not at all.

The sheets are laid out by the builders in award_summary, award_tables, award_records and award_parameters
(declared with award_layout), then written with XlsxWriter's documented API (award_sheet writes the cells) in its
constant-memory mode, so a 100,000-bid evaluation streams to disk. What the sheets hold is described in
docs/award-workbook.md.
The same evaluation gives the same bytes: the document times are the evaluation time, and XlsxWriter gives every
zip entry one fixed time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime

from xlsxwriter.chart import Chart
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.workbook import Workbook

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain.labels import CAPACITY
from repm_bids.domain.local_time import local_text
from repm_bids.domain.result import Evaluation
from repm_bids.io.atomic import atomic_file
from repm_bids.io.award_comparative import SHEET as COMPARATIVE_SHEET
from repm_bids.io.award_comparative import build_comparative
from repm_bids.io.award_layout import DEFAULT_ROW_PT, ChartSpec, SheetBuilder, page_breaks, print_scale
from repm_bids.io.award_parameters import build_parameters
from repm_bids.io.award_readings import build_readings
from repm_bids.io.award_records import build_checks, build_inputs, build_rejected
from repm_bids.io.award_sheet import row_heights, write_cells
from repm_bids.io.award_styles import StyleBook, apply_page_setup, cleaned_note, excel_datetime
from repm_bids.io.award_summary import build_summary, trail_head_text
from repm_bids.io.award_tables import build_award, build_ranking
from repm_bids.io.award_technical import SHEET as CRITERIA_SHEET
from repm_bids.io.award_technical import build_criteria, build_technical_summary

SHEETS = (
    "Summary",
    COMPARATIVE_SHEET,
    "Ranking",
    "Award",
    "Rejected",
    "Checks",
    "Bids as read",
    "Inputs",
    "Parameters",
)
# At the technical stage of two covers (the financial covers sealed) the workbook is the technical evaluation report.
TECHNICAL_SHEETS = ("Summary", CRITERIA_SHEET, "Rejected", "Bids as read", "Inputs", "Parameters")
FIGURE_SHEETS = ("Summary", COMPARATIVE_SHEET, "Ranking", "Award")
_NO_TIME = datetime(1980, 1, 1)  # the earliest time a zip entry can carry; used when the time was not recorded


def result_digest(evaluation: Evaluation) -> str:
    from repm_bids.domain.report import result_sha256

    return result_sha256(evaluation)


def evaluated_text(evaluation: Evaluation) -> str:
    if evaluation.evaluated_at is None:
        return "(time not recorded)"
    return local_text(evaluation.evaluated_at, evaluation.scheme.tender.time_zone, seconds=True)


def is_technical_report(evaluation: Evaluation) -> bool:
    """The workbook of an evaluation at its technical stage (the financial covers sealed) is the technical
    evaluation report; once the prices are opened (or in a single pass) it is the award statement."""
    return evaluation.stage == "technical"


def build_sheets(
    evaluation: Evaluation,
    *,
    collect_figures: bool = False,
    only: tuple[str, ...] | None = None,
    digest: str | None = None,
    trail_head: str | None = None,
) -> list[SheetBuilder]:
    """Lay out the sheets named in `only` (in workbook order; None: every sheet). `trail_head`: the saved
    evaluation's audit trail head when the workbook is written from one (None: not saved)."""
    digest = result_digest(evaluation) if digest is None else digest
    evaluated = evaluated_text(evaluation)
    technical = is_technical_report(evaluation)
    builders: dict[str, Callable[[SheetBuilder], None]] = {
        "Summary": (
            (lambda sb: build_technical_summary(evaluation, sb, evaluated, digest, trail_head_text(trail_head)))
            if technical
            else (lambda sb: build_summary(evaluation, sb, evaluated, digest, trail_head))
        ),
        CRITERIA_SHEET: lambda sb: build_criteria(evaluation, sb),
        COMPARATIVE_SHEET: lambda sb: build_comparative(evaluation, sb),
        "Ranking": lambda sb: build_ranking(evaluation, sb),
        "Award": lambda sb: build_award(evaluation, sb),
        "Rejected": lambda sb: build_rejected(evaluation, sb),
        "Checks": lambda sb: build_checks(evaluation, sb),
        "Bids as read": lambda sb: build_readings(evaluation, sb),
        "Inputs": lambda sb: build_inputs(evaluation, sb),
        "Parameters": lambda sb: build_parameters(evaluation, sb, digest),
    }
    out = []
    for name in TECHNICAL_SHEETS if technical else SHEETS:
        if only is None or name in only:
            sb = SheetBuilder(name, collect_figures, score_decimals=evaluation.scheme.score_decimals)
            builders[name](sb)
            if sb.cleaned:
                sb.line()
                sb.line(cleaned_note(sb.cleaned), "note")
            out.append(sb)
    return out


def write_award_workbook(evaluation: Evaluation, path: str | os.PathLike[str], trail_head: str | None = None) -> None:
    """Write the award workbook to `path`, whole or not at all. `trail_head`: the head of the saved evaluation's
    audit trail when it is written from one, printed in every page's footer and the Summary's sign-off area.

    Raises repm_bids.io.atomic.WriteFailed (a sentence for the user) when the target cannot be written; any
    existing file is then left as it was.
    """
    digest = result_digest(evaluation)
    sheets = build_sheets(evaluation, digest=digest, trail_head=trail_head)
    stamp = excel_datetime(evaluation.evaluated_at) if evaluation.evaluated_at else _NO_TIME
    footer_left = f"Evaluated {evaluated_text(evaluation)}"
    footer_right = f"Result SHA-256 {digest[:12]} · {trail_head_text(trail_head, short=True)}"
    # XlsxWriter keeps each sheet's rows in temporary files until it closes the workbook, and builds the zip in a file
    # of its own: both in a folder of ours, removed whatever happens; the finished zip is then copied into the target.
    with atomic_file(path) as fh, tempfile.TemporaryDirectory(prefix="repm-award-") as scratch:
        built = os.path.join(scratch, "award.xlsx")
        wb = Workbook(built, _options(scratch))
        wb.set_properties(
            {
                "title": "REPM technical evaluation report"
                if is_technical_report(evaluation)
                else "REPM award statement",
                "subject": evaluation.scheme.name,
                "author": f"{TOOL_NAME} {__version__}",
                "created": stamp,
            }
        )
        styles = StyleBook(wb, evaluation.scheme.score_decimals)
        for sb in sheets:
            _write_sheet(wb, sb, styles, footer_left, footer_right)
        try:
            wb.close()
        except FileCreateError as exc:  # XlsxWriter wraps the system's error; pass on the system's own
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from None
            raise
        with open(built, "rb") as src:
            shutil.copyfileobj(src, fh, _COPY_CHUNK)


_COPY_CHUNK = 1 << 20


def _options(scratch: str) -> dict[str, object]:
    """Workbook options: stream rows to `scratch`; never turn text into a formula, a number or a link."""
    return {
        "constant_memory": True,
        "tmpdir": scratch,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }


def _write_sheet(wb: Workbook, sb: SheetBuilder, styles: StyleBook, footer_left: str, footer_right: str) -> None:
    """Set up the sheet (widths, panes, print setup, filter, chart, page breaks), then write its rows."""
    ws = wb.add_worksheet(sb.title)
    widths = {c: max(w, 4) for c, w in sb.widths.items()}
    for col, width in sorted(widths.items()):
        ws.set_column(col - 1, col - 1, round(width, 1))
    if sb.freeze:
        ws.freeze_panes(sb.freeze)
    apply_page_setup(
        ws,
        landscape=sb.landscape,
        title_rows=sb.title_rows,
        footer_left=footer_left,
        footer_right=footer_right,
        title_cols=sb.title_cols,
        scale=round(print_scale(sb, widths) * 100),
    )
    if sb.printed_cols:
        ws.print_area(0, 0, max(len(sb.rows) - 1, 0), sb.printed_cols - 1)
    if sb.autofilter:
        ws.autofilter(sb.autofilter)
    if sb.chart is not None:
        ws.insert_chart(f"A{sb.chart.anchor_row}", _bar_chart(wb, sb.title, sb.chart, widths))
    ws.set_default_row(DEFAULT_ROW_PT)  # a row of one line of 10-point text (the default, 15, is for 11-point)
    heights = row_heights(sb, widths)
    breaks = page_breaks(sb, widths, heights)
    if breaks:
        ws.set_h_pagebreaks(breaks)
    write_cells(ws, sb, styles, heights)
    # Protected without a password: a quiet edit is refused, a deliberate one is one click away (and `verify` finds it).
    ws.protect("", _PROTECTION)


_PROTECTION = {"autofilter": True, "format_columns": True, "format_rows": True, "select_locked_cells": True}


def _bar_chart(wb: Workbook, sheet: str, spec: ChartSpec, widths: dict[int, float]) -> Chart:
    """Awarded capacity per beneficiary as columns, the per-beneficiary cap as a line across them."""
    awarded_col, cap_col = (c - 1 for c in spec.series_cols)
    cat = spec.category_col - 1
    first, last, header = spec.first_row - 1, spec.last_row - 1, spec.header_row - 1

    def series(col: int) -> dict[str, object]:
        return {
            "name": [sheet, header, col],
            "categories": [sheet, first, cat, last, cat],
            "values": [sheet, first, col, last, col],
        }

    bars = _chart(wb, "column")
    bars.add_series({**series(awarded_col), "data_labels": {"value": True, "font": {"size": 10}}})
    bars.set_title({"name": spec.title, "name_font": {"size": 11, "bold": True}})
    bars.set_style(10)
    bars.set_y_axis(
        {
            "name": CAPACITY,
            "min": 0,
            "max": spec.y_max * 1.25,
            "major_gridlines": {"visible": False},
            "num_format": "#,##0",
            "num_font": {"size": 10},
            "name_font": {"size": 10, "bold": False},
        }
    )
    bars.set_x_axis({"num_font": {"size": 10}})
    cap = _chart(wb, "line")
    cap.add_series(
        {**series(cap_col), "line": {"color": "#C00000", "dash_type": "dash", "width": 2.25}, "smooth": False}
    )
    bars.combine(cap)
    bars.set_legend({"position": "bottom", "font": {"size": 10}})
    width_chars = sum(widths.get(c, 8.43) for c in range(1, 9))
    width_cm = min(24.0, max(14.0, width_chars * 0.19))  # about the width of the awards table
    bars.set_size({"width": round(width_cm * _PX_PER_CM), "height": round(9.0 * _PX_PER_CM)})
    return bars


_PX_PER_CM = 96 / 2.54


def _chart(wb: Workbook, kind: str) -> Chart:
    chart = wb.add_chart({"type": kind})
    if chart is None:  # add_chart gives None only for an unknown type
        raise ValueError(f"unknown chart type {kind}")
    return chart
