"""A workbook opened for reading: values from python-calamine, and the few facts it does not tell (percent number
formats, formulas with no saved result, error results such as #REF!, hidden rows and columns) from the pass over
the sheet XML that `xlsx_package.open_zip` makes while it checks the package.

An .xlsx/.xlsm is opened only after that check, so calamine never sees a zip bomb, a document type or a sheet whose
used area is absurd. A legacy .xls (`Book.legacy`) has no XML: calamine reads it alone, and its cells have no facts
beyond their values. Either way this runs in the reading worker (`sandbox.py`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .safety import MAX_TABLE_ROWS, Refused, require_defused
from .sheet_facts import NO_META, CellMeta, SheetFacts, read_elements
from .xlsx_package import SafeZip

__all__ = ["NO_META", "Book", "CellMeta", "Sheet", "a1", "sheet_paths"]

Grid = list[list[Any]]


def a1(row: int, col: int) -> str:
    """0-based (row, col) -> 'B7'."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace prefix."""
    return name.rpartition(":")[2]


@dataclass
class Sheet:
    """One visible sheet: values as a grid from A1 (row, col 0-based), merged areas filled from their top-left, and
    what the XML tells of its cells (`facts`: formats, formulas, hidden rows and columns; empty for an .xls)."""

    name: str
    rows: Grid
    truncated: bool = False
    merged_origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    merged_rows: set[int] = field(default_factory=set)  # rows that hold part of a merged area
    facts: SheetFacts = field(default_factory=SheetFacts)

    @property
    def has_formulas(self) -> bool:
        """Whether any cell holds a formula or an error result."""
        return self.facts.has_formulas

    @property
    def hidden_rows(self) -> set[int]:
        return self.facts.hidden_rows

    @property
    def hidden_cols(self) -> set[int]:
        return self.facts.hidden_cols

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def meta(self, row: int, col: int) -> CellMeta:
        """Number format and formula facts of one cell."""
        return self.facts.cells.get((row, col), NO_META)

    def row_meta(self, row: int) -> dict[int, CellMeta]:
        return {c: m for (r, c), m in self.facts.cells.items() if r == row}


class Book:
    """A workbook opened with calamine: an .xlsx checked by `xlsx_package.open_zip`, or a legacy .xls."""

    def __init__(self, safe: SafeZip | None, data: bytes | None = None) -> None:
        require_defused()
        if safe is not None and not any(p.endswith("workbook.xml") for p in safe.parts):
            raise Refused("zip_not_workbook")
        self.safe = safe
        raw = safe.data if safe is not None else data
        try:
            self._cw = CalamineWorkbook.from_filelike(BytesIO(raw or b""))
            meta = self._cw.sheets_metadata
        except BaseException as exc:  # calamine errors, and pyo3's PanicException (a BaseException)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise Refused("workbook_unreadable", why=_calamine_reason(exc)) from exc
        self.visible = [m.name for m in meta if m.visible == SheetVisibleEnum.Visible]
        self.hidden = [m.name for m in meta if m.visible != SheetVisibleEnum.Visible]
        self._paths = sheet_paths(safe.parts) if safe is not None else {}

    @classmethod
    def legacy(cls, data: bytes) -> Book:
        """An Excel 97-2003 workbook (.xls), read by calamine alone."""
        return cls(None, data)

    @property
    def has_macros(self) -> bool:
        return self.safe is not None and self.safe.has_macros

    def sheet(self, name: str, *, max_rows: int = MAX_TABLE_ROWS) -> Sheet:
        """The sheet's values from A1, at most `max_rows` rows (`truncated` says when there were more)."""
        try:
            cs = self._cw.get_sheet_by_name(name)
            rows = cs.to_python(skip_empty_area=False, nrows=max_rows + 1)
            merged = cs.merged_cell_ranges or []
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise Refused("sheet_unreadable", sheet=name, why=_calamine_reason(exc)) from exc
        truncated = len(rows) > max_rows
        if truncated:
            rows = rows[:max_rows]
        facts = self.safe.sheets.get(self._paths.get(name, "")) if self.safe is not None else None
        sheet = Sheet(name, rows, truncated, facts=facts or SheetFacts())
        _fill_merged(sheet, merged)
        return sheet


def sheet_paths(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its part in the package, from the workbook and its relationships: the same expat pass as the
    sheets' (`sheet_facts.read_elements`: no document type, no entity, no tree)."""
    workbook = parts.get("xl/workbook.xml", b"")
    rels = parts.get("xl/_rels/workbook.xml.rels", b"")
    paths: dict[str, str] = {}
    if not workbook or not rels:
        return paths
    targets = {}
    for depth, _tag, attrs in read_elements("xl/_rels/workbook.xml.rels", rels):
        if depth != 2:  # each child of the root is a relationship
            continue
        target = attrs.get("Target") or ""
        if target.startswith("/"):
            target = target.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join("xl", target))
        targets[attrs.get("Id")] = target
    for _depth, tag, attrs in read_elements("xl/workbook.xml", workbook):
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id" and not k.startswith("xmlns")), None)
            name = attrs.get("name")
            if name is not None and rid in targets:
                paths[name] = targets[rid]
    return paths


def _fill_merged(sheet: Sheet, merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Copy each merged area's top-left value into its other cells (bounded: the area already is)."""
    budget = 100_000
    rows = sheet.rows
    n_rows = len(rows)
    for (r0, c0), (r1, c1) in merged:
        if r0 >= n_rows:
            continue
        first = rows[r0]
        origin_value = first[c0] if c0 < len(first) else ""
        for r in range(r0, min(r1, n_rows - 1) + 1):
            row = rows[r]
            for c in range(c0, c1 + 1):
                if c == c0 and r == r0:
                    continue
                budget -= 1
                if budget < 0:
                    return
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                if row[c] in ("", None):
                    row[c] = origin_value
                    sheet.merged_origin[(r, c)] = (r0, c0)
                    sheet.merged_rows.add(r)


def _calamine_reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "password" in text.lower() or type(exc).__name__ == "PasswordError":
        return "it is password-protected: remove the password and save a copy"
    return text[:160]
