"""Reading one file's bytes into bids or decisions: what the reading worker (`sandbox.py`) runs for each file.

Every failure of a file becomes a `Problem`; nothing raises for bad input. The kind of a file is decided from its
content, not its name: an .xlsx/.xlsm package (checked whole by `xlsx_package.open_zip` before calamine sees it), a
legacy Excel 97-2003 workbook (.xls, read by calamine), or CSV text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from repm_bids.domain.committee import RECEIPT_COLUMNS, Receipt
from repm_bids.domain.fields import DECISION_COLUMNS, FIELDS_BY_KEY, Cover, FieldType, decision_column_for_label
from repm_bids.domain.models import Bid, Decision, Problem, error, warning

from . import csv_form, csv_reader
from .decisions_reader import read_decision_rows
from .form_reader import form_sheets, label_of, normalised, read_form
from .intake_xlsx import Book, Sheet, a1
from .receipts_reader import read_receipt_rows, receipt_column_for_label
from .safety import MAX_FILE_BYTES, MAX_FORM_ROWS, MAX_TABLE_ROWS, Refused, sniff
from .table_reader import find_header, read_table
from .values import Why, format_matters, is_empty
from .xlsx_package import open_zip


def read_bid_bytes(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    """Bids and file-level problems from a bid file's bytes; `name` is the path reported. Never raises for bad
    input."""
    try:
        return _read_bytes(name, data)
    except Refused as exc:
        return [], [error(exc.code, name, exc.figures)]
    except BaseException as exc:  # noqa: BLE001 - a bid file must never stop the evaluation (pyo3 panics too)
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise  # the worker reports running out of memory as the file's
        return [], [error("read_error", name, {"error": type(exc).__name__})]


def _refused_format(what: str) -> Refused:
    return Refused("format_not_read", what=what)


def _read_bytes(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    suffix = os.path.splitext(name)[1].lower()
    kind = sniff(data)
    if kind == "empty":
        raise Refused("empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise Refused("file_too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    if kind == "ole_encrypted":
        raise Refused("password")
    if kind == "ole":
        return _read_workbook(name, _legacy_book(data))
    if kind == "zip":
        if suffix == ".ods" or data[30:38] == b"mimetype" and b"opendocument" in data[:200]:
            raise _refused_format("an OpenDocument spreadsheet (.ods)")
        return _read_workbook(name, Book(open_zip(data)))
    if kind == "text":
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            head = data[:512].lstrip().lower()
            what = "a web page" if head.startswith((b"<!doctype html", b"<html", b"<table")) else "text"
            raise Refused("named_but_text", suffix=suffix, what=what)
        return _read_csv(name, data)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise Refused("not_a_workbook")
    raise Refused("not_workbook_or_csv")


def _legacy_book(data: bytes) -> Book:
    """An Excel 97-2003 workbook; any other old-format Office file (a Word document, a damaged workbook) is
    refused."""
    try:
        return Book.legacy(data)
    except Refused as exc:
        if exc.code == "password":
            raise
        raise _refused_format("an old-format Office file that is not a readable Excel 97-2003 workbook (.xls)") from exc


def _read_workbook(name: str, book: Book) -> tuple[list[Bid], list[Problem]]:
    problems: list[Problem] = []
    if book.has_macros:
        problems.append(warning("macros", name))
    if book.hidden:
        problems.append(warning("hidden_sheets", name, {"sheets": book.hidden}, sheet=book.hidden[0]))
    if not book.visible:
        problems.append(error("no_visible_sheet", name))
        return [], problems
    by_norm = {normalised(n): n for n in book.visible}
    if set(by_norm) >= _AWARD_SHEETS:
        raise Refused("award_not_bids")
    if "bids" in by_norm or len(book.visible) == 1:
        sheet = book.sheet(by_norm.get("bids", book.visible[0]))
        header = find_header(sheet.rows)
        if header is not None:
            _refuse_committee_table(sheet.rows[header])
        if header is not None and (count_labels_in_row(sheet.rows[header]) >= 3 or "bids" in by_norm):
            bids, more = _read_sheet_table(name, sheet, header)
            return bids, problems + more
        sheets = [sheet] if len(book.visible) == 1 else [book.sheet(n) for n in form_sheets(book.visible)]
    else:
        names = form_sheets(book.visible)
        sheets = [book.sheet(n) for n in names]
        if not any(normalised(n) in _COVERS for n in names):  # no sheet is named as a cover: is one a bids table?
            for sheet in sheets:
                header = find_header(sheet.rows)
                if header is not None and count_labels_in_row(sheet.rows[header]) >= 3:
                    bids, more = _read_sheet_table(name, sheet, header)
                    covers = {"technical": Cover.TECHNICAL.value, "financial": Cover.FINANCIAL.value}
                    note = warning("sheet_as_table", name, {"sheet": sheet.name, **covers}, sheet=sheet.name)
                    return bids, [*problems, note, *more]
    for s in sheets:
        if len(s.rows) > MAX_FORM_ROWS:
            s.rows = s.rows[:MAX_FORM_ROWS]
            s.truncated = True
    bids, more = read_form(name, sheets)
    return bids, problems + more


_COVERS = frozenset(normalised(c.value) for c in Cover)
_AWARD_SHEETS = frozenset(normalised(n) for n in ("Summary", "Ranking", "Award", "Rejected"))

_DECISION_LABELS = tuple(labels[0] for labels in DECISION_COLUMNS.values())
_RECEIPT_LABELS = tuple(labels[0] for labels in RECEIPT_COLUMNS.values())


def _decisions_header(row: Sequence[Any]) -> bool:
    """A header with the decisions' 'Technically qualified' column and fewer than three bid form fields."""
    return count_labels_in_row(row) < 3 and any(decision_column_for_label(v) == "qualified" for v in row)


def _receipts_header(row: Sequence[Any]) -> bool:
    """A header with the receipt register's 'Received at' column and fewer than three bid form fields."""
    return count_labels_in_row(row) < 3 and any(receipt_column_for_label(v) == "received_at" for v in row)


def _refuse_committee_table(header: Sequence[Any]) -> None:
    """The committee's own tables (a decisions file, a receipt register) are not bids: refused, saying what they are."""
    if _decisions_header(header):
        raise Refused("decisions_not_bids", columns=_DECISION_LABELS)
    if _receipts_header(header):
        raise Refused("receipts_not_bids", columns=_RECEIPT_LABELS)


def count_labels_in_row(row: Sequence[Any]) -> int:
    return len({spec.key for spec in map(label_of, row) if spec is not None})


def _formula_reason(sheet: Sheet, r: int, c: int) -> Why | None:
    """Why a cell's value cannot be used: it shows an error, or holds a formula with no saved result."""
    meta = sheet.meta(r, c)
    if meta.error:
        return Why("cell_shows_error", {"error": meta.error})
    if meta.formula and not meta.saved:
        return Why("formula_unsaved", {})
    return None


def _read_sheet_table(name: str, sheet: Sheet, header: int) -> tuple[list[Bid], list[Problem]]:
    problems: list[Problem] = []
    if sheet.truncated:
        problems.append(
            warning("table_rows_cut", name, {"rows": MAX_TABLE_ROWS, "sheet": sheet.name}, sheet=sheet.name)
        )
    formulas = sheet.has_formulas
    hidden_rows, hidden_cols = sheet.hidden_rows, sheet.hidden_cols

    def locate(r: int, c: int) -> tuple[str | None, str | None, int | None]:
        return sheet.name, a1(r, c), None

    def facts(r: int, c: int, key: str, raw: Any) -> tuple[bool, str | None, Why | None]:
        if (r in hidden_rows or c in hidden_cols) and not is_empty(raw):  # what a person sees is what is read
            what = f"row {r + 1}" if r in hidden_rows else "column"
            return False, None, Why("hidden_table_value", {"cell": a1(r, c), "what": what})
        if not formulas and not (FIELDS_BY_KEY[key].type is FieldType.PERCENT and format_matters(raw)):
            return False, None, None
        origin = sheet.merged_origin.get((r, c), (r, c))
        reason = _formula_reason(sheet, *origin)
        if reason:
            return False, None, reason
        meta = sheet.meta(*origin)
        return meta.percent, "formula: saved result used" if meta.formula else None, None

    bids, more = read_table(name, sheet.rows, header, locate, facts, sheet=sheet.name)
    return bids, problems + more


def _read_csv(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    text, note = csv_reader.decode(data)
    sep, sep_note = csv_reader.sniff_separator(text)
    rows, lines = csv_reader.parse_rows(text, sep, max_rows=MAX_TABLE_ROWS + 2)
    problems = [warning("csv_note", name, {"note": n}) for n in (note, sep_note) if n]
    if len(rows) > MAX_TABLE_ROWS + 1:
        rows, lines = rows[: MAX_TABLE_ROWS + 1], lines[: MAX_TABLE_ROWS + 1]
        problems.append(warning("csv_rows_cut", name, {"rows": MAX_TABLE_ROWS}))
    if csv_form.looks_like_form(rows):
        bids, more = csv_form.read_csv_form(name, rows)
        return bids, problems + more
    header = find_header(rows)
    if header is None:
        problems.append(error("csv_no_header", name))
        return [], problems

    _refuse_committee_table(rows[header])

    def locate(r: int, c: int) -> tuple[str | None, str | None, int | None]:
        return None, None, lines[r]

    bids, more = read_table(name, rows, header, locate)
    return bids, problems + more


# --- committee decisions and the receipt register -----------------------------------------------------------------
_Where = Callable[[int, int], dict[str, Any]]
_TableRows = tuple[Sequence[Sequence[Any]], _Where, str | None, Callable[[int, int], Why | None] | None]


def _committee_table(name: str, data: bytes, what: str, preferred: str, unused: str) -> _TableRows:
    """The rows of a committee's table file (.xlsx, .xls or CSV): the sheet named `preferred` or the first visible
    one, where each cell is, and (for a workbook) why a cell cannot be used. Raises Refused with a sentence (`what`
    the file is; `unused`: what is not used from a workbook with hidden sheets)."""
    kind = sniff(data)
    if kind == "empty":
        raise Refused("committee_empty", what=what)
    if kind == "ole_encrypted":
        raise Refused("decisions_password")
    if kind in ("zip", "ole"):
        book = Book(open_zip(data)) if kind == "zip" else _legacy_book(data)
        if book.hidden:  # the committee's file shows everything it holds, or it is not used
            raise Refused("committee_hidden_sheets", what=what, sheets=tuple(book.hidden), unused=unused)
        if not book.visible:
            raise Refused("committee_no_sheet", what=what)
        by_norm = {normalised(n): n for n in book.visible}
        sheet = book.sheet(by_norm.get(preferred, book.visible[0]))
        reason: Callable[[int, int], Why | None] | None = None
        if sheet.has_formulas:

            def reason(r: int, c: int) -> Why | None:
                return _formula_reason(sheet, r, c)

        return sheet.rows, lambda r, c: {"sheet": sheet.name, "cell": a1(r, c)}, sheet.name, reason
    if kind == "text":
        text, _ = csv_reader.decode(data)
        sep, _ = csv_reader.sniff_separator(text)
        rows, lines = csv_reader.parse_rows(text, sep, max_rows=MAX_TABLE_ROWS + 1)
        return rows, lambda r, c: {"line": lines[r]}, None, None
    raise Refused("committee_format", what=what)


def read_decision_bytes(name: str, data: bytes) -> tuple[list[Decision], list[Problem]]:
    """The committee's decisions from an .xlsx, .xls or CSV file's bytes. Never raises for bad input."""
    try:
        unused = "no decision from it is used"
        rows, where, sheet, reason = _committee_table(name, data, "decisions", "decisions", unused)
        return read_decision_rows(name, rows, where, sheet=sheet, cell_problem=reason)
    except Refused as exc:
        return [], [error(exc.code, name, exc.figures)]
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        return [], [error("decisions_read_error", name, {"error": type(exc).__name__})]


def read_receipt_bytes(name: str, data: bytes) -> tuple[list[Receipt], list[Problem]]:
    """The receipt register from an .xlsx, .xls or CSV file's bytes. Never raises for bad input."""
    try:
        unused = "no time from it is used"
        rows, where, sheet, reason = _committee_table(name, data, "receipt register", "receipts", unused)
        return read_receipt_rows(name, rows, where, sheet=sheet, cell_problem=reason)
    except Refused as exc:
        return [], [error(exc.code, name, exc.figures)]
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        return [], [error("committee_read_error", name, {"what": "receipt register", "error": type(exc).__name__})]
