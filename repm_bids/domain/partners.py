"""Consortium members as a bid states them ("Alpha Ltd: 56; Beta Ltd: 44"), and one bid per partner: a firm that
is a member of two consortia, or bids alone and in a consortium, is in more than one bid."""

from __future__ import annotations

import re
from collections.abc import Sequence

from repm_bids.domain.identity import name_key
from repm_bids.domain.models import Bid

_SPLIT = re.compile(r"[;\n]+")
# "Name: equity", optionally followed by the member's country: "Beta Ltd: 44, China" or "Beta Ltd: 44% (China)"
_MEMBER = re.compile(
    r"^(?P<name>.+?)\s*[:=\-–]\s*(?P<equity>\d+(?:\.\d+)?)\s*%?"
    r"(?:\s*(?:,\s*(?P<country>[^,()]+?)|\(\s*(?P<paren>[^()]+?)\s*\)))?\s*$"
)


def _members(text: object) -> tuple[tuple[str, float, str | None], ...] | None:
    """Each member, its equity (%) and its country where given; None when the text is not in that form."""
    if not isinstance(text, str) or not text.strip():
        return ()
    out = []
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        m = _MEMBER.match(part)
        if m is None:
            return None
        country = m.group("country") or m.group("paren")
        out.append((m.group("name").strip(), float(m.group("equity")), country.strip() if country else None))
    return tuple(out)


def parse_members(text: object) -> tuple[tuple[str, float], ...] | None:
    """Each member and its equity (%), or None when the text is not in that form. Blank gives ()."""
    members = _members(text)
    return None if members is None else tuple((name, equity) for name, equity, _ in members)


def member_countries(text: object) -> tuple[tuple[str, str], ...]:
    """Each member whose country is given, with that country (nothing when the text cannot be read)."""
    return tuple((name, country) for name, _, country in _members(text) or () if country)


def shared_partners(bids: Sequence[Bid]) -> list[bool]:
    """Per bid: whether a consortium member of it is also a firm of another bid (its bidder or a member), or its
    bidder is a member of another bid's consortium. Two bids of one bidder are the group rule's to judge."""
    firms: list[set[str]] = []
    members: set[str] = set()
    for b in bids:
        named = {name_key(name) for name, _ in parse_members(b.values.get("consortium_members")) or ()}
        members |= named
        own = named | {name_key(str(b.values.get("bidder_name") or ""))}
        firms.append({f for f in own if f})
    seen: dict[str, int] = {}
    for names in firms:
        for f in names:
            seen[f] = seen.get(f, 0) + 1
    return [any(seen[f] > 1 and f in members for f in names) for names in firms]
