"""Bids that share a reference, and references or group names that only nearly match (compared as in identity).

Two bids whose references are the same once case, spaces, punctuation, invisible characters and look-alike letters
are set aside share a reference. Where the receipt register says which bidder submitted that reference, that
bidder's bid stands and the others are invalid; without it the tool cannot tell them apart, so every bid with the
reference is invalid and the committee is told which files share it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from repm_bids.domain.identity import name_key, near_ref_key, ref_key, registration_key
from repm_bids.domain.models import Bid, Problem, Severity, problem, warning


def _file(bid: Bid) -> str:
    return bid.source.path.replace("\\", "/").rsplit("/", 1)[-1]


def _where(bid: Bid, key: str) -> dict[str, object]:
    r = bid.readings.get(key)
    return {
        "sheet": (r.sheet if r else None) or bid.source.sheet,
        "cell": r.cell if r else None,
        "line": (r.line if r else None) or bid.source.line,
    }


def _cell_text(bid: Bid, key: str) -> str:
    where = _where(bid, key)
    at = f"cell {where['cell']}" if where["cell"] else (f"line {where['line']}" if where["line"] else "")
    return f"{_file(bid)}{', ' + at if at else ''}"


def duplicate_refs(
    bids: Sequence[Bid], receipts: Mapping[str, str] | None = None
) -> tuple[dict[int, list[Problem]], list[Problem]]:
    """(errors per bid index, warnings). `receipts` maps a reference (any spelling) to the registration number or
    the name of the bidder the receipt register records for it: that bidder's bid stands."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(bids):
        if isinstance(b.bid_ref, str) and ref_key(b.bid_ref):
            by_key[ref_key(b.bid_ref)].append(i)
    holders = {ref_key(ref): holder for ref, holder in (receipts or {}).items()}
    errors: dict[int, list[Problem]] = {}
    for key, idx in by_key.items():
        if len(idx) < 2:
            continue
        files = sorted({_file(bids[i]) for i in idx})
        holder = holders.get(key)
        standing = [i for i in idx if holder is not None and _is_holder(bids[i], holder)]
        for i in idx:
            if len(standing) == 1 and i == standing[0]:
                continue
            b = bids[i]
            spellings = sorted({str(bids[j].bid_ref) for j in idx if bids[j].bid_ref != b.bid_ref})
            figures: dict[str, object] = {"bid_ref": b.bid_ref, "count": len(idx), "files": files}
            if spellings:
                figures["spellings"] = spellings
            if len(standing) == 1:
                figures["receipt_holder"] = holder
            errors.setdefault(i, []).append(
                problem(
                    Severity.ERROR,
                    "duplicate_bid_ref",
                    b.source.path,
                    figures,
                    field="bid_ref",
                    bid_ref=b.bid_ref,
                    **_where(b, "bid_ref"),
                )
            )
    return errors, _near_refs(bids, by_key) + _group_spellings(bids) + _shared_registrations(bids)


def _is_holder(bid: Bid, holder: str) -> bool:
    reg, name = bid.values.get("registration_no"), bid.values.get("bidder_name")
    if isinstance(reg, str) and registration_key(reg) and registration_key(reg) == registration_key(holder):
        return True
    return isinstance(name, str) and bool(name_key(name)) and name_key(name) == name_key(holder)


def _near_refs(bids: Sequence[Bid], by_key: Mapping[str, list[int]]) -> list[Problem]:
    """References that differ only by 0/O or 1/l/I: both reported, neither merged."""
    near: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        near[near_ref_key(bids[by_key[key][0]].bid_ref or "")].append(key)
    out = []
    for keys in near.values():
        if len(keys) < 2:
            continue
        firsts = [bids[by_key[k][0]] for k in sorted(keys)]
        for b in firsts:
            others = [(o.bid_ref, _cell_text(o, "bid_ref")) for o in firsts if o is not b]
            out.append(
                warning(
                    "near_bid_ref",
                    b.source.path,
                    {"bid_ref": b.bid_ref, "at": _cell_text(b, "bid_ref"), "others": others},
                    field="bid_ref",
                    bid_ref=b.bid_ref,
                    **_where(b, "bid_ref"),
                )
            )
    return out


def _group_spellings(bids: Sequence[Bid]) -> list[Problem]:
    """Group names spelled differently but the same name once case, punctuation and legal form are set aside:
    read as one group, and said so with both cells."""
    seen: dict[str, tuple[str, Bid]] = {}
    out = []
    for b in bids:
        group = b.values.get("group")
        if not isinstance(group, str) or not name_key(group):
            continue
        key = name_key(group)
        if key not in seen:
            seen[key] = (group, b)
            continue
        first, other = seen[key]
        if first != group:
            out.append(
                warning(
                    "group_spellings",
                    b.source.path,
                    {
                        "group": group,
                        "at": _cell_text(b, "group"),
                        "first": first,
                        "first_at": _cell_text(other, "group"),
                    },
                    field="group",
                    bid_ref=b.bid_ref,
                    **_where(b, "group"),
                )
            )
    return out


def _shared_registrations(bids: Sequence[Bid]) -> list[Problem]:
    """Bids of one registration number (CIN) under different names: one bidder and one group, said so."""
    seen: dict[str, Bid] = {}
    out = []
    for b in bids:
        reg = b.values.get("registration_no")
        if not isinstance(reg, str) or not registration_key(reg):
            continue
        first = seen.setdefault(registration_key(reg), b)
        name, first_name = b.values.get("bidder_name"), first.values.get("bidder_name")
        if first is not b and isinstance(name, str) and isinstance(first_name, str) and name != first_name:
            out.append(
                warning(
                    "shared_registration",
                    b.source.path,
                    {"first": first.bid_ref, "bid_ref": b.bid_ref, "reg": reg, "first_name": first_name, "name": name},
                    field="registration_no",
                    bid_ref=b.bid_ref,
                    **_where(b, "registration_no"),
                )
            )
    return out
