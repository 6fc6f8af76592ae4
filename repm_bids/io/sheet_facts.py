"""One pass of an XML parser over each part of a workbook that a reader lays out: the shared strings and every
sheet. It gives the checks (how far a sheet reaches, how much text its cells would hold) and the few cell facts that
python-calamine does not tell (percent formats, formulas and their saved results, error results, hidden rows and
columns).

The parser is expat, the one under Python's ElementTree and defusedxml, driven with handlers and no tree: its time
is linear in the part's size, and a document type or an entity declaration stops it (refused). A part that is not
well-formed XML is refused too, so no reader ever sees something this pass read differently.
"""

from __future__ import annotations

import xml.parsers.expat as expat
from dataclasses import dataclass, field
from typing import Any, NoReturn

from .safety import (
    MAX_SHARED_STRINGS,
    MAX_SHEET_CELLS,
    MAX_SHEET_TEXT,
    Refused,
    column_number,
)


@dataclass(frozen=True, slots=True)
class CellMeta:
    """What the XML says of one cell beyond its value."""

    percent: bool = False  # formatted as a percentage
    formula: bool = False  # holds a formula
    saved: bool = True  # a result was saved with the formula
    error: str | None = None  # an error result, e.g. '#REF!'


NO_META = CellMeta()
PERCENT_META = CellMeta(percent=True)


@dataclass
class SheetFacts:
    """A sheet as its XML lays it out: (row, col) are 0-based, as in the grid of values."""

    rows: int = 0  # the last row a reader lays out (1-based count from A1)
    cols: int = 0  # the last column likewise
    text: int = 0  # characters of shared text the sheet's cells point at
    cells: dict[tuple[int, int], CellMeta] = field(default_factory=dict)  # percent, formula or error cells only
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)

    @property
    def has_formulas(self) -> bool:
        return any(m.formula or m.error for m in self.cells.values())


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _parser(part: str) -> Any:
    p = expat.ParserCreate()
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: Any) -> NoReturn:  # raises: fits every handler, whatever it would return
        raise Refused("xml_doctype", name=part)

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    p.UnparsedEntityDeclHandler = refuse
    p.ExternalEntityRefHandler = refuse
    return p


def _parse(p: Any, part: str, body: bytes) -> None:
    try:
        p.Parse(body, True)
    except expat.ExpatError as exc:
        raise Refused("xml_malformed", name=part, error=expat.ErrorString(exc.code), line=exc.lineno) from exc


def read_elements(part: str, body: bytes) -> list[tuple[int, str, dict[str, str]]]:
    """Every element of a small part (the workbook, its relationships), in document order: its depth (the root is
    1), its local name and its attributes as written. Refused when not well-formed or with a document type."""
    found: list[tuple[int, str, dict[str, str]]] = []
    depth = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        found.append((depth, _local(name), attrs))

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    p = _parser(part)
    p.StartElementHandler, p.EndElementHandler = start, end
    _parse(p, part, body)
    return found


def _count(value: str) -> int:
    value = value.strip()
    if not value.isdigit():
        raise Refused("shared_count_unreadable")
    return int(value)


def shared_string_lengths(part: str, body: bytes) -> list[int]:
    """The length of each shared string, in order; refused beyond the allowed count (declared or actual)."""
    lengths: list[int] = []
    depth = [0]  # inside an <si> when > 0

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "sst":
            for key in ("count", "uniqueCount"):
                if key in attrs and _count(attrs[key]) > MAX_SHARED_STRINGS:
                    raise Refused("shared_declared", count=_count(attrs[key]), limit=MAX_SHARED_STRINGS)
        elif tag == "si":
            if len(lengths) >= MAX_SHARED_STRINGS:
                raise Refused("shared_too_many", limit=MAX_SHARED_STRINGS)
            lengths.append(0)
            depth[0] += 1

    def end(name: str) -> None:
        if depth[0] and _local(name) == "si":
            depth[0] -= 1

    def text(data: str) -> None:
        if depth[0]:
            lengths[-1] += len(data)

    p = _parser(part)
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, text
    _parse(p, part, body)
    return lengths


def _a1(ref: str) -> tuple[int, int] | None:
    """'B7' -> (7, 2), 1-based; None when it is not 1-4 letters then 1-9 digits."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if not (0 < len(letters) <= 4 and 0 < len(digits) <= 9 and letters.isascii() and letters.isalpha()):
        return None
    row = int(digits)
    return (row, column_number(letters)) if row >= 1 else None


def _malformed() -> Refused:
    return Refused("bad_cell_reference")


def _too_far(rows: int, cols: int) -> Refused:
    return Refused("sheet_too_far", rows=rows, cols=cols, limit=MAX_SHEET_CELLS)


def _hidden(attrs: dict[str, str]) -> bool:
    return attrs.get("hidden", "").strip().lower() in ("1", "true")


def sheet_facts(part: str, body: bytes, percent: frozenset[int], shared: list[int]) -> SheetFacts:
    """Read one sheet part: refused when it reaches too far, holds too much shared text or is not well-formed.

    The pass follows the layout a reader gives the cells: a cell with a reference (`r`) sits there; one without
    sits right of the cell before it, on its row's number or on the row after the one before. (The handlers are
    closures over local state: they run a few times per cell, and a bids table has up to a million cells.)"""
    facts = SheetFacts()
    cells = facts.cells
    n_shared = len(shared)
    # the current row (1-based), the last cell's column, the open cell's 0-based position, style, type, and
    # whether it has a formula and a <v>; the text of its <v>
    row = col = 0
    max_row = max_col = 0
    text_total = 0
    cell: tuple[int, int] | None = None
    style = -1
    kind = ""
    formula = has_v = False
    collecting = False
    chunks: list[str] = []
    v_text: str | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, max_row, max_col, cell, style, kind, formula, has_v, collecting, v_text
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag == "c":
            ref = attrs.get("r")
            if ref is None:
                r, c = max(row, 1), col + 1
            else:
                pos = _a1(ref.strip())
                if pos is None:
                    raise _malformed()
                r, c = pos
            col = c
            if r > max_row or c > max_col:
                max_row, max_col = max(max_row, r), max(max_col, c)
                if max_row * max_col > MAX_SHEET_CELLS:
                    raise _too_far(max_row, max_col)
            cell = (r - 1, c - 1)
            s = attrs.get("s")
            style = int(s) if s is not None and s.isdigit() and len(s) < 10 else -1
            kind = attrs.get("t", "")
            formula = has_v = collecting = False
            v_text = None
        elif cell is not None and tag == "v":
            has_v = collecting = True
            chunks.clear()
            p.CharacterDataHandler = chars  # text is wanted only inside a <v>, not in the cells' inline strings
        elif cell is not None and tag == "f":
            formula = True
        elif tag == "row":
            number = attrs.get("r")
            if number is None:
                row += 1
            else:
                number = number.strip()
                if not (number.isascii() and number.isdigit()) or len(number) > 9:
                    raise _malformed()
                row = max(int(number), 1)
            col = 0  # a row with no cell lays nothing out
            if _hidden(attrs):
                facts.hidden_rows.add(row - 1)
        elif tag == "col" and _hidden(attrs):
            lo, hi = attrs.get("min", ""), attrs.get("max", "")
            if lo.isdigit() and hi.isdigit() and 1 <= int(lo) <= int(hi) <= 16_384:
                facts.hidden_cols.update(range(int(lo) - 1, int(hi)))

    def chars(data: str) -> None:
        if collecting:
            chunks.append(data)

    def end(name: str) -> None:
        nonlocal cell, collecting, v_text, text_total
        tag = name.rpartition(":")[2] if ":" in name else name
        if collecting and tag == "v":
            v_text = "".join(chunks)
            collecting = False
            p.CharacterDataHandler = None
        elif tag == "c" and cell is not None:
            if kind == "s" and v_text is not None:
                index = v_text.strip()
                if index.isdigit() and int(index) < n_shared:
                    text_total += shared[int(index)]
                    if text_total > MAX_SHEET_TEXT:
                        raise Refused("sheet_text", limit=MAX_SHEET_TEXT)
            if style in percent or formula or kind == "e":
                cells[cell] = _meta(style in percent, formula, has_v, kind, v_text)
            cell = None

    p = _parser(part)
    p.buffer_text = True
    p.StartElementHandler, p.EndElementHandler = start, end  # `chars` only while a <v> is open (`start`, `end`)
    _parse(p, part, body)
    facts.rows, facts.cols, facts.text = max_row, max_col, text_total
    return facts


def _meta(is_pct: bool, formula: bool, has_v: bool, kind: str, v_text: str | None) -> CellMeta:
    error = (v_text or "#N/A") if kind == "e" else None
    saved = has_v and (bool(v_text) or kind in ("str", "inlineStr"))
    if is_pct and saved and not formula and error is None:
        return PERCENT_META
    return CellMeta(percent=is_pct, formula=formula, saved=saved, error=error)


def percent_styles(body: bytes) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a percentage (built-in 9 and 10, or a custom format with
    a '%' outside quotes and escapes). One expat pass like the sheets' (no document type, no entities, no tree): the
    number formats and the cell formats are children of the root's `numFmts` and `cellXfs` (the last of each)."""
    if not body:
        return frozenset()
    custom: list[tuple[str, str]] = []  # (numFmtId, formatCode) of each child of the last <numFmts>
    cell_formats: list[str] = []  # numFmtId of each child of the last <cellXfs>, in order
    depth = 0
    section = ""

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, section
        depth += 1
        if depth == 2:
            section = _local(name)
            if section == "numFmts":
                custom.clear()
            elif section == "cellXfs":
                cell_formats.clear()
        elif depth == 3 and section == "numFmts":
            custom.append((attrs.get("numFmtId", ""), attrs.get("formatCode", "")))
        elif depth == 3 and section == "cellXfs":
            cell_formats.append(attrs.get("numFmtId", ""))

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    p = _parser("xl/styles.xml")
    p.StartElementHandler, p.EndElementHandler = start, end
    _parse(p, "xl/styles.xml", body)
    percent_fmts = {9, 10}
    for fid, code in custom:
        fid = fid.strip()
        if fid.isdigit() and _is_percent_code(code):
            percent_fmts.add(int(fid))
    return frozenset(i for i, fid in enumerate(cell_formats) if fid.strip().isdigit() and int(fid) in percent_fmts)


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
