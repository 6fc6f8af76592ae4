"""The audit trail's hash chain: the entry record, its canonical content, and the check that names the first break.

Each entry's hash is SHA-256 over the previous entry's hash followed by the entry's canonical content (its seq, times,
user, action and details as JSON with sorted keys and no spaces). The first entry's previous hash is 64 zeros.
Editing, deleting, inserting or reordering entries breaks the chain at the first entry touched; see
docs/saved-evaluations.md for what the chain proves and what it does not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    time_utc: str  # ISO 8601, "2026-06-30T10:15:02Z"
    time_local: str  # ISO 8601 with the offset of the computer that made the entry
    user: str
    action: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainStatus:
    ok: bool
    first_bad_seq: int | None
    message: str


def canonical_details(details: Mapping[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    prev_hash: str, seq: int, time_utc: str, time_local: str, user: str, action: str, details_json: str
) -> str:
    """The hash of one entry from its stored columns (details as the stored canonical JSON text)."""
    content = json.dumps(
        [seq, time_utc, time_local, user, action, details_json], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredRow:
    """An audit row exactly as stored (details still the JSON text), for checking."""

    seq: int
    time_utc: str
    time_local: str
    user: str
    action: str
    details: str
    prev_hash: str
    hash: str


def check_rows(rows: Iterable[StoredRow], head: tuple[int, str] | None = None) -> ChainStatus:
    """Walk the rows in seq order and name the first entry that breaks the chain.

    `head` is (seq, hash) of the last entry as recorded in the file's metadata when that entry was written; a trail
    that ends before it lost its last entries.
    """
    prev = GENESIS
    expected_seq = 1
    n = 0
    for r in rows:
        if r.seq != expected_seq:
            if r.seq > expected_seq:
                missing = (
                    f"entry {expected_seq}" if r.seq == expected_seq + 1 else f"entries {expected_seq}–{r.seq - 1}"
                )
                return ChainStatus(
                    False, expected_seq, f"Entry {expected_seq} is broken: {missing} missing (deleted from the trail)."
                )
            return ChainStatus(False, r.seq, f"Entry {r.seq} is broken: it is out of order.")
        if r.prev_hash != prev:
            return ChainStatus(
                False,
                r.seq,
                f"Entry {r.seq} is broken: it does not follow entry {r.seq - 1} "
                "(an entry before it was deleted, inserted or reordered).",
            )
        if entry_hash(prev, r.seq, r.time_utc, r.time_local, r.user, r.action, r.details) != r.hash:
            return ChainStatus(False, r.seq, f"Entry {r.seq} is broken: its content was changed after it was recorded.")
        prev = r.hash
        expected_seq += 1
        n += 1
    if head is not None:
        head_seq, head_hash = head
        if n < head_seq:
            return ChainStatus(
                False,
                n + 1,
                f"Entry {n + 1} is broken: the trail ends at entry {n} but the file recorded {head_seq} entries "
                "(the last entries were deleted).",
            )
        if n > head_seq:
            return ChainStatus(
                False,
                head_seq + 1,
                f"Entry {head_seq + 1} is broken: the file recorded only {head_seq} entries "
                "(later entries were added outside repm-bids).",
            )
        if head_hash != prev:
            return ChainStatus(False, n, f"Entry {n} is broken: it is not the last entry the file recorded.")
    if n == 0:
        return ChainStatus(False, 1, "Entry 1 is broken: the audit trail is empty.")
    return ChainStatus(True, None, f"The audit trail is intact: {n} entries, last hash {prev[:16]}…")
