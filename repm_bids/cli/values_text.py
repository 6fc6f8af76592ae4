"""`check --values`: each bid's fields as read, for the terminal: cell, text as written, value read, note."""

from __future__ import annotations

from repm_bids.domain.readings import field_rows
from repm_bids.domain.result import Evaluation


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def values_text(e: Evaluation) -> str:
    """One block per bid, in the order read; a field with no text shows (blank), one not read shows refused."""
    out: list[str] = []
    for bid in e.bids:
        out.append(f"{bid.bid_ref or '(no reference)'} ({bid.source.path})")
        rows = field_rows(bid)
        table = [
            [
                r.spec.label,
                r.where or "—",
                _cut(r.text, 30) if r.text is not None else "(blank)",
                _cut(r.shown, 30) if r.value is not None else ("refused" if r.text is not None else ""),
                r.note or "",
            ]
            for r in rows
        ]
        headers = ["Field", "Cell", "As written", "Read as", "Note"]
        widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
        for row in [headers, ["-" * w for w in widths[:4]] + ["----"], *table]:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        out.append("")
    return "\n".join(out)


def noted_lines(e: Evaluation) -> list[str]:
    """For the evaluation summary: every reading that is not a plain number or plain text, one line per bid."""
    out = []
    for bid in e.bids:
        noted = [f"{r.spec.label} ({r.where}): {r.note}" for r in field_rows(bid) if r.note]
        if noted:
            out.append(f"  {bid.bid_ref or '(no reference)'}: " + "; ".join(noted))
    if out:
        out.insert(0, "Readings with a note (every field as read: repm-bids check --values)")
    return out
