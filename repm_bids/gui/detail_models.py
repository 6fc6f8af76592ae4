"""Tables of the bid detail (fields as read, checks) and of the problems list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from repm_bids.domain.fields import FIELDS, FIELDS_BY_KEY, FieldSpec
from repm_bids.domain.local_time import local_text
from repm_bids.domain.models import Bid, FieldReading, InputFile, Problem, Severity
from repm_bids.domain.result import CheckOutcome, Status
from repm_bids.gui.formats import screen_label
from repm_bids.gui.look import ERROR_FILL, ERROR_TEXT, check_icon, fmt_trim, status_icon, warning_icon
from repm_bids.gui.table_model import NUMERIC, Column, RowTableModel, brush


def value_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, float):
        return fmt_trim(v)
    return str(v)


def file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class FieldRow:
    spec: FieldSpec
    reading: FieldReading | None
    value: Any
    problems: tuple[Problem, ...]
    path: str
    failed: tuple[str, ...] = ()  # titles of the failed checks that read this field

    @property
    def where(self) -> str:
        r = self.reading
        if r is None:
            return ""
        parts = []  # the file is named once, above the table
        if r.sheet:
            parts.append(r.sheet)
        if r.cell:
            parts.append(r.cell)
        if r.line is not None:
            parts.append(f"line {r.line}")
        return ", ".join(parts)

    @property
    def has_error(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def field_rows(bid: Bid, extra: tuple[Problem, ...] = (), checks: Sequence[CheckOutcome] = ()) -> list[FieldRow]:
    """Every field of the form, with what was read, its problems and the failed checks that read it; problems
    without a field go on no row (shown apart)."""
    problems = (*bid.errors, *bid.warnings, *extra)
    failed: dict[str, list[str]] = {}
    for c in checks:
        if c.passed is False:
            for key in _culprits(bid, c.id):
                failed.setdefault(key, []).append(_check_title(c.id))
    return [
        FieldRow(
            f,
            bid.readings.get(f.key),
            bid.values.get(f.key),
            tuple(p for p in problems if p.field == f.key),
            bid.source.path,
            tuple(failed.get(f.key, ())),
        )
        for f in FIELDS
    ]


def _check_fields(check_id: str) -> tuple[str, ...]:
    """The fields a check reads. The checks' table is loaded with the engine (and numpy) by the first evaluation,
    which comes before any bid's details are shown; the first window does not wait for it."""
    from repm_bids.domain.checks import CHECK_FIELDS

    return CHECK_FIELDS.get(check_id, ())


def _check_title(check_id: str) -> str:
    from repm_bids.domain.checks import CHECK_TITLES

    return CHECK_TITLES.get(check_id, check_id)


def _culprits(bid: Bid, check_id: str) -> tuple[str, ...]:
    """The fields a failed check is about: the one its reason names (the first it reads), or for the integration
    check each stage that is not "Yes"."""
    keys = _check_fields(check_id)
    if check_id == "integration":
        return tuple(k for k in keys if bid.values.get(k) is not True)
    return keys[:1]


def _problem_text(r: FieldRow) -> str:
    return " ".join(f"{p.message}" for p in r.problems)


class FieldsTableModel(RowTableModel[FieldRow]):
    FIELD, VALUE, RAW, WHERE, NOTE = range(5)
    COLUMNS = (
        Column("Field", lambda r: screen_label(r.spec.label)),
        Column("Value", lambda r: r.value, value_text),
        Column("As written", lambda r: r.reading.raw if r.reading else None),
        Column("Where", lambda r: r.where, tooltip="Sheet and cell (or CSV line) the value was read from"),
        Column("Note or problem", lambda r: _problem_text(r) or (r.reading.note if r.reading else None)),
    )

    def identity(self, row: FieldRow) -> str:
        return row.spec.key

    def style(self, row: FieldRow, column: int, role: int) -> Any:
        if row.has_error:
            if role == Qt.ItemDataRole.ForegroundRole:
                return brush(ERROR_TEXT)
            if role == Qt.ItemDataRole.BackgroundRole:
                return brush(ERROR_FILL)
            if role == Qt.ItemDataRole.DecorationRole and column == self.FIELD:
                return check_icon(False)
        elif row.problems and role == Qt.ItemDataRole.DecorationRole and column == self.FIELD:
            return warning_icon()
        elif row.failed and role == Qt.ItemDataRole.ForegroundRole:
            return brush(ERROR_TEXT)  # read fine, but a check failed on it
        elif row.failed and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.problems:
                return "\n".join(p.message for p in row.problems)
            if row.failed:
                return "Failed check: " + "; ".join(row.failed)
            if column == self.RAW and row.reading is not None:
                return row.reading.raw
            if column == self.NOTE and row.reading is not None:
                return row.reading.note
        return None

    def row_for_field(self, key: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.spec.key == key), None)


def _result(passed: bool | None) -> str:
    return "n.a." if passed is None else ("Pass" if passed else "Fail")


class ChecksTableModel(RowTableModel[CheckOutcome]):
    CHECK, RESULT, SENTENCE = range(3)
    COLUMNS = (
        Column("Check", lambda c: _check_title(c.id)),
        Column("Result", lambda c: c.passed, _result),
        Column("Finding", lambda c: c.message),
    )

    def identity(self, row: CheckOutcome) -> str:
        return row.id

    def style(self, row: CheckOutcome, column: int, role: int) -> Any:
        if column == self.RESULT and role == Qt.ItemDataRole.DecorationRole:
            return check_icon(row.passed)
        if row.passed is False:
            if role == Qt.ItemDataRole.ForegroundRole:
                return brush(ERROR_TEXT)
            if role == Qt.ItemDataRole.BackgroundRole:
                return brush(ERROR_FILL)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.message
        return None

    @staticmethod
    def field_of(check: CheckOutcome) -> str | None:
        keys = _check_fields(check.id)
        return keys[0] if keys else None


def _where(p: Problem) -> str:
    return p.where


class ProblemsTableModel(RowTableModel[Problem]):
    SEVERITY, BID, FIELD, WHERE, MESSAGE = range(5)
    COLUMNS = (
        Column("Severity", lambda p: p.severity.value.capitalize()),
        Column("Bid", lambda p: p.bid_ref),
        Column("Field", lambda p: _field_label(p.field)),
        Column("Where", _where),
        Column("Problem", lambda p: p.message),
    )

    def style(self, row: Problem, column: int, role: int) -> Any:
        error = row.severity is Severity.ERROR
        if column == self.SEVERITY and role == Qt.ItemDataRole.DecorationRole:
            return status_icon(Status.INVALID) if error else warning_icon()
        if error and role == Qt.ItemDataRole.ForegroundRole:
            return brush(ERROR_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.message}\n{row.path}"
        return None


def _field_label(key: str | None) -> str | None:
    if key is None:
        return None
    spec = FIELDS_BY_KEY.get(key)
    return screen_label(spec.label) if spec else key


class FilesTableModel(RowTableModel[InputFile]):
    FILE, BIDS, SIZE, SHA, READ_AT, FOLDER = range(6)
    COLUMNS = (
        Column("File", lambda f: file_name(f.path)),
        Column("Bids", lambda f: f.bids, align=NUMERIC),
        Column("Size (KB)", lambda f: f.size / 1024, lambda v: f"{v:,.1f}", NUMERIC),
        Column("SHA-256", lambda f: f.sha256, lambda v: f"{v[:16]}…", tooltip="The file's fingerprint"),
        Column("Read at", lambda f: f.read_at, lambda v: local_text(v, seconds=True)),
        Column(
            "Folder", lambda f: f.path.replace("\\", "/").rsplit("/", 1)[0] if "/" in f.path.replace("\\", "/") else ""
        ),
    )

    def style(self, row: InputFile, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.path}\nSHA-256 {row.sha256}"
        return None
