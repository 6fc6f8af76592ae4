"""Plain records that cross every layer: bids as read, problems, committee decisions, input files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or worth knowing (warning), with where it came from.

    `cell` is A1 style for workbooks; `line` is the 1-based line for CSV files. A problem with a `bid_ref` belongs
    to that bid; an error that belongs to a bid makes the bid invalid.
    """

    severity: Severity
    message: str
    path: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    field: str | None = None
    bid_ref: str | None = None

    @property
    def where(self) -> str:
        """'bids.xlsx, sheet Bid Form, cell B9' — for one-line reports."""
        parts = [self.path.rsplit("/", 1)[-1] if self.path else "(no file)"]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sheet": self.sheet,
            "cell": self.cell,
            "line": self.line,
            "field": self.field,
            "bid_ref": self.bid_ref,
            "message": self.message,
        }


def error(message: str, path: str, **where: Any) -> Problem:
    return Problem(Severity.ERROR, message, path, **where)


def warning(message: str, path: str, **where: Any) -> Problem:
    return Problem(Severity.WARNING, message, path, **where)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a bid, a decision or a value came from."""

    path: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class FieldReading:
    """One field as read: the typed value, the raw cell text, where it was, and how it was normalised."""

    key: str
    value: Any  # None when missing or unreadable
    raw: str | None = None
    cell: str | None = None
    line: int | None = None
    sheet: str | None = None
    note: str | None = None  # e.g. "read '1,200 MTPA' as 1200"


@dataclass(frozen=True, slots=True)
class Bid:
    """A bid as read from one file. `values` holds the typed value of every field key (None when missing).

    Types: text and choice -> str; number and percent -> float (percent in points); whole number -> int;
    yes/no -> bool; date-time -> datetime (naive, as written). A bid with `errors` is invalid.
    """

    source: Location
    values: Mapping[str, Any]
    readings: Mapping[str, FieldReading] = field(default_factory=dict)
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def bid_ref(self) -> str | None:
        return self.values.get("bid_ref")

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass(frozen=True, slots=True)
class Decision:
    """The committee's technical decision on one bid (contract 1.3)."""

    bid_ref: str
    qualified: bool
    remarks: str = ""
    source: Location | None = None


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file as read: its identity (SHA-256), when it was read, and the bids it gave."""

    path: str
    sha256: str
    size: int
    read_at: datetime | None = None
    kind: str = "bids"  # "bids" | "decisions"
    bid_refs: tuple[str, ...] = field(default=())

    @property
    def bids(self) -> int:
        return len(self.bid_refs)
