"""Reading bid files: files and folders (contract section 4) into bids, input records and problems.

Every failure of a file becomes a `Problem`; nothing raises out of `read_inputs` or `read_input_bytes` for bad input
(only `Cancelled`). The kind of a file is decided from its content, not its name.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repm_bids.domain.fields import DECISION_COLUMNS, FIELDS_BY_KEY, Cover, FieldType, decision_column_for_label
from repm_bids.domain.models import Bid, Decision, InputFile, Problem, error, warning
from repm_bids.domain.progress import Cancelled, CancelToken, Progress

from . import csv_reader
from .decisions_reader import read_decision_rows
from .form_reader import form_sheets, label_of, normalised, read_form
from .intake_xlsx import Book, Sheet, a1
from .safety import MAX_FILE_BYTES, MAX_FORM_ROWS, MAX_TABLE_ROWS, Refused, open_zip, sniff
from .table_reader import find_header, read_table
from .values import format_matters

__all__ = [
    "BID_SUFFIXES",
    "Intake",
    "read_decisions",
    "read_decisions_bytes",
    "read_input_bytes",
    "read_inputs",
]

BID_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".xls", ".ods")


@dataclass
class Intake:
    bids: list[Bid] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- one file's bytes -------------------------------------------------------------------------------------------
def read_input_bytes(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    """Bids and file-level problems from a bid file's bytes; `name` is the path reported. Never raises for bad
    input."""
    try:
        return _read_bytes(name, data)
    except Refused as exc:
        return [], [error(str(exc), name)]
    except BaseException as exc:  # noqa: BLE001 - a bid file must never stop the evaluation
        if isinstance(exc, KeyboardInterrupt | SystemExit | Cancelled):
            raise
        return [], [
            error(
                f"The file could not be read ({type(exc).__name__}). Open it in a spreadsheet program, save it again "
                "as .xlsx, and resubmit; if that does not help, report this file to the tool's maintainers.",
                name,
            )
        ]


def _legacy(name: str, what: str) -> Refused:
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
        raise _legacy(name, "an Excel 97-2003 workbook (.xls) or another old-format Office file")
    if kind == "zip":
        if suffix == ".ods" or data[30:38] == b"mimetype" and b"opendocument" in data[:200]:
            raise _legacy(name, "an OpenDocument spreadsheet (.ods)")
        return _read_workbook(name, data)
    if kind == "text":
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            head = data[:512].lstrip().lower()
            what = "a web page" if head.startswith((b"<!doctype html", b"<html", b"<table")) else "text"
            raise Refused(
                f"The file is named {suffix} but holds {what}, not a workbook. Open it in a spreadsheet program and "
                "save it as an Excel workbook (.xlsx)."
            )
        return _read_csv(name, data)
    if suffix in (".xlsx", ".xlsm"):
        raise Refused(
            "The file is not a valid Excel workbook (it is damaged, incomplete, or another kind of file renamed). "
            "Open it in a spreadsheet program, save it again as .xlsx, and resubmit."
        )
    raise Refused("The file is neither an Excel workbook (.xlsx) nor a CSV file.")


def _read_workbook(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    book = Book(open_zip(data))
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


def _read_sheet_table(name: str, sheet: Sheet, header: int) -> tuple[list[Bid], list[Problem]]:
    problems: list[Problem] = []
    if sheet.truncated:
        problems.append(
            warning(
                f"Only the first {MAX_TABLE_ROWS:,} rows of sheet {sheet.name!r} were read.", name, sheet=sheet.name
            )
        )
    book = sheet.book
    formulas = book is not None and book.may_have_formulas(sheet.name)

    def locate(r: int, c: int) -> tuple[str | None, str | None, int | None]:
        return sheet.name, a1(r, c), None

    def facts(r: int, c: int, key: str, raw: Any) -> tuple[bool, str | None, str | None]:
        if not formulas and not (FIELDS_BY_KEY[key].type is FieldType.PERCENT and format_matters(raw)):
            return False, None, None
        origin = sheet.merged_origin.get((r, c), (r, c))
        meta = sheet.meta(*origin)
        if meta.error:
            return False, None, f"the cell shows the error {meta.error}; correct the formula or type the value."
        if meta.formula and not meta.saved:
            return (
                False,
                None,
                "the cell holds a formula with no saved result; open the file in a spreadsheet program and save "
                "it, or type the value.",
            )
        return meta.percent, "formula: saved result used" if meta.formula else None, None

    bids, more = read_table(name, sheet.rows, header, locate, facts, sheet=sheet.name)
    return bids, problems + more


def _read_csv(name: str, data: bytes) -> tuple[list[Bid], list[Problem]]:
    text, note = csv_reader.decode(data)
    sep, sep_note = csv_reader.sniff_separator(text)
    rows, lines = csv_reader.parse_rows(text, sep)
    problems = [warning(f"CSV file: {n}.", name) for n in (note, sep_note) if n]
    if len(rows) > MAX_TABLE_ROWS + 1:
        rows, lines = rows[: MAX_TABLE_ROWS + 1], lines[: MAX_TABLE_ROWS + 1]
        problems.append(warning(f"Only the first {MAX_TABLE_ROWS:,} rows were read.", name))
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


# --- files and folders ------------------------------------------------------------------------------------------
def _is_skipped(entry: Path) -> bool:
    return entry.name.startswith(("~$", "."))


def _expand(paths: Sequence[str | os.PathLike[str]], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if os.path.isdir(path):
            try:
                entries = sorted(path.iterdir(), key=lambda p: p.name)
            except OSError as exc:
                problems.append(error(f"The folder cannot be read: {exc.strerror or exc}.", str(path)))
                continue
            others: list[str] = []
            for entry in entries:
                if _is_skipped(entry):
                    continue
                if entry.is_file() and entry.suffix.lower() in BID_SUFFIXES:
                    files.append(entry)
                else:
                    others.append(entry.name + ("/" if entry.is_dir() else ""))
            if others:
                shown = ", ".join(others[:20]) + (f" and {len(others) - 20} more" if len(others) > 20 else "")
                problems.append(
                    warning(
                        f"{len(others)} item(s) in the folder are not bid files and were skipped: {shown}. "
                        "Bid files are " + ", ".join(BID_SUFFIXES) + " (sub-folders are not read).",
                        str(path),
                    )
                )
        elif path.name.startswith("~$"):
            problems.append(
                warning("An Office lock file (~$…) was skipped; it is not a bid file.", str(path)),
            )
        else:
            files.append(path)
    return files


def read_inputs(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    known_sha256: Collection[str] = (),
) -> Intake:
    """Read every bid file given (files and folders, contract section 4). Only `Cancelled` is raised."""
    intake = Intake()
    files = _expand(paths, intake.problems)
    seen: dict[str, str] = {}
    known = set(known_sha256)
    total = len(files)
    for i, path in enumerate(files):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(i, total, path.name)
        name = str(path)
        data = _read_file(path, intake.problems)
        if data is None:
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen or digest in known:
            where = f"the same file as {seen[digest]}" if digest in seen else "a file already in this evaluation"
            intake.problems.append(warning(f"This file is {where} (same SHA-256); it was read once.", name))
            continue
        seen[digest] = name
        read_at = datetime.now(UTC)
        bids, problems = read_input_bytes(name, data)
        intake.bids.extend(bids)
        intake.problems.extend(problems)
        refs = tuple(b.bid_ref or "" for b in bids)
        intake.inputs.append(InputFile(name, digest, len(data), read_at, "bids", refs, data=data))
    if progress is not None:
        progress(total, total, "")
    return intake


def _read_file(path: Path, problems: list[Problem]) -> bytes | None:
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # no buffered file object: a bid form is 10 KB
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                problems.append(error("This is a folder, not a file.", name))
                return None
            if not stat.S_ISREG(st.st_mode):
                problems.append(error("This is not a regular file (a device or a pipe); it was not read.", name))
                return None
            if st.st_size > MAX_FILE_BYTES:
                problems.append(
                    error(
                        f"The file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for a bid file.",
                        name,
                    )
                )
                return None
            chunks = [os.read(fd, st.st_size + 1)]
            if len(chunks[0]) <= st.st_size:
                return chunks[0]  # the whole file (a regular file gives all it has up to the count asked)
            while chunks[-1]:  # the file grew since fstat: read on to its end, within the limit
                if sum(map(len, chunks)) > MAX_FILE_BYTES:
                    break
                chunks.append(os.read(fd, 1 << 20))
            return b"".join(chunks) if len(chunks) > 2 else chunks[0]
        finally:
            os.close(fd)
    except FileNotFoundError:
        problems.append(error("The file or folder does not exist.", name))
    except IsADirectoryError:
        problems.append(error("This is a folder, not a file.", name))
    except PermissionError:
        problems.append(error("The file cannot be opened: permission denied (is it open in another program?).", name))
    except OSError as exc:
        problems.append(error(f"The file cannot be read: {exc.strerror or exc}.", name))
    return None


# --- committee decisions ----------------------------------------------------------------------------------------
def _formula_problem(sheet: Sheet) -> Callable[[int, int], str | None] | None:
    """For a decisions sheet: why a cell's formula cannot be used (contract 1.4), or None."""
    if sheet.book is None or not sheet.book.may_have_formulas(sheet.name):
        return None

    def problem(r: int, c: int) -> str | None:
        meta = sheet.meta(r, c)
        if meta.error:
            return f"the cell shows the error {meta.error}; correct the formula or type the value."
        if meta.formula and not meta.saved:
            return (
                "the cell holds a formula with no saved result; open the file in a spreadsheet program and save "
                "it, or type the value."
            )
        return None

    return problem


def read_decisions_bytes(name: str, data: bytes) -> tuple[list[Decision], list[Problem]]:
    """The committee's decisions (contract 1.3) from an .xlsx or CSV file's bytes. Never raises for bad input."""
    try:
        kind = sniff(data)
        if kind == "empty":
            raise Refused("The decisions file is empty (0 bytes).")
        if kind == "ole_encrypted":
            raise Refused("The workbook is password-protected; remove the password and save a copy.")
        if kind == "zip":
            book = Book(open_zip(data))
            if not book.visible:
                raise Refused("The decisions workbook has no visible sheet.")
            by_norm = {normalised(n): n for n in book.visible}
            sheet = book.sheet(by_norm.get("decisions", book.visible[0]))
            return read_decision_rows(
                name,
                sheet.rows,
                lambda r, c: {"sheet": sheet.name, "cell": a1(r, c)},
                sheet=sheet.name,
                cell_problem=_formula_problem(sheet),
            )
        if kind == "text":
            text, _ = csv_reader.decode(data)
            sep, _ = csv_reader.sniff_separator(text)
            rows, lines = csv_reader.parse_rows(text, sep)
            return read_decision_rows(name, rows, lambda r, c: {"line": lines[r]})
        raise Refused("The decisions file must be an Excel workbook (.xlsx) or a CSV file.")
    except Refused as exc:
        return [], [error(str(exc), name)]
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt | SystemExit | Cancelled):
            raise
        return [], [error(f"The decisions file could not be read ({type(exc).__name__}).", name)]


def read_decisions(path: str | os.PathLike[str]) -> tuple[list[Decision], list[Problem], InputFile | None]:
    problems: list[Problem] = []
    data = _read_file(Path(path), problems)
    if data is None:
        return [], problems, None
    read_at = datetime.now(UTC)
    decisions, more = read_decisions_bytes(str(path), data)
    info = InputFile(
        str(path),
        hashlib.sha256(data).hexdigest(),
        len(data),
        read_at,
        "decisions",
        tuple(d.bid_ref for d in decisions),
        data=data,
    )
    return decisions, problems + more, info
