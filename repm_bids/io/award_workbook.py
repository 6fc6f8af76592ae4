"""The award workbook the committee signs (contract section 6): built from an Evaluation, written whole or not at all.

The sheets are laid out by the builders in award_summary, award_tables and award_records (declared with
award_layout). openpyxl (write-only) writes the workbook around the cells; award_xml writes the cells themselves
as each sheet goes into the zip, so a 100,000-bid evaluation streams to disk in seconds.
The same evaluation gives the same bytes: the document times and the zip entry times are the evaluation time.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.writer.excel import ExcelWriter

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain.local_time import local_text
from repm_bids.domain.result import Evaluation
from repm_bids.io.atomic import atomic_file
from repm_bids.io.award_layout import ChartSpec, SheetBuilder, page_breaks
from repm_bids.io.award_readings import build_readings
from repm_bids.io.award_records import build_checks, build_inputs, build_parameters, build_rejected
from repm_bids.io.award_styles import StyleBook, apply_page_setup, excel_datetime
from repm_bids.io.award_summary import build_summary
from repm_bids.io.award_tables import build_award, build_ranking
from repm_bids.io.award_xml import register_styles, row_heights, sheet_data, splice

SHEETS = ("Summary", "Ranking", "Award", "Rejected", "Checks", "Bids as read", "Inputs", "Parameters")
FIGURE_SHEETS = ("Summary", "Ranking", "Award")
_NO_TIME = datetime(1980, 1, 1)  # the earliest time a zip entry can carry; used when the time was not recorded


def result_digest(evaluation: Evaluation) -> str:
    from repm_bids.domain.report import result_sha256

    return result_sha256(evaluation)


def evaluated_text(evaluation: Evaluation) -> str:
    if evaluation.evaluated_at is None:
        return "(time not recorded)"
    return local_text(evaluation.evaluated_at, evaluation.scheme.tender.time_zone, seconds=True)


def build_sheets(
    evaluation: Evaluation,
    *,
    collect_figures: bool = False,
    only: tuple[str, ...] = SHEETS,
    digest: str | None = None,
) -> list[SheetBuilder]:
    """Lay out the sheets named in `only` (in workbook order)."""
    digest = result_digest(evaluation) if digest is None else digest
    evaluated = evaluated_text(evaluation)
    builders: dict[str, Callable[[SheetBuilder], None]] = {
        "Summary": lambda sb: build_summary(evaluation, sb, evaluated, digest),
        "Ranking": lambda sb: build_ranking(evaluation, sb),
        "Award": lambda sb: build_award(evaluation, sb),
        "Rejected": lambda sb: build_rejected(evaluation, sb),
        "Checks": lambda sb: build_checks(evaluation, sb),
        "Bids as read": lambda sb: build_readings(evaluation, sb),
        "Inputs": lambda sb: build_inputs(evaluation, sb),
        "Parameters": lambda sb: build_parameters(evaluation, sb, digest),
    }
    out = []
    for name in SHEETS:
        if name in only:
            sb = SheetBuilder(name, collect_figures, score_decimals=evaluation.scheme.score_decimals)
            builders[name](sb)
            out.append(sb)
    return out


def write_award_workbook(evaluation: Evaluation, path: str | os.PathLike[str]) -> None:
    """Write the award workbook to `path`, whole or not at all.

    Raises repm_bids.io.atomic.WriteFailed (a sentence for the user) when the target cannot be written; any
    existing file is then left as it was.
    """
    digest = result_digest(evaluation)
    sheets = build_sheets(evaluation, digest=digest)
    stamp = excel_datetime(evaluation.evaluated_at) if evaluation.evaluated_at else _NO_TIME
    wb = Workbook(write_only=True)
    wb.properties.title = "REPM award statement"
    wb.properties.subject = evaluation.scheme.name
    wb.properties.creator = f"{TOOL_NAME} {__version__}"
    wb.properties.lastModifiedBy = f"{TOOL_NAME} {__version__}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    styles = StyleBook(evaluation.scheme.score_decimals)
    footer_left = f"Evaluated {evaluated_text(evaluation)}"
    footer_right = f"Result SHA-256 {digest[:12]}"
    with atomic_file(path) as fh:  # raises WriteFailed before any work when the target cannot be written
        archive = _FixedTimeZip(fh, stamp)
        try:
            for i, sb in enumerate(sheets, 1):
                cells = _prepare(wb, sb, styles, footer_left, footer_right)
                archive.sheet_data[f"xl/worksheets/sheet{i}.xml"] = cells
            ExcelWriter(wb, archive).save()
        except BaseException:
            _discard(wb)
            with contextlib.suppress(Exception):
                archive.close()  # into the temporary file, which atomic_file then removes
            raise


def _discard(wb: Workbook) -> None:
    """After a failure: close the streamed sheets openpyxl opened and remove their temporary files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            for step in (writer.close, writer.cleanup):
                with contextlib.suppress(Exception):
                    step()


def _prepare(
    wb: Workbook, sb: SheetBuilder, styles: StyleBook, footer_left: str, footer_right: str
) -> Callable[[], Iterator[bytes]]:
    """Set up the sheet in openpyxl (everything but its cells); return what writes its cells."""
    ws = wb.create_sheet(sb.title)
    widths = {c: max(w, 4) for c, w in sb.widths.items()}
    for col, width in sorted(widths.items()):
        ws.column_dimensions[get_column_letter(col)].width = round(width, 1)
    if sb.freeze:
        ws.freeze_panes = sb.freeze
    apply_page_setup(
        ws, landscape=sb.landscape, title_rows=sb.title_rows, footer_left=footer_left, footer_right=footer_right
    )
    if sb.autofilter:
        ws.auto_filter.ref = sb.autofilter
    for ref in sb.merges:
        ws.merged_cells.add(ref)
    if sb.chart is not None:
        ws.add_chart(_bar_chart(ws, sb.chart, widths), f"A{sb.chart.anchor_row}")
    register_styles(sb, styles, ws)
    heights = row_heights(sb, widths)
    for row in page_breaks(sb, widths, heights):
        ws.row_breaks.append(Break(id=row))
    return lambda: sheet_data(sb, styles, ws, heights)


def _bar_chart(ws: Any, spec: ChartSpec, widths: dict[int, float]) -> BarChart:
    """Awarded capacity per beneficiary as columns, the per-beneficiary cap as a line across them."""
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "clustered"
    bars.title = spec.title
    bars.style = 10
    awarded_col, cap_col = spec.series_cols
    bars.add_data(
        Reference(ws, min_col=awarded_col, min_row=spec.header_row, max_row=spec.last_row), titles_from_data=True
    )
    cats = Reference(ws, min_col=spec.category_col, min_row=spec.first_row, max_row=spec.last_row)
    bars.set_categories(cats)
    _text_categories(bars, cats)
    bars.dataLabels = DataLabelList()
    bars.dataLabels.showVal = True
    bars.dataLabels.showSerName = False
    bars.dataLabels.showCatName = False
    bars.dataLabels.showLegendKey = False
    bars.dataLabels.showPercent = False
    bars.y_axis.title = "MTPA"
    bars.y_axis.scaling.min = 0
    bars.y_axis.scaling.max = spec.y_max * 1.25
    bars.y_axis.majorGridlines = None
    bars.y_axis.number_format = "#,##0"
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    cap = LineChart()
    cap.add_data(Reference(ws, min_col=cap_col, min_row=spec.header_row, max_row=spec.last_row), titles_from_data=True)
    cap.set_categories(cats)
    _text_categories(cap, cats)
    cap.series[0].graphicalProperties.line.solidFill = "C00000"
    cap.series[0].graphicalProperties.line.dashStyle = "dash"
    cap.series[0].graphicalProperties.line.width = 28575
    cap.series[0].smooth = False
    bars += cap
    bars.legend.position = "b"
    width_chars = sum(widths.get(c, 8.43) for c in range(1, 9))
    bars.width = min(24.0, max(14.0, width_chars * 0.19))  # cm; about the width of the awards table
    bars.height = 9.0
    return bars


def _text_categories(chart: Any, cats: Reference) -> None:
    """Bid references are text: categories as a string reference, so every program shows them as written."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(cats)))


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one time, so that the same evaluation gives the same bytes."""

    def __init__(self, fh: IO[bytes], stamp: datetime) -> None:
        super().__init__(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.sheet_data: dict[str, Callable[[], Iterator[bytes]]] = {}  # sheet part -> its cells
        self._stamp = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """Copy a sheet openpyxl wrote into the zip, with its cells (award_xml) in its empty <sheetData>."""
        name = arcname or os.path.basename(filename)
        with open(filename, "rb") as src:
            xml = src.read()
        cells = self.sheet_data.get(name)
        # A sheet part stays far below zip64 sizes (2 GiB) even for 100,000 bids; plain entries open everywhere.
        with self.open(self._info(name), "w") as dest:
            if cells is None:
                dest.write(xml)
                return
            head, tail = splice(xml)
            dest.write(head)
            for chunk in cells():
                dest.write(chunk)
            dest.write(tail)
