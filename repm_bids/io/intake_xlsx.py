"""An .xlsx/.xlsm workbook opened for reading: values from python-calamine, and, only where a value's meaning
depends on it, a little more from the sheet XML: percent number formats, formulas with no saved result, error
results such as #REF!.

Everything here runs after `safety.open_zip` has checked the package, so calamine never sees a zip bomb, a DTD or
a sheet whose used area is absurd. Those few facts are found by searching the checked XML for the cells concerned
(a cell's start tag, the styles' number formats); a sheet not written the usual way is parsed whole with
defusedxml, as are the workbook and relationship parts.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from defusedxml import ElementTree as DET
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .safety import MAX_TABLE_ROWS, Refused, SafeZip, column_number, require_defused

Grid = list[list[Any]]


@dataclass(frozen=True, slots=True)
class CellMeta:
    percent: bool = False  # formatted as a percentage
    formula: bool = False  # holds a formula
    saved: bool = True  # a result was saved with the formula
    error: str | None = None  # an error result, e.g. '#REF!'


NO_META = CellMeta()
PERCENT_META = CellMeta(percent=True)


@functools.lru_cache(maxsize=65536)
def a1(row: int, col: int) -> str:
    """0-based (row, col) -> 'B7'."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


_REF = re.compile(r"([A-Za-z]{1,4})([0-9]{1,9})")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_NUMFMT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?numFmt\s([^>]*)>")
_CELL_XFS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?cellXfs\b[^>]*>(.*?)</(?:[A-Za-z_][\w.-]*:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf(?:\s([^>]*?))?/?>")
_ANY_C = re.compile(rb"<c[\s>/]")
_START_TAG = re.compile(rb"<(c)\s([^>]*?)(/>|>)")
_XF_FMT = re.compile(rb"\bnumFmtId\s*=\s*[\"']([0-9]{1,9})[\"']")
_F_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_V_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?(?:/>|>([^<]*)<)")


def _attrs(blob: bytes | None) -> dict[str, str]:
    """Attributes of a start tag (names without a namespace prefix); callers only read the dict. Short tags are
    remembered (forms of one template repeat them); a long one, which a hostile file could repeat with variations,
    is not, so the memory held stays small."""
    if blob is not None and len(blob) <= 200:
        return _short_attrs(blob)
    return _parse_attrs(blob)


@functools.lru_cache(maxsize=4096)
def _short_attrs(blob: bytes) -> dict[str, str]:
    return _parse_attrs(blob)


def _parse_attrs(blob: bytes | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(blob or b""):
        key = m.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out[key] = value.decode("utf-8", "replace")
    return out


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
    merged_rows: set[int] = field(default_factory=set)  # rows that hold part of a merged area
    book: Book | None = None
    _meta: dict[tuple[int, int], CellMeta] | None = None
    _asked: int = 0

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def meta(self, row: int, col: int) -> CellMeta:
        """Number format and formula facts of one cell: looked up alone at first, the whole sheet's once many are
        asked for (a bids table)."""
        if self._meta is None:
            if self.book is None:
                return NO_META
            self._asked += 1
            if self._asked <= 8:
                found = self.book.cell_meta(self.name, row, col)
                if found is not None:
                    return found
            self._meta = self.book.scan_sheet(self.name)
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

    def may_have_formulas(self, name: str) -> bool:
        """Cheap: whether the sheet's XML could hold a formula or an error result at all."""
        formulas = self.safe.formulas
        if not any(formulas.values()):
            return False
        return formulas.get(self._sheet_paths().get(name) or "", True)

    def sheet(self, name: str, *, max_rows: int = MAX_TABLE_ROWS) -> Sheet:
        """The sheet's values from A1, at most `max_rows` rows (`truncated` says when there were more)."""
        try:
            cs = self._cw.get_sheet_by_name(name)
            rows = cs.to_python(skip_empty_area=False, nrows=max_rows + 1)
            merged = cs.merged_cell_ranges or []
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise Refused(
                f"The sheet {name!r} cannot be read ({_calamine_reason(exc)}). Open the file in a spreadsheet "
                "program, save it again as .xlsx, and resubmit."
            ) from exc
        truncated = len(rows) > max_rows
        if truncated:
            rows = rows[:max_rows]
        sheet = Sheet(name, rows, truncated, book=self)
        _fill_merged(sheet, merged)
        return sheet

    # --- the XML, only when a value's meaning depends on it ------------------------------------------------------
    def _sheet_paths(self) -> dict[str, str]:
        if self._paths is None:
            parts = self.safe.parts
            self._paths = sheet_paths(parts.get("xl/workbook.xml", b""), parts.get("xl/_rels/workbook.xml.rels", b""))
        return self._paths

    def _percent_xfs(self) -> frozenset[int]:
        if self._percent_styles is None:
            self._percent_styles = percent_styles(self.safe.parts.get("xl/styles.xml", b""))
        return self._percent_styles

    def cell_meta(self, name: str, row: int, col: int) -> CellMeta | None:
        """One cell's facts, found by its reference in the sheet XML; None when the cell cannot be found that way
        (then the caller scans the sheet)."""
        body = self.safe.parts.get(self._sheet_paths().get(name) or "")
        if body is None:
            return NO_META
        ref = a1(row, col).encode("ascii")
        at = body.find(b'<c r="' + ref + b'"')
        m = _START_TAG.match(body, at) if at >= 0 else None
        if m is None:
            m = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?c)\s([^>]*?\br\s*=\s*[\"']" + ref + rb"[\"'][^>]*?)(/>|>)", body)
        if m is None:
            return None if b" r=" not in body else NO_META
        return self._element_meta(body, m)

    def _element_meta(self, body: bytes, m: re.Match[bytes]) -> CellMeta | None:
        """The facts of the cell element whose start tag `m` matched (groups: tag name, attributes, '/>' or '>')."""
        attrs = _attrs(m.group(2))
        inner = b""
        if m.group(3) == b">":
            close = body.find(b"</" + m.group(1) + b">", m.end())
            if close < 0:
                return None
            inner = body[m.end() : close]
        style = attrs.get("s", "")
        is_pct = style.isdigit() and int(style) in self._percent_xfs()
        has_f = bool(_F_TAG.search(inner))
        v = _V_TAG.search(inner)
        v_raw = v.group(1) if v else None
        v_text = None if v_raw is None else v_raw.decode("utf-8", "replace")
        if v_text and "&" in v_text:
            v_text = html.unescape(v_text)
        kind = attrs.get("t")
        error = (v_text or "#N/A") if kind == "e" else None
        saved = v is not None and (bool(v_text) or kind in ("str", "inlineStr"))
        if not (is_pct or has_f or error):
            return NO_META
        if is_pct and saved and not has_f and error is None:
            return PERCENT_META  # the usual case: a percent-formatted value (CellMeta is frozen: shared)
        return CellMeta(percent=is_pct, formula=has_f, saved=saved, error=error)

    def scan_sheet(self, name: str) -> dict[tuple[int, int], CellMeta]:
        """Cells of a sheet that are percent-formatted, hold a formula or an error result. A sheet written the usual
        way (every cell `<c r="B7"...`) is searched for just those cells; any other is parsed whole."""
        body = self.safe.parts.get(self._sheet_paths().get(name) or "")
        if not body:
            return {}
        if b":c" in body or len(_ANY_C.findall(body)) != body.count(b'<c r="'):
            return self._parse_sheet(body)
        out: dict[tuple[int, int], CellMeta] = {}
        percent = self._percent_xfs()
        if percent:
            for m in _percent_cells(percent).finditer(body):
                out[(int(m.group(2)) - 1, column_number(m.group(1).decode("ascii")) - 1)] = CellMeta(percent=True)
        for marker in (b"<f>", b"<f ", b"<f/>", b't="e"'):
            i = body.find(marker)
            while i >= 0:
                start = body.rfind(b'<c r="', 0, i)
                tag = _START_TAG.match(body, start) if start >= 0 else None
                pos = parse_a1(_attrs(tag.group(2)).get("r", "")) if tag else None
                if tag is None or pos is None:
                    return self._parse_sheet(body)
                meta = self._element_meta(body, tag)
                if meta is not None and meta is not NO_META:
                    out[pos] = meta
                i = body.find(marker, i + 1)
        return out

    def _parse_sheet(self, body: bytes) -> dict[tuple[int, int], CellMeta]:
        out: dict[tuple[int, int], CellMeta] = {}
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
            has_v = False
            v_text = None
            for child in el:
                ctag = _local(child.tag)
                if ctag == "f":
                    has_f = True
                elif ctag == "v":
                    has_v = True
                    v_text = child.text
                elif ctag == "is":
                    v_text = "".join(child.itertext())
            is_pct = style is not None and style.isdigit() and int(style) in percent
            error = (v_text or "#N/A") if kind == "e" else None
            if is_pct or has_f or error:
                saved = has_v and (bool(v_text) or kind in ("str", "inlineStr"))
                out[pos] = CellMeta(percent=is_pct, formula=has_f, saved=saved, error=error)
            el.clear()
        return out


@functools.lru_cache(maxsize=64)
def _percent_cells(styles: frozenset[int]) -> re.Pattern[bytes]:
    """Start tags of cells, written the usual way, whose style is one of `styles`."""
    alternatives = b"|".join(str(i).encode() for i in sorted(styles))
    return re.compile(rb'<c r="([A-Za-z]{1,4})([0-9]{1,9})"[^>]*?\ss="(?:' + alternatives + rb')"')


_CACHED_PART_BYTES = 256 * 1024  # parts up to this size are remembered by content; a hostile one can be 64 MB


def sheet_paths(workbook: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> its part in the package (parsed with defusedxml; remembered by content when small)."""
    if len(workbook) + len(rels) <= _CACHED_PART_BYTES:
        return _cached_sheet_paths(workbook, rels)
    return _sheet_paths(workbook, rels)


@functools.lru_cache(maxsize=64)
def _cached_sheet_paths(workbook: bytes, rels: bytes) -> dict[str, str]:
    return _sheet_paths(workbook, rels)


def _sheet_paths(workbook: bytes, rels: bytes) -> dict[str, str]:
    paths: dict[str, str] = {}
    if not workbook or not rels:
        return paths
    targets = {}
    for rel in DET.fromstring(rels, forbid_dtd=True):
        target = rel.get("Target") or ""
        if target.startswith("/"):
            target = target.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = target
    for el in DET.fromstring(workbook, forbid_dtd=True).iter():
        if _local(el.tag) == "sheet":
            rid = _attr(el, "id")
            name = el.get("name")
            if name is not None and rid in targets:
                paths[name] = targets[rid]
    return paths


def percent_styles(body: bytes) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a percentage (built-in 9 and 10, or a custom format with
    a '%' outside quotes). The styles part passed safety.open_zip: no DTD, no entities. Remembered by content when
    small: forms made from one template share it."""
    return _cached_percent_styles(body) if len(body) <= _CACHED_PART_BYTES else _percent_styles(body)


@functools.lru_cache(maxsize=64)
def _cached_percent_styles(body: bytes) -> frozenset[int]:
    return _percent_styles(body)


def _percent_styles(body: bytes) -> frozenset[int]:
    percent_fmts = {9, 10}
    for m in _NUMFMT.finditer(body):
        attrs = _attrs(m.group(1))
        code = html.unescape(attrs.get("formatCode", ""))
        if _is_percent_code(code) and attrs.get("numFmtId", "").isdigit():
            percent_fmts.add(int(attrs["numFmtId"]))
    found: set[int] = set()
    block = _CELL_XFS.search(body)
    if block:
        for i, m in enumerate(_XF.finditer(block.group(1))):
            fmt = _XF_FMT.search(m.group(1) or b"")
            if fmt and int(fmt.group(1)) in percent_fmts:
                found.add(i)
    return frozenset(found)


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
    n_rows = len(rows)
    origins = sheet.merged_origin
    merged_rows = sheet.merged_rows
    for (r0, c0), (r1, c1) in merged:
        if r0 >= n_rows:
            continue
        first = rows[r0]
        origin_value = first[c0] if c0 < len(first) else ""
        origin = (r0, c0)
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
                    origins[(r, c)] = origin
                    merged_rows.add(r)


def _calamine_reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "password" in text.lower() or type(exc).__name__ == "PasswordError":
        return "it is password-protected: remove the password and save a copy"
    return text[:160]
