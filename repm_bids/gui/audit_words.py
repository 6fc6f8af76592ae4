"""An audit entry's details as lines a committee member reads: names in words, figures with Indian grouping,
fingerprints shortened, lists one item a line (the saved file keeps the details as data; this only shows them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from repm_bids.gui.formats import fmt_when, indian

KEY_WORDS = {
    "sha256": "SHA-256",
    "result_sha256": "result SHA-256",
    "workbook_sha256": "workbook SHA-256",
    "latest_recorded_result_sha256": "latest result recorded",
    "evaluated_at": "evaluated",
    "bids_received": "bids received",
    "capacity_awarded": "capacity awarded (MTPA)",
    "figures_checked": "figures checked",
    "bid_ref": "bid",
    "by": "by",
    "from": "from",
    "to": "to",
}


def key_words(key: str) -> str:
    return KEY_WORDS.get(key, key.replace("_", " "))


def value_words(key: str, value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return indian(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, str):
        if key.endswith("sha256") and len(value) == 64:
            return f"{value[:12]}…"
        if key.endswith("_at") or key in ("at", "time", "when"):
            return fmt_when(value)
        if key in ("path", "workbook", "from", "to") and ("/" in value or "\\" in value):
            return f"{Path(value).name} (in {Path(value).parent})"
        return value
    if isinstance(value, dict):
        return ", ".join(f"{key_words(k)} {value_words(k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(value_words(key, v) for v in value)
    return str(value)


def details_lines(details: Any) -> list[str]:
    """One line per detail ("bids received: 1,000"); a list of problems or files gives one line per item."""
    if not isinstance(details, dict):
        return [str(details)]
    lines: list[str] = []
    for k, v in details.items():
        if isinstance(v, list) and v and all(isinstance(x, dict | str) for x in v):
            lines.append(f"{key_words(k)} ({indian(len(v))}):")
            lines += [f"  • {value_words(k, x)}" for x in v]
        else:
            lines.append(f"{key_words(k)}: {value_words(k, v)}")
    return lines


def details_text(details: Any) -> str:
    """The details on one line, for the table: a list's items follow its heading ("opened (2): a, b")."""
    parts: list[str] = []
    for line in details_lines(details):
        item = line.strip().removeprefix("• ")
        if line.startswith("  • ") and parts:
            parts[-1] += (" " if parts[-1].endswith(":") else " | ") + item
        else:
            parts.append(item)
    return "; ".join(parts)
