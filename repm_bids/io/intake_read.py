"""Reading one file's bytes into bids or decisions: what the reading worker (`sandbox.py`) runs for each file.

Every failure of a file becomes a `Problem`; nothing raises for bad input. The kind of a file is decided from its
content, not its name: an .xlsx/.xlsm package (checked whole by `xlsx_package.open_zip` before calamine sees it), a
legacy Excel 97-2003 workbook (.xls, read by calamine), or CSV text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from repm_bids.domain.committee import Receipt
from repm_bids.domain.fields import DECISION_COLUMNS, FIELDS_BY_KEY, Cover, FieldType, decision_column_for_label
from repm_bids.domain.models import Bid, Decision, Problem, error, warning

from . import csv_form, csv_reader
from .decisions_reader import read_decision_rows
from .form_reader import form_sheets, label_of, normalised, read_form
from .intake_xlsx import Book, Sheet, a1
from .receipts_reader import read_receipt_rows
from .safety import MAX_FILE_BYTES, MAX_FORM_ROWS, MAX_TABLE_ROWS, Refused, sniff
from .table_reader import find_header, read_table
from .values import format_matters, is_empty
from .xlsx_package import open_zip

UNREADABLE = (
    "The file could not be read ({what}). Open it in a spreadsheet program, save it again as .xlsx, and resubmit; "
    "if that does not help, report this file to the tool's maintainers."
)


def read_bid_bytes(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    """Bids and file-level problems from a bid file's bytes; `name` is the path reported. Never raises for bad
    input."""
    try:
        return _read_bytes(name, data)
    except Refused as exc:
        return [], [error(str(exc), name)]
    except BaseException as exc:  # noqa: BLE001 - a bid file must never stop the evaluation (pyo3 panics too)
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise  # the worker reports running out of memory as the file's
        return [], [error(UNREADABLE.format(what=type(exc).__name__), name)]


def _refused_format(what: str) -> Refused:
    return Refused(
        f"This is {what}, which is not read (see docs/bid-files.md). Open it in a spreadsheet program and save it "
        "as an Excel workbook (.xlsx), then submit that file."
    )


def _read_bytes(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    suffix = os.path.splitext(name)[1].lower()
    kind = sniff(data)
    if kind == "empty":
        raise Refused("The file is empty (0 bytes); it may not have finished downloading or copying.")
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"The file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for a bid file.")
    if kind == "ole_encrypted":
        raise Refused("The workbook is password-protected; remove the password and save a copy, then submit that copy.")
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
            raise Refused(
                f"The file is named {suffix} but holds {what}, not a workbook. Open it in a spreadsheet program and "
                "save it as an Excel workbook (.xlsx)."
            )
        return _read_csv(name, data)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise Refused(
            "The file is not a valid Excel workbook (it is damaged, incomplete, or another kind of file renamed). "
            "Open it in a spreadsheet program, save it again as .xlsx, and resubmit."
        )
    raise Refused("The file is neither an Excel workbook (.xlsx, .xls) nor a CSV file.")


def _legacy_book(data: bytes) -> Book:
    """An Excel 97-2003 workbook; any other old-format Office file (a Word document, a damaged workbook) is
    refused."""
    try:
        return Book.legacy(data)
    except Refused as exc:
        if "password" in str(exc):
            raise
        raise _refused_format("an old-format Office file that is not a readable Excel 97-2003 workbook (.xls)") from exc


def _read_workbook(name: str, book: Book) -> tuple[list[Bid], list[Problem]]:
    problems: list[Problem] = []
    if book.has_macros:
        problems.append(
            warning("The workbook contains macros; they were not run. Only the cells' values were read.", name)
        )
    if book.hidden:
        problems.append(
            warning(
                "Hidden sheets were not read: " + ", ".join(repr(h) for h in book.hidden) + ".",
                name,
                sheet=book.hidden[0],
            )
        )
    if not book.visible:
        problems.append(error("No bid found in this workbook: it has no visible sheet.", name))
        return [], problems
    by_norm = {normalised(n): n for n in book.visible}
    if set(by_norm) >= _AWARD_SHEETS:
        raise Refused(AWARD_NOT_BIDS)
    if "bids" in by_norm or len(book.visible) == 1:
        sheet = book.sheet(by_norm.get("bids", book.visible[0]))
        header = find_header(sheet.rows)
        if header is not None and _decisions_header(sheet.rows[header]):
            raise Refused(DECISIONS_NOT_BIDS)
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
                    note = warning(
                        f"Sheet {sheet.name!r} was read as a bids table (no sheet is named 'Bids', "
                        f"{Cover.TECHNICAL.value!r} or {Cover.FINANCIAL.value!r}).",
                        name,
                        sheet=sheet.name,
                    )
                    return bids, [*problems, note, *more]
    for s in sheets:
        if len(s.rows) > MAX_FORM_ROWS:
            s.rows = s.rows[:MAX_FORM_ROWS]
            s.truncated = True
    bids, more = read_form(name, sheets)
    return bids, problems + more


_COVERS = frozenset(normalised(c.value) for c in Cover)
_AWARD_SHEETS = frozenset(normalised(n) for n in ("Summary", "Ranking", "Award", "Rejected"))

AWARD_NOT_BIDS = (
    "This is an award workbook (sheets Summary, Ranking, Award, Rejected), not a bid file; it was not read. "
    "Keep award workbooks out of the folder of bids."
)

DECISIONS_NOT_BIDS = (
    "This is a committee decisions file ("
    + ", ".join(labels[0] for labels in DECISION_COLUMNS.values())
    + "), not a bid file; give it as the decisions file (--decisions, or Decisions in the application)."
)


def _decisions_header(row: Sequence[Any]) -> bool:
    """A header with the decisions' 'Technically qualified' column and fewer than three bid form fields."""
    return count_labels_in_row(row) < 3 and any(decision_column_for_label(v) == "qualified" for v in row)


def count_labels_in_row(row: Sequence[Any]) -> int:
    return len({spec.key for spec in map(label_of, row) if spec is not None})


def _formula_reason(sheet: Sheet, r: int, c: int) -> str | None:
    """Why a cell's value cannot be used: it shows an error, or holds a formula with no saved result."""
    meta = sheet.meta(r, c)
    if meta.error:
        return f"the cell shows the error {meta.error}; correct the formula or type the value."
    if meta.formula and not meta.saved:
        return (
            "the cell holds a formula with no saved result; open the file in a spreadsheet program and save it, or "
            "type the value."
        )
    return None


def _read_sheet_table(name: str, sheet: Sheet, header: int) -> tuple[list[Bid], list[Problem]]:
    problems: list[Problem] = []
    if sheet.truncated:
        problems.append(
            warning(
                f"Only the first {MAX_TABLE_ROWS:,} rows of sheet {sheet.name!r} were read.", name, sheet=sheet.name
            )
        )
    formulas = sheet.has_formulas
    hidden_rows, hidden_cols = sheet.hidden_rows, sheet.hidden_cols

    def locate(r: int, c: int) -> tuple[str | None, str | None, int | None]:
        return sheet.name, a1(r, c), None

    def facts(r: int, c: int, key: str, raw: Any) -> tuple[bool, str | None, str | None]:
        if (r in hidden_rows or c in hidden_cols) and not is_empty(raw):  # what a person sees is what is read
            what = f"row {r + 1}" if r in hidden_rows else "column"
            return False, None, f"the value in {a1(r, c)} is in a hidden {what}; unhide it and save the file again."
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
    problems = [warning(f"CSV file: {n}.", name) for n in (note, sep_note) if n]
    if len(rows) > MAX_TABLE_ROWS + 1:
        rows, lines = rows[: MAX_TABLE_ROWS + 1], lines[: MAX_TABLE_ROWS + 1]
        problems.append(warning(f"Only the first {MAX_TABLE_ROWS:,} rows were read.", name))
    if csv_form.looks_like_form(rows):
        bids, more = csv_form.read_csv_form(name, rows)
        return bids, problems + more
    header = find_header(rows)
    if header is None:
        label = FIELDS_BY_KEY["bid_ref"].label
        problems.append(
            error(
                f"No bid found: no header row with {label!r} (or bid_ref) in the first 20 lines of this CSV file "
                "(columns separated by commas).",
                name,
            )
        )
        return [], problems

    if _decisions_header(rows[header]):
        raise Refused(DECISIONS_NOT_BIDS)

    def locate(r: int, c: int) -> tuple[str | None, str | None, int | None]:
        return None, None, lines[r]

    bids, more = read_table(name, rows, header, locate)
    return bids, problems + more


# --- committee decisions and the receipt register -----------------------------------------------------------------
_Where = Callable[[int, int], dict[str, Any]]
_TableRows = tuple[Sequence[Sequence[Any]], _Where, str | None, Callable[[int, int], str | None] | None]


def _committee_table(name: str, data: bytes, what: str, preferred: str, unused: str) -> _TableRows:
    """The rows of a committee's table file (.xlsx, .xls or CSV): the sheet named `preferred` or the first visible
    one, where each cell is, and (for a workbook) why a cell cannot be used. Raises Refused with a sentence (`what`
    the file is; `unused`: what is not used from a workbook with hidden sheets)."""
    kind = sniff(data)
    if kind == "empty":
        raise Refused(f"The {what} file is empty (0 bytes).")
    if kind == "ole_encrypted":
        raise Refused("The workbook is password-protected; remove the password and save a copy.")
    if kind in ("zip", "ole"):
        book = Book(open_zip(data)) if kind == "zip" else _legacy_book(data)
        if book.hidden:  # the committee's file shows everything it holds, or it is not used
            raise Refused(
                f"The {what} workbook has hidden sheets ("
                + ", ".join(repr(h) for h in book.hidden)
                + f"); {unused}. Unhide or delete them, save the file and give it again."
            )
        if not book.visible:
            raise Refused(f"The {what} workbook has no visible sheet.")
        by_norm = {normalised(n): n for n in book.visible}
        sheet = book.sheet(by_norm.get(preferred, book.visible[0]))
        reason: Callable[[int, int], str | None] | None = None
        if sheet.has_formulas:

            def reason(r: int, c: int) -> str | None:
                return _formula_reason(sheet, r, c)

        return sheet.rows, lambda r, c: {"sheet": sheet.name, "cell": a1(r, c)}, sheet.name, reason
    if kind == "text":
        text, _ = csv_reader.decode(data)
        sep, _ = csv_reader.sniff_separator(text)
        rows, lines = csv_reader.parse_rows(text, sep, max_rows=MAX_TABLE_ROWS + 1)
        return rows, lambda r, c: {"line": lines[r]}, None, None
    raise Refused(f"The {what} file must be an Excel workbook (.xlsx) or a CSV file.")


def read_decision_bytes(name: str, data: bytes) -> tuple[list[Decision], list[Problem]]:
    """The committee's decisions from an .xlsx, .xls or CSV file's bytes. Never raises for bad input."""
    try:
        unused = "no decision from it is used"
        rows, where, sheet, reason = _committee_table(name, data, "decisions", "decisions", unused)
        return read_decision_rows(name, rows, where, sheet=sheet, cell_problem=reason)
    except Refused as exc:
        return [], [error(str(exc), name)]
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        return [], [error(f"The decisions file could not be read ({type(exc).__name__}).", name)]


def read_receipt_bytes(name: str, data: bytes) -> tuple[list[Receipt], list[Problem]]:
    """The receipt register from an .xlsx, .xls or CSV file's bytes. Never raises for bad input."""
    try:
        unused = "no time from it is used"
        rows, where, sheet, reason = _committee_table(name, data, "receipt register", "receipts", unused)
        return read_receipt_rows(name, rows, where, sheet=sheet, cell_problem=reason)
    except Refused as exc:
        return [], [error(str(exc), name)]
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        return [], [error(f"The receipt register could not be read ({type(exc).__name__}).", name)]
