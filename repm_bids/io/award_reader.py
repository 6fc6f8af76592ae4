"""The figures of an award workbook, from the evaluation and from the file, and the differences between them.

Used by `repm-bids verify AWARD.xlsx E.repm`: recompute the evaluation, read the workbook the committee signed,
and name every cell that differs. Both sides come from the declarations in award_layout / award_summary /
award_tables, so they look at the same cells under the same labels.
"""

from __future__ import annotations

import math
import os
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from repm_bids import TOOL_NAME
from repm_bids.domain.result import Evaluation
from repm_bids.io.award_comparative import COMPARATIVE
from repm_bids.io.award_layout import TOTAL, Figure, KeyValue, Table, cell_name, figure_label, row_key
from repm_bids.io.award_summary import KEY_VALUES, SUMMARY_TABLES
from repm_bids.io.award_tables import AWARD, RANKING
from repm_bids.io.award_technical import TECHNICAL_BIDS
from repm_bids.io.award_workbook import FIGURE_SHEETS, build_sheets
from repm_bids.io.safety import Refused, require_defused

__all__ = ["Figure", "UnreadableAward", "compare_figures", "expected_figures", "read_figures"]

_TABLES: dict[str, tuple[Table, ...]] = {
    "Summary": (*SUMMARY_TABLES, TECHNICAL_BIDS),
    COMPARATIVE.sheet: (COMPARATIVE,),
    "Ranking": (RANKING,),
    "Award": (AWARD,),
}
_KEY_VALUES: dict[str, tuple[KeyValue, ...]] = {"Summary": tuple(kv for kv in KEY_VALUES if kv.figure)}


def expected_figures(evaluation: Evaluation) -> list[Figure]:
    """Every figure the Summary, Ranking and Award sheets show for this evaluation, in sheet and row order."""
    # The digest is text in a note, not a figure: laying out without it saves computing it (seconds at 100,000 bids).
    sheets = build_sheets(evaluation, collect_figures=True, only=FIGURE_SHEETS, digest="")
    return [f for sb in sheets for f in sb.figures]


class UnreadableAward(Exception):
    """The award workbook could not be opened; `str(exc)` is a sentence for the user."""


def read_figures(path: str | os.PathLike[str]) -> list[Figure]:
    """The same figures read back from a workbook file (read-only; openpyxl parses with defusedxml).

    Raises UnreadableAward with a sentence when the file is missing or is not an .xlsx workbook.
    """
    try:
        require_defused()
    except Refused as exc:
        raise UnreadableAward(str(exc)) from exc
    name = os.fspath(path)
    _check_size(name)
    try:
        wb = load_workbook(name, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise UnreadableAward(f"Cannot read {name}: there is no such file.") from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise UnreadableAward(
            f"Cannot read {name}: it is not an Excel workbook (.xlsx) written by {TOOL_NAME}."
        ) from exc
    try:
        out: list[Figure] = []
        for sheet in FIGURE_SHEETS:
            if sheet in wb.sheetnames:
                rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
                out.extend(_sheet_figures(sheet, rows))
        return out
    finally:
        wb.close()


MAX_UNCOMPRESSED = 2**30  # 1 GiB of XML: an award workbook of 100,000 bids holds about 175 MiB
MAX_PARTS = 1_000


def _check_size(name: str) -> None:
    """Refuse a zip bomb before any parser sees it (zipfile never inflates a part beyond its declared size)."""
    try:
        with zipfile.ZipFile(name) as z:
            infos = z.infolist()
    except FileNotFoundError as exc:
        raise UnreadableAward(f"Cannot read {name}: there is no such file.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableAward(
            f"Cannot read {name}: it is not an Excel workbook (.xlsx) written by {TOOL_NAME}."
        ) from exc
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise UnreadableAward(f"Cannot read {name}: it unpacks to more than an award workbook can hold.")


def _sheet_figures(sheet: str, rows: Sequence[tuple[Any, ...]]) -> list[Figure]:
    out: list[Figure] = []
    labels = {kv.label for kv in _KEY_VALUES.get(sheet, ())}
    tables = _TABLES.get(sheet, ())
    r = 0
    while r < len(rows):
        row = rows[r]
        first = row[0] if row else None
        table = next((t for t in tables if _starts_with(row, t.headers)), None)
        if table is not None:
            r = _read_table(sheet, table, rows, r, out)
            continue
        if isinstance(first, str) and first in labels:
            out.append(Figure(sheet, cell_name(r + 1, 2), first, row[1] if len(row) > 1 else None))
        r += 1
    return out


def _starts_with(row: tuple[Any, ...], headers: tuple[str, ...]) -> bool:
    return len(row) >= len(headers) and tuple(row[: len(headers)]) == headers


def _read_table(sheet: str, table: Table, rows: Sequence[tuple[Any, ...]], r: int, out: list[Figure]) -> int:
    """Read the data rows (and totals row) under the header at index r; return the index after the table."""
    ncols = len(table.columns)
    key_index = table.key_index
    r += 1
    n = 0
    while r < len(rows):
        row = tuple(rows[r]) + (None,) * max(0, ncols - len(rows[r]))
        if all(v is None or v == "" for v in row[:ncols]):
            break
        key_value = row[key_index] if key_index is not None else None
        if row[0] == TOTAL and (key_value is None or key_value == ""):
            for i, col in enumerate(table.columns):
                if col.figure and col.total:
                    out.append(Figure(sheet, cell_name(r + 1, i + 1), figure_label(col.header, "total"), row[i]))
            return r + 1
        n += 1
        key = row_key(key_value, n)
        for i, col in enumerate(table.columns):
            if col.figure:
                out.append(Figure(sheet, cell_name(r + 1, i + 1), figure_label(col.header, key), row[i]))
        r += 1
    return r


def _same(a: object, b: object) -> bool:
    if a == "":
        a = None
    if b == "":
        b = None
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool | str):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _show(v: object) -> str:
    if v is None or v == "":
        return "blank"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str):
        return f'"{v}"'
    return str(v)


def compare_figures(expected: Iterable[Figure], actual: Iterable[Figure]) -> list[str]:
    """One sentence per cell that differs; [] when the workbook shows exactly the evaluation's figures."""
    exp = list(expected)
    act = list(actual)
    out: list[str] = []
    act_sheets = {f.sheet for f in act}
    missing_sheets = sorted({f.sheet for f in exp} - act_sheets, key=_sheet_order)
    for sheet in missing_sheets:
        out.append(f"{sheet}: the sheet or its figures are missing from the workbook.")
    by_cell = {(f.sheet, f.cell): f for f in act}
    seen: set[tuple[str, str]] = set()
    for f in exp:
        if f.sheet in missing_sheets:
            continue
        where = (f.sheet, f.cell)
        seen.add(where)
        got = by_cell.get(where)
        if got is None:
            out.append(f"{f.sheet}!{f.cell} ({f.label}): missing from the workbook, evaluation {_show(f.value)}")
        elif not _same(got.value, f.value):
            out.append(f"{f.sheet}!{f.cell} ({f.label}): workbook {_show(got.value)}, evaluation {_show(f.value)}")
    for g in act:
        if (g.sheet, g.cell) not in seen:
            out.append(f"{g.sheet}!{g.cell} ({g.label}): workbook {_show(g.value)}, not in the evaluation")
    return out


def _sheet_order(sheet: str) -> int:
    return FIGURE_SHEETS.index(sheet) if sheet in FIGURE_SHEETS else len(FIGURE_SHEETS)


def compare_cells(
    expected: str | os.PathLike[str],
    actual: str | os.PathLike[str],
    skip: Iterable[tuple[str, str]] = (),
    limit: int = 200,
) -> list[str]:
    """Every cell of every sheet of `actual` that differs from the workbook `expected` (written again from the saved
    evaluation): the Rejected, Checks, Inputs and Parameters sheets, names and remarks included. Cells in `skip`
    (already named by `compare_figures`) are left out; after `limit` sentences the rest are counted."""
    from openpyxl.utils import get_column_letter

    _check_size(os.fspath(actual))
    done = set(skip)
    out: list[str] = []
    more = 0
    exp_wb = load_workbook(expected, read_only=True, data_only=True)
    act_wb = load_workbook(actual, read_only=True, data_only=True)
    try:
        for name in act_wb.sheetnames:
            if name not in exp_wb.sheetnames:
                out.append(f"{name}: a sheet the saved evaluation does not give.")
        for name in exp_wb.sheetnames:
            if name not in act_wb.sheetnames:
                out.append(f"{name}: the sheet is missing from the workbook.")
                continue
            exp_rows = [tuple(r) for r in exp_wb[name].iter_rows(values_only=True)]
            act_rows = [tuple(r) for r in act_wb[name].iter_rows(values_only=True)]
            for r in range(max(len(exp_rows), len(act_rows))):
                e_row = exp_rows[r] if r < len(exp_rows) else ()
                a_row = act_rows[r] if r < len(act_rows) else ()
                for c in range(max(len(e_row), len(a_row))):
                    want = e_row[c] if c < len(e_row) else None
                    got = a_row[c] if c < len(a_row) else None
                    cell = f"{get_column_letter(c + 1)}{r + 1}"
                    if (name, cell) in done or _same(got, want):
                        continue
                    if len(out) >= limit:
                        more += 1
                        continue
                    out.append(f"{name}!{cell}: workbook {_show(got)}, saved evaluation {_show(want)}")
    finally:
        exp_wb.close()
        act_wb.close()
    if more:
        out.append(f"… and {more} more cells differ.")
    return out
