"""Clarifications: a verified value the committee records for a technical field of one bid (pure).

Where a bidder's form is unreadable or wrong, the committee verifies the figure against a document (a certificate,
a bank's letter) and records it with its reason. The evaluation then uses the verified value; the bid keeps the value
it declared beside it, so every output can show both. Only a technical field can be clarified: never the price
(it is in the sealed financial cover) and never the bid reference (it is how the bid is known).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from repm_bids.domain.covers import PRICE_KEY
from repm_bids.domain.fields import FIELDS_BY_KEY, Cover, FieldSpec, field_for_label
from repm_bids.domain.identity import ref_key
from repm_bids.domain.models import Bid, Problem, Severity, problem

__all__ = ["Clarification", "apply_clarifications", "clarifiable_field", "clarification_refusal"]

NOT_CLARIFIABLE = frozenset({PRICE_KEY, "bid_ref"})


@dataclass(frozen=True, slots=True)
class Clarification:
    """The committee's verified value for one field of one bid: the value as the committee wrote it (`text`), the
    value read from it by the bid form's reading rules (`value`, with `note` where the reading normalised it), why,
    and the document it rests on."""

    bid_ref: str
    field: str  # the field's key
    text: str
    value: Any
    reason: str
    document: str = ""
    note: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (ref_key(self.bid_ref), self.field)


def _refused(code: str, **figures: Any) -> Problem:
    return problem(Severity.ERROR, code, "(clarification)", figures)


def clarifiable_field(name: str) -> FieldSpec | Problem:
    """The technical field a committee member named (by its key or its label), or why it cannot be clarified."""
    spec = FIELDS_BY_KEY.get(name.strip()) or field_for_label(name)
    if spec is None:
        return _refused("clarify_unknown_field", field=name)
    if spec.key in NOT_CLARIFIABLE or spec.cover is not Cover.TECHNICAL:
        return _refused("clarify_field_not_allowed", field=spec.label, key=spec.key)
    return spec


def clarification_refusal(bid_ref: str, bids: Sequence[Bid], text: str, reason: str) -> Problem | None:
    """Why a clarification of bid `bid_ref` cannot be recorded (an unknown bid, one reference shared by several
    bids, no value, no reason), or None."""
    matches = [b for b in bids if b.bid_ref and ref_key(b.bid_ref) == ref_key(bid_ref)]
    if not matches:
        return _refused("clarify_unknown_bid", bid_ref=bid_ref)
    if len(matches) > 1:
        return _refused("clarify_ambiguous_bid", bid_ref=bid_ref, count=len(matches))
    if not text.strip():
        return _refused("clarify_no_value", bid_ref=bid_ref)
    if not reason.strip():
        return _refused("clarify_no_reason", bid_ref=bid_ref)
    return None


def apply_clarifications(bids: Iterable[Bid], clarifications: Iterable[Clarification]) -> list[Bid]:
    """The bids with each verified value in place of the declared one: the evaluation uses it, and the bid's
    `verified` keeps it (its reading still holds what was declared). A problem the bidder's reading of that field
    raised no longer stands: the committee has verified the value."""
    by_bid: dict[str, dict[str, Clarification]] = {}
    for c in clarifications:
        by_bid.setdefault(ref_key(c.bid_ref), {})[c.field] = c
    if not by_bid:
        return list(bids)
    out = []
    for bid in bids:
        found: Mapping[str, Clarification] = by_bid.get(ref_key(bid.bid_ref), {}) if bid.bid_ref else {}
        if not found:
            out.append(bid)
            continue
        out.append(
            replace(
                bid,
                values={**bid.values, **{k: c.value for k, c in found.items()}},
                verified={**bid.verified, **{k: c.value for k, c in found.items()}},
                errors=tuple(p for p in bid.errors if p.field not in found),
                warnings=tuple(p for p in bid.warnings if p.field not in found),
            )
        )
    return out
