"""An .xlsx/.xlsm workbook opened for reading: values from python-calamine, and, only where a value's meaning
depends on it, a little more from the sheet XML (parsed with defusedxml): percent number formats, formulas with no
saved result, error results such as #REF!.

Everything here runs after `safety.open_zip` has checked the package, so calamine never sees a zip bomb, a DTD or
a sheet whose used area is absurd.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from defusedxml import ElementTree as DET
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .safety import MAX_FORM_ROWS, Refused, SafeZip, column_number, require_defused

Grid = list[list[Any]]


@dataclass(frozen=True, slots=True)
class CellMeta:
    percent: bool = False  # formatted as a percentage
    formula: bool = False  # holds a formula
    saved: bool = True  # a result was saved with the formula
    error: str | None = None  # an error result, e.g. '#REF!'


NO_META = CellMeta()


def a1(row: int, col: int) -> str:
    """0-based (row, col) -> 'B7'."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


_REF = re.compile(r"([A-Za-z]{1,4})([0-9]{1,9})")


def parse_a1(ref: str) -> tuple[int, int] | None:
    m = _REF.fullmatch(ref)
    if not m:
        return None
    return int(m.group(2)) - 1, column_number(m.group(1)) - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: Any, name: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


@dataclass
class Sheet:
    """One visible sheet: values as a grid from A1 (row, col 0-based) and merged areas filled from their top-left."""

    name: str
    rows: Grid
    truncated: bool = False
    merged_origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    book: Book | None = None
    _meta: dict[tuple[int, int], CellMeta] | None = None

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def meta(self, row: int, col: int) -> CellMeta:
        """Number format and formula facts of one cell (reads the sheet XML on first use)."""
        if self._meta is None:
            self._meta = self.book.scan_sheet(self.name) if self.book else {}
        return self._meta.get((row, col), NO_META)

    def row_meta(self, row: int) -> dict[int, CellMeta]:
        if self._meta is None:
            self._meta = self.book.scan_sheet(self.name) if self.book else {}
        return {c: m for (r, c), m in self._meta.items() if r == row}


class Book:
    """A workbook checked by safety.open_zip, opened with calamine."""

    def __init__(self, safe: SafeZip) -> None:
        require_defused()
        if "xl/workbook.xml" not in safe.parts and not any(p.endswith("workbook.xml") for p in safe.parts):
            raise Refused(
                "The file is a zip archive but not an Excel workbook (no workbook inside). Save the bid as .xlsx "
                "from a spreadsheet program."
            )
        self.safe = safe
        try:
            self._cw = CalamineWorkbook.from_filelike(BytesIO(safe.data))
            meta = self._cw.sheets_metadata
        except BaseException as exc:  # calamine errors, and pyo3's PanicException (a BaseException)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise Refused(
                f"The workbook cannot be read ({_calamine_reason(exc)}). Open it in a spreadsheet program, save it "
                "again as .xlsx, and resubmit."
            ) from exc
        self.visible = [m.name for m in meta if m.visible == SheetVisibleEnum.Visible]
        self.hidden = [m.name for m in meta if m.visible != SheetVisibleEnum.Visible]
        self._paths: dict[str, str] | None = None
        self._percent_styles: frozenset[int] | None = None

    @property
    def has_macros(self) -> bool:
        return self.safe.has_macros

    def sheet(self, name: str, *, limit_rows: bool = True) -> Sheet:
        try:
            cs = self._cw.get_sheet_by_name(name)
            nrows = MAX_FORM_ROWS + 1 if limit_rows else None
            rows = cs.to_python(skip_empty_area=False, nrows=nrows)
            merged = cs.merged_cell_ranges or []
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise Refused(
                f"The sheet {name!r} cannot be read ({_calamine_reason(exc)}). Open the file in a spreadsheet "
                "program, save it again as .xlsx, and resubmit."
            ) from exc
        truncated = limit_rows and len(rows) > MAX_FORM_ROWS
        if truncated:
            rows = rows[:MAX_FORM_ROWS]
        sheet = Sheet(name, rows, truncated, book=self)
        _fill_merged(sheet, merged)
        return sheet

    # --- the XML, only when a value's meaning depends on it ------------------------------------------------------
    def _sheet_paths(self) -> dict[str, str]:
        if self._paths is None:
            self._paths = {}
            parts = self.safe.parts
            wb_path = "xl/workbook.xml"
            rels_path = "xl/_rels/workbook.xml.rels"
            if wb_path in parts and rels_path in parts:
                rels = DET.fromstring(parts[rels_path], forbid_dtd=True)
                targets = {}
                for rel in rels:
                    target = rel.get("Target") or ""
                    if target.startswith("/"):
                        target = target.lstrip("/")
                    else:
                        target = posixpath.normpath(posixpath.join("xl", target))
                    targets[rel.get("Id")] = target
                wb = DET.fromstring(parts[wb_path], forbid_dtd=True)
                for el in wb.iter():
                    if _local(el.tag) == "sheet":
                        rid = _attr(el, "id")
                        name = el.get("name")
                        if name is not None and rid in targets:
                            self._paths[name] = targets[rid]
        return self._paths

    def _percent_xfs(self) -> frozenset[int]:
        if self._percent_styles is None:
            found: set[int] = set()
            body = self.safe.parts.get("xl/styles.xml")
            if body:
                root = DET.fromstring(body, forbid_dtd=True)
                percent_fmts = {9, 10}
                for el in root.iter():
                    if _local(el.tag) == "numFmt" and _is_percent_code(el.get("formatCode") or ""):
                        try:
                            percent_fmts.add(int(el.get("numFmtId") or -1))
                        except ValueError:
                            pass
                for el in root.iter():
                    if _local(el.tag) == "cellXfs":
                        for i, xf in enumerate(el):
                            try:
                                if int(xf.get("numFmtId") or 0) in percent_fmts:
                                    found.add(i)
                            except ValueError:
                                pass
            self._percent_styles = frozenset(found)
        return self._percent_styles

    def scan_sheet(self, name: str) -> dict[tuple[int, int], CellMeta]:
        """Cells of a sheet that are percent-formatted, hold a formula or an error result."""
        out: dict[tuple[int, int], CellMeta] = {}
        path = self._sheet_paths().get(name)
        body = self.safe.parts.get(path or "")
        if not body:
            return out
        percent = self._percent_xfs()
        row_no = -1
        col_no = -1
        for _event, el in DET.iterparse(BytesIO(body), events=("end",), forbid_dtd=True):
            tag = _local(el.tag)
            if tag == "row":
                el.clear()
                continue
            if tag != "c":
                continue
            ref = el.get("r")
            pos = parse_a1(ref) if ref else None
            if pos is None:
                col_no += 1
                pos = (max(row_no, 0), col_no)
            row_no, col_no = pos
            style = el.get("s")
            kind = el.get("t")
            has_f = False
            v_text = None
            for child in el:
                ctag = _local(child.tag)
                if ctag == "f":
                    has_f = True
                elif ctag == "v":
                    v_text = child.text
                elif ctag == "is":
                    v_text = "".join(child.itertext())
            is_pct = style is not None and style.isdigit() and int(style) in percent
            error = (v_text or "#N/A") if kind == "e" else None
            if is_pct or has_f or error:
                out[pos] = CellMeta(
                    percent=is_pct, formula=has_f, saved=bool(v_text) or kind == "str" and v_text is not None, error=error
                )
            el.clear()
        return out


def _is_percent_code(code: str) -> bool:
    """A number format that shows a percentage: a '%' outside quotes and escapes."""
    in_quote = False
    escaped = False
    for ch in code:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            in_quote = not in_quote
        elif ch == "%" and not in_quote:
            return True
    return False


def _fill_merged(sheet: Sheet, merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Copy each merged area's top-left value into its other cells (bounded: the area already is)."""
    budget = 100_000
    rows = sheet.rows
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows):
            continue
        origin_value = sheet.value(r0, c0)
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                budget -= 1
                if budget < 0:
                    return
                row = rows[r]
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                if row[c] in ("", None):
                    row[c] = origin_value
                    sheet.merged_origin[(r, c)] = (r0, c0)


def _calamine_reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "password" in text.lower() or type(exc).__name__ == "PasswordError":
        return "it is password-protected: remove the password and save a copy"
    return text[:160]
