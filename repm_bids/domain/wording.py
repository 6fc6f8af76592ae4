"""Sentences for people, made from reasons that are data: the one place where a problem, a check outcome or an
allocation reason becomes English text. The text report, the award workbook, the JSON result and the application
all call this module, so another language replaces the sentences here without touching a rule.

Pure: no I/O. The rules (`domain.checks`, `domain.evaluation`, the readers) say which case applies and give the
figures; this module only words them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from repm_bids.domain.fields import FIELDS_BY_KEY

if TYPE_CHECKING:
    from repm_bids.domain.models import Problem


def fmt(x: float | None, decimals: int | None = None) -> str:
    """1200.0 -> '1,200'; 1950.5 -> '1,950.5'; with decimals, exactly that many; None or NaN -> 'blank'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "blank"
    if decimals is None:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:,.{decimals}f}"


def file_name(path: str | None) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] if path else "(no file)"


def where_text(path: str | None, sheet: str | None, cell: str | None, line: int | None) -> str:
    """'bids.xlsx, sheet Bid Form, cell B9' — for one-line reports."""
    parts = [file_name(path)]
    if sheet:
        parts.append(f"sheet {sheet}")
    if cell:
        parts.append(f"cell {cell}")
    if line is not None:
        parts.append(f"line {line}")
    return ", ".join(parts)


def field_label(key: str | None) -> str:
    if key is None:
        return ""
    f = FIELDS_BY_KEY.get(key)
    return f.label if f is not None else key


# -- problems ----------------------------------------------------------------------------------------------------------
def _missing_field(p: Mapping[str, Any], field: str | None) -> str:
    return f"{field_label(field)} is missing."


def _duplicate_bid_ref(p: Mapping[str, Any], field: str | None) -> str:
    return (
        f"Bid reference {p['bid_ref']} appears in {p['count']} bids ({', '.join(p['files'])}); every bid with this "
        "reference is invalid."
    )


def _decision_unknown_bid(p: Mapping[str, Any], field: str | None) -> str:
    return f"The decision names bid reference {p['bid_ref']}, which is not among the bids read."


def _bid_removed(p: Mapping[str, Any], field: str | None) -> str:
    return f"Bid {p['bid_ref'] or '(no reference)'} was removed from the evaluation by the committee."


def _text(p: Mapping[str, Any], field: str | None) -> str:
    return str(p.get("text", ""))


PROBLEM_TEXT: Mapping[str, Callable[[Mapping[str, Any], str | None], str]] = {
    "text": _text,
    "missing_field": _missing_field,
    "duplicate_bid_ref": _duplicate_bid_ref,
    "decision_unknown_bid": _decision_unknown_bid,
    "bid_removed": _bid_removed,
}
"""Each problem code's sentence, from its figures and the field it is about."""


def problem_text(p: Problem) -> str:
    """The sentence of a problem (without where it is)."""
    words = PROBLEM_TEXT.get(p.code)
    if words is None:  # a code this version does not word: still say what is known
        return f"{p.code}: " + ", ".join(f"{k} {v}" for k, v in p.params)
    return words(dict(p.params), p.field)


def problem_line(p: Problem) -> str:
    """'The sentence. (bids.xlsx, sheet Bid Form, cell B9)' — a reason that names where it was found."""
    return f"{problem_text(p)} ({where_text(p.path, p.sheet, p.cell, p.line)})"
