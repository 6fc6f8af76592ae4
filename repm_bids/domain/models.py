"""Plain records that cross every layer: bids as read, problems, committee decisions, input files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


Params = tuple[tuple[str, Any], ...]


def params_of(figures: Mapping[str, Any] | None) -> Params:
    """A problem's figures as a hashable tuple of (name, value) pairs (lists become tuples)."""
    if not figures:
        return ()
    pairs = tuple(figures.items())
    for _, v in pairs:
        if isinstance(v, list):
            return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in pairs)
    return pairs


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or worth knowing (warning), as data: which rule (`code`), where, and the figures
    (`params`). The sentence is made from them by `domain.wording` at the edge (`message` is a shortcut to it).

    `cell` is A1 style for workbooks; `line` is the 1-based line for CSV files. A problem with a `bid_ref` belongs
    to that bid; an error that belongs to a bid makes the bid invalid. Every problem has a code, a lower-case
    identifier that `domain.wording` words ("missing_field"): a sentence is never a code.
    """

    kind: ClassVar[str] = "problem"
    severity: Severity
    code: str
    path: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    field: str | None = None
    bid_ref: str | None = None
    params: Params = ()

    def __post_init__(self) -> None:
        code = self.code
        if not (isinstance(code, str) and code.isidentifier() and code.islower()):
            raise ValueError(f"a problem's code is a lower-case identifier, not {code!r}")

    @property
    def figures(self) -> dict[str, Any]:
        return dict(self.params)

    @property
    def message(self) -> str:
        """The sentence for people (English), made by the wording module (imported here: the reading worker makes
        problems by the thousand and words none, and need not import every sentence when it starts)."""
        from repm_bids.domain.wording import problem_text

        return problem_text(self)

    @property
    def where(self) -> str:
        """'bids.xlsx, sheet Bid Form, cell B9' — for one-line reports."""
        from repm_bids.domain.wording import where_text

        return where_text(self.path, self.sheet, self.cell, self.line)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sheet": self.sheet,
            "cell": self.cell,
            "line": self.line,
            "field": self.field,
            "bid_ref": self.bid_ref,
            "code": self.code,
            "message": self.message,
        }


RECORDED = "recorded"  # a problem read back from a saved evaluation that kept only its sentence (older versions)


def problem(
    severity: Severity, code: str, path: str, figures: Mapping[str, Any] | None = None, **where: Any
) -> Problem:
    """A problem of rule `code` with its figures; the sentence is made later by `domain.wording`."""
    return Problem(severity, code, path, params=params_of(figures), **where)


def error(code: str, path: str, figures: Mapping[str, Any] | None = None, **where: Any) -> Problem:
    """An error of rule `code` with its figures (`problem` with `Severity.ERROR`)."""
    return Problem(Severity.ERROR, code, path, params=params_of(figures), **where)


def warning(code: str, path: str, figures: Mapping[str, Any] | None = None, **where: Any) -> Problem:
    """A warning of rule `code` with its figures (`problem` with `Severity.WARNING`)."""
    return Problem(Severity.WARNING, code, path, params=params_of(figures), **where)


def problem_from_dict(d: Mapping[str, Any]) -> Problem:
    """The inverse of `as_dict` plus "severity" and "params" (as a saved evaluation keeps problems). A problem
    an earlier version kept with only its sentence comes back as a "recorded" problem that says that sentence."""
    severity = Severity(d.get("severity", "error"))
    where = {k: d.get(k) for k in ("sheet", "cell", "line", "field", "bid_ref")}
    code = d.get("code")
    figures = d.get("params")
    if code and code not in ("text", RECORDED) and isinstance(figures, Mapping):
        return problem(severity, str(code), str(d.get("path", "")), figures, **where)
    said = figures.get("text") if isinstance(figures, Mapping) and "text" in figures else d.get("message")
    return problem(severity, RECORDED, str(d.get("path", "")), {"text": str(said or "")}, **where)


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
    # the committee's verified values (domain.clarifications): these keys' `values` are the verified ones, and
    # their `readings` still hold what the bidder declared
    verified: Mapping[str, Any] = field(default_factory=dict)

    @property
    def bid_ref(self) -> str | None:
        return self.values.get("bid_ref")

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass(frozen=True, slots=True)
class Decision:
    """The committee's decisions on one bid (docs/bid-files.md, section 7): whether it is technically qualified, and
    whether its abnormally low quote is accepted. Either may be left undecided (None), not both; one remark goes
    with them (the reason of a "no", the justification of a "yes")."""

    bid_ref: str
    qualified: bool | None
    remarks: str = ""
    source: Location | None = None
    low_quote: bool | None = None  # the abnormally low quote accepted (True) or rejected (False); None: not decided


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file as read: its identity (SHA-256), when it was read, the bids it gave, and its bytes."""

    path: str
    sha256: str
    size: int
    read_at: datetime | None = None
    kind: str = "bids"  # "bids" | "decisions"
    bid_refs: tuple[str, ...] = field(default=())
    # the bytes that were read (and evaluated), carried to whoever keeps them (a saved evaluation) so that no one
    # reads the file from disk again; not part of the file's identity
    data: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def bids(self) -> int:
        return len(self.bid_refs)
