"""Opening the financial covers (no Qt): only those of technically qualified bids are read.

A financial cover is one file per bid (the Financial Bid sheet alone, named for its bid, e.g.
`REPM-2026-001 Bharat.xlsx`) or one table of bid references and quotes (the portal's comparative statement). A file
whose name names a bid that is not technically qualified is never parsed: it is kept by its SHA-256 alone and
recorded as returned unopened. A table names no bid, so it is read; the rows of bids that are not qualified are
left out unread. Anything that does not fit (a cover for an unknown bid, two covers for one bid, a qualified bid
without a cover) refuses the whole opening, naming the file: nothing is opened.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from repm_bids.domain.covers import PRICE_KEY, with_price
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Bid, Location, Problem, Severity, problem
from repm_bids.domain.result import Evaluation, Status, UnopenedCover
from repm_bids.services.reading import InputPart, import_files

__all__ = ["CoversRefused", "PricesOpened", "match_covers", "open_financial_covers"]


class CoversRefused(ValueError):
    """The financial covers could not be opened; `problems` name each file and what is wrong (nothing was opened)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.problems]


@dataclass(frozen=True)
class PricesOpened:
    """What opening the financial covers gave: each qualified bid (by reference key) with its price, the covers
    read (their bytes kept as evidence), and the covers returned unopened."""

    prices: dict[str, Bid]
    parts: list[InputPart]
    unopened: list[UnopenedCover]


def _refuse(code: str, path: str, **figures: object) -> Problem:
    return problem(Severity.ERROR, code, path, {"file": path, **figures})


def cover_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """The financial cover files given (folders listed as for bid files)."""
    from repm_bids.io.intake import list_bid_files

    problems: list[Problem] = []
    files = list_bid_files(paths, problems)
    return files, [p for p in problems if p.severity is Severity.ERROR]


def named_bid(path: Path, refs: dict[str, str]) -> str | None:
    """The bid (reference key) a file's name names: the longest known reference within the name, or None."""
    name = ref_key(path.stem)
    found = [key for key in refs if key and key in name]
    return max(found, key=len) if found else None


def open_financial_covers(technical: Evaluation, paths: Sequence[str | os.PathLike[str]]) -> PricesOpened:
    """Read the financial covers of the technically qualified bids of `technical` (an evaluation at its technical
    stage); raise CoversRefused naming every file that does not fit."""
    if technical.scheme.covers != 2:
        raise CoversRefused([problem(Severity.ERROR, "covers_single", "(scheme)")])
    if technical.stage != "technical":
        raise CoversRefused([problem(Severity.ERROR, "prices_open_already", "(evaluation)")])
    refs = _refs(technical)
    qualified = _qualified(technical)
    files, refused = cover_files(paths)
    unopened: list[UnopenedCover] = []
    first: dict[str, str] = {}
    to_open: list[Path] = []
    for path in files:
        key = named_bid(path, refs)
        if key is None or key in qualified:
            to_open.append(path)
            continue
        if key in first:
            refused.append(_refuse("cover_twice", str(path), bid_ref=refs[key], first=first[key]))
            continue
        first[key] = str(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # kept by its digest alone: never parsed
        unopened.append(UnopenedCover(refs[key], str(path), digest))
    parts, loose = import_files(to_open) if to_open else ([], [])
    refused.extend(_refuse("cover_unreadable", p.path, why=p.message) for p in loose if p.severity is Severity.ERROR)
    given = ", ".join(str(p) for p in files) or "none"
    try:
        opened = match_covers(technical, parts, unopened, given)
    except CoversRefused as exc:
        refused.extend(exc.problems)
    if refused:
        raise CoversRefused(refused)
    return opened


def _refs(technical: Evaluation) -> dict[str, str]:
    return {ref_key(b.bid_ref): b.bid_ref for b in technical.bids if isinstance(b.bid_ref, str)}


def _qualified(technical: Evaluation) -> set[str]:
    return {ref_key(o.bid_ref) for o in technical.outcomes if o.status is Status.QUALIFIED and o.bid_ref}


def match_covers(
    technical: Evaluation, parts: Sequence[InputPart], unopened: Sequence[UnopenedCover], given: str = ""
) -> PricesOpened:
    """The prices of the qualified bids of `technical` from the financial covers read (`parts`), the covers kept
    unopened counting as the covers of their bids. A saved evaluation opens its stored covers again with this.
    Raises CoversRefused naming every cover that does not fit."""
    sealed = {ref_key(b.bid_ref): b for b in technical.bids if isinstance(b.bid_ref, str)}
    refs = _refs(technical)
    qualified = _qualified(technical)
    first = {ref_key(u.bid_ref): u.path for u in unopened}
    refused: list[Problem] = []
    prices: dict[str, Bid] = {}
    for part in parts:
        cover_path = part.input.path
        named = named_bid(Path(cover_path), refs)
        if not part.bids:
            why = "; ".join(p.message for p in part.problems if p.severity is Severity.ERROR) or "it holds no bid."
            refused.append(_refuse("cover_unreadable", cover_path, why=why))
        for bid in part.bids:
            ref = bid.bid_ref
            if not isinstance(ref, str) or not ref.strip():
                refused.append(_refuse("cover_no_reference", cover_path))
                continue
            key = ref_key(ref)
            if key not in sealed:
                refused.append(_refuse("cover_unknown_bid", cover_path, bid_ref=ref))
                continue
            if named is not None and key != named:
                refused.append(_refuse("cover_other_bid", cover_path, bid_ref=ref, named=refs[named]))
                continue
            if key in first:
                refused.append(_refuse("cover_twice", cover_path, bid_ref=ref, first=first[key]))
                continue
            first[key] = cover_path
            if key not in qualified:
                continue  # a row of a table for a bid that is not qualified: left out unread
            price = bid.values.get(PRICE_KEY)
            if not isinstance(price, int | float) or isinstance(price, bool):
                refused.append(_refuse("cover_no_price", cover_path, bid_ref=ref))
                continue
            reading = bid.readings.get(PRICE_KEY)
            at = Location(cover_path, reading.sheet if reading else None, reading.cell if reading else None)
            if reading is not None and reading.line is not None:
                at = Location(cover_path, None, None, reading.line)
            prices[key] = with_price(sealed[key], float(price), at, reading.raw if reading else None)
    shown = given or ", ".join(p.input.path for p in parts) or "none"
    refused.extend(_refuse("cover_missing", shown, bid_ref=refs[k]) for k in sorted(qualified - set(prices)))
    if refused:
        raise CoversRefused(refused)
    return PricesOpened(prices, list(parts), list(unopened))
