"""The columns of the technical checks kept from one evaluation of a set of bids for the next, so that a scheme change
runs again only the checks that read what changed.

A check's test is a function of the bids' table, the committee's columns and the scheme parameters it reads. Which
parameters it reads is not declared (a declaration could be wrong): the test runs against a `ReadingScheme`, which
notes each parameter read and its value. A later evaluation of the same table reuses the columns when the committee's
columns are equal and every parameter noted has the same value (compared by its repr: -0.0 is not 0.0, nor 1 1.0).
The test, run again, would read the same first parameter, find the same value, and so on: the same reads and the
same columns."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, cast

import numpy as np

from repm_bids.domain.scheme import Scheme
from repm_bids.domain.table import BidTable

_PARAMETERS = frozenset(f.name for f in fields(Scheme))
_KEPT = 4  # the columns of a check kept for as many different readings (a scheme edited back and forth)

T = TypeVar("T")
Reads = tuple[tuple[str, str], ...]  # (parameter, repr of its value), in the order read


class ReadingScheme:
    """A scheme that notes every parameter read through it, with its value's repr. A method or property of the
    scheme runs against this reader, so that the parameters it reads are noted too."""

    __slots__ = ("_scheme", "reads")

    def __init__(self, scheme: Scheme) -> None:
        self._scheme = scheme
        self.reads: list[tuple[str, str]] = []

    def __getattr__(self, name: str) -> Any:
        if name in _PARAMETERS:
            value = getattr(self._scheme, name)
            self.reads.append((name, repr(value)))
            return value
        found = inspect.getattr_static(Scheme, name, None)
        if isinstance(found, (staticmethod, classmethod)):
            return getattr(self._scheme, name)
        if inspect.isfunction(found) or isinstance(found, property):
            return found.__get__(self, Scheme)
        raise AttributeError(f"a check read {name!r} of the scheme, which the memo cannot follow")


def _unchanged(reads: Reads, scheme: Scheme) -> bool:
    return all(repr(getattr(scheme, name)) == value for name, value in reads)


@dataclass(eq=False)
class CheckMemo:
    """What the checks worked out for one table of bids (`table`: the same object, for the same bids), by name: the
    committee's columns they met, the parameters they read, the objects they were given (compared by identity, and
    kept alive here so that no other object takes their identity), and what they gave, which is never changed."""

    table: BidTable
    kept: dict[str, list[tuple[bytes, Reads, tuple[object, ...], Any]]] = field(default_factory=dict)

    def on(self, t: BidTable) -> MemoOn | None:
        """The memo for an evaluation of `t`, if `t` holds this memo's bids: every column but the committee's is the
        memo table's own."""
        if any(getattr(t, name) is not getattr(self.table, name) for name in _BID_COLUMNS):
            return None
        return MemoOn(self, _committee_bytes(t))


@dataclass(frozen=True, slots=True)
class MemoOn:
    """A memo used in one evaluation: with the committee's columns of its table."""

    memo: CheckMemo
    committee: bytes

    def run(self, name: str, s: Scheme, work: Callable[[Scheme], T], given: tuple[object, ...] = ()) -> T:
        """`work` run against a reading of `s`, or what it gave before on the same committee columns, the same
        `given` objects and the same values of the parameters it read."""
        kept = self.memo.kept.setdefault(name, [])
        for seen, reads, before, out in kept:
            if seen == self.committee and _same(before, given) and _unchanged(reads, s):
                return cast(T, out)
        reader = ReadingScheme(s)
        out = work(cast(Scheme, reader))
        kept.insert(0, (self.committee, tuple(reader.reads), given, out))
        del kept[_KEPT:]
        return out


_COMMITTEE_COLUMNS = ("committee", "low_quote")
_BID_COLUMNS = tuple(f.name for f in fields(BidTable) if f.name not in _COMMITTEE_COLUMNS)


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _committee_bytes(t: BidTable) -> bytes:
    """The committee's columns as they are compared: their types and bytes."""
    parts = [t.committee] if t.low_quote is None else [t.committee, t.low_quote]
    return b"|".join(np.asarray(c).dtype.str.encode() + b":" + np.asarray(c).tobytes() for c in parts)
