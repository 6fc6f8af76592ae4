"""Bids as columns of numpy arrays, so that checks, scoring and ranking run vectorised over 100,000 bids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from repm_bids.domain.fields import FIELDS, FieldType
from repm_bids.domain.identity import group_keys
from repm_bids.domain.models import Bid
from repm_bids.domain.partners import member_countries, parse_members, shared_partners
from repm_bids.domain.security_forms import security_form

TEXT_KEYS = ("country", "land_border_reference", "consortium_members", "bid_security_form")

NUMERIC_TYPES = (FieldType.NUMBER, FieldType.WHOLE, FieldType.PERCENT, FieldType.YES_NO, FieldType.DATETIME)
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class BidTable:
    """One row per bid. `num[key]` is a float64 column (NaN where missing; yes/no as 1/0; date-time as seconds);
    `bid_ref`, `group_key` and `bidder_type` are object columns; `invalid` marks bids that could not be read."""

    n: int
    num: Mapping[str, np.ndarray]
    bid_ref: np.ndarray
    group_key: np.ndarray
    consortium: np.ndarray  # bool: bidder_type == "Consortium"
    invalid: np.ndarray  # bool
    committee: np.ndarray  # float: NaN no decision, 1 qualified, 0 not qualified
    text: Mapping[str, np.ndarray] = field(default_factory=dict)  # object columns of the text fields checks read
    partners_shared: np.ndarray | None = None  # bool: a consortium member or bidder of this bid is in another bid
    low_quote: np.ndarray | None = None  # float: NaN no decision, 1 low quote accepted, 0 rejected
    read: Mapping[str, list[Any]] = field(default_factory=dict)  # the text columns as read: see `text_read`
    group_count: np.ndarray | None = None  # int64: bids of the same group (`group_counts` of `group_key`)
    flags: Mapping[str, np.ndarray] = field(default_factory=dict)  # yes/no of the text columns: see `flag`
    distinct: Mapping[str, tuple[list[Any], np.ndarray]] = field(default_factory=dict)  # see `distinct_values`

    @classmethod
    def from_columns(
        cls,
        num: Mapping[str, Sequence[float] | np.ndarray],
        bid_ref: Sequence[Any],
        group_key: Sequence[Any] | None = None,
        consortium: Sequence[bool] | np.ndarray | None = None,
        invalid: Sequence[bool] | np.ndarray | None = None,
        committee: Sequence[float] | np.ndarray | None = None,
    ) -> BidTable:
        n = len(bid_ref)
        cols = {k: np.asarray(v, dtype=np.float64) for k, v in num.items()}
        for f in FIELDS:
            if f.type in NUMERIC_TYPES and f.key not in cols:
                cols[f.key] = np.full(n, np.nan)
        refs = np.asarray(bid_ref, dtype=object)
        return cls(
            n=n,
            num=cols,
            bid_ref=refs,
            group_key=np.asarray(group_key if group_key is not None else refs, dtype=object),
            consortium=np.asarray(consortium if consortium is not None else np.zeros(n, bool), dtype=bool),
            invalid=np.asarray(invalid if invalid is not None else np.zeros(n, bool), dtype=bool),
            committee=np.asarray(committee if committee is not None else np.full(n, np.nan), dtype=np.float64),
        )

    @classmethod
    def from_bids(
        cls, bids: Sequence[Bid], invalid: Sequence[bool], committee: Sequence[float] | np.ndarray | None = None
    ) -> BidTable:
        num: dict[str, np.ndarray] = {}
        for f in FIELDS:
            if f.type not in NUMERIC_TYPES:
                continue
            num[f.key] = np.fromiter((_as_float(b.values.get(f.key)) for b in bids), dtype=np.float64, count=len(bids))
        return cls.from_columns(
            num,
            bid_ref=[b.values.get("bid_ref") for b in bids],
            group_key=group_keys(
                [b.values.get("group") for b in bids],
                [b.values.get("bidder_name") for b in bids],
                [b.values.get("registration_no") for b in bids],
            ),
            consortium=[b.values.get("bidder_type") == "Consortium" for b in bids],
            invalid=invalid,
            committee=committee,
        ).with_text(bids)

    def group_counts(self) -> np.ndarray:
        """Each bid's number of bids of its group: worked out with the bids (`from_bids`), else now."""
        return self.group_count if self.group_count is not None else group_counts(self.group_key)

    def with_text(self, bids: Sequence[Bid]) -> BidTable:
        """The text columns the checks read, and which bids share a partner (one bid per partner)."""
        text = {k: np.asarray([b.values.get(k) for b in bids], dtype=object) for k in TEXT_KEYS}
        shared = np.asarray(shared_partners(bids), dtype=bool)
        table = replace(self, text=text, partners_shared=shared)
        # once per set of bids, not once per scheme
        table = replace(table, read={name: table.text_read(name) for name in _TEXT_READERS})
        return replace(
            table,
            group_count=group_counts(self.group_key),
            flags={name: table.flag(name) for name in _FLAG_READERS},
            distinct={name: table.distinct_values(name) for name in _DISTINCT},
        )

    def text_column(self, key: str) -> np.ndarray:
        return self.text.get(key, np.full(self.n, None, dtype=object))

    def text_read(self, name: str) -> list[Any]:
        """A text column as a reader reads it, bid by bid: 'members' (`parse_members` of the consortium members),
        'member_countries' (`member_countries` of them), 'member_countries_folded' (their countries case folded),
        'country_folded' (the bidder's country stripped and case folded), 'security_form' (`security_form` of the
        form stated). Worked out with the text columns (`with_text`), so the checks of a scheme change do not read
        them again."""
        found = self.read.get(name)
        if found is not None:
            return found
        key, reader = _TEXT_READERS[name]
        return [reader(x) for x in self.text_column(key)]

    def flag(self, name: str) -> np.ndarray:
        """A yes/no per bid read from a text column (bool): 'bid_security_form_stated' and
        'land_border_reference_stated' (whether the field holds anything but blanks), 'members_stated' (the
        consortium members field holds anything, readable or not), 'members_listed' (it lists members that could
        be read), 'members_sum_to_100' (their equity adds up to 100%). Worked out with the text columns."""
        found = self.flags.get(name)
        if found is not None:
            return found
        key, reader = _FLAG_READERS[name]
        return np.array([reader(x) for x in self.text_column(key)], bool)

    def distinct_values(self, name: str) -> tuple[list[Any], np.ndarray]:
        """The distinct values of text columns as read (`text_read`), and each bid's position among them (intp):
        'security_form' (the form stated), 'border_countries' (the bidder's country and its members' countries,
        case folded, as a pair). A check that compares them with the scheme tests each distinct value once.
        Worked out with the text columns."""
        found = self.distinct.get(name)
        if found is not None:
            return found
        columns = [self.text_read(reader) for reader in _DISTINCT[name]]
        values = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
        index: dict[Any, int] = {}
        codes = [index.setdefault(v, len(index)) for v in values]
        return list(index), np.array(codes, np.intp)


def group_counts(keys: np.ndarray) -> np.ndarray:
    """Per bid: how many bids have its group key (0 where it has none)."""
    present = keys != None  # noqa: E711
    out = np.zeros(len(keys), np.int64)
    if present.any():
        _, inverse, counts = np.unique(keys[present].astype(str), return_inverse=True, return_counts=True)
        out[present] = counts[inverse]
    return out


def _folded(country: object) -> str | None:
    return country.strip().casefold() if isinstance(country, str) else None


def _member_countries_folded(members: object) -> tuple[str, ...]:
    return tuple(c.casefold() for _name, c in member_countries(members))


def _stated(text: object) -> bool:
    """Whether a text field holds anything but blanks."""
    return isinstance(text, str) and bool(text.strip())


def _members_stated(text: object) -> bool:
    """Whether the consortium members field holds anything (readable or not)."""
    return parse_members(text) != ()


def _members_listed(text: object) -> bool:
    """Whether the consortium members field lists members that could be read."""
    return parse_members(text) not in ((), None)


def _members_sum_to_100(text: object) -> bool:
    """Whether the members' equity, as read, adds up to 100%."""
    parsed = parse_members(text)
    return parsed is not None and bool(parsed) and abs(sum(e for _, e in parsed) - 100.0) < 0.01


_TEXT_READERS: dict[str, tuple[str, Any]] = {
    "members": ("consortium_members", parse_members),
    "member_countries": ("consortium_members", member_countries),
    "country_folded": ("country", _folded),  # as compared with the scheme's border countries
    "member_countries_folded": ("consortium_members", _member_countries_folded),
    "security_form": ("bid_security_form", security_form),
}
_FLAG_READERS: dict[str, tuple[str, Any]] = {
    "bid_security_form_stated": ("bid_security_form", _stated),
    "land_border_reference_stated": ("land_border_reference", _stated),
    "members_stated": ("consortium_members", _members_stated),
    "members_listed": ("consortium_members", _members_listed),
    "members_sum_to_100": ("consortium_members", _members_sum_to_100),
}
_DISTINCT: dict[str, tuple[str, ...]] = {
    "security_form": ("security_form",),
    "border_countries": ("country_folded", "member_countries_folded"),
}


def _as_float(v: Any) -> float:
    if v is None:
        return np.nan
    if isinstance(v, datetime):
        return (v.replace(tzinfo=None) - _EPOCH).total_seconds()
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan
