"""The result SHA-256 an award workbook states on its Summary sheet, for `repm-bids verify` to compare."""

from __future__ import annotations

import os
import re

from openpyxl import load_workbook

_DIGEST = re.compile(r"Result SHA-256 ([0-9a-f]{64})")


def workbook_result_digest(path: str | os.PathLike[str]) -> str | None:
    """The full result SHA-256 written in the Summary sheet's note, or None when the workbook shows none."""
    return _summary_match(path, _DIGEST)


_HEAD = re.compile(r"Audit trail head: ([0-9a-f]{64})\b")


def workbook_trail_head(path: str | os.PathLike[str]) -> str | None:
    """The full audit trail head printed in the Summary sheet's sign-off area, or None when it shows none (a
    workbook not written from a saved evaluation says so instead)."""
    return _summary_match(path, _HEAD)


def _summary_match(path: str | os.PathLike[str], pattern: re.Pattern[str]) -> str | None:
    """The first group of `pattern` in the first text cell of the Summary sheet that holds it."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if "Summary" not in wb.sheetnames:
            return None
        for row in wb["Summary"].iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    m = pattern.search(value)
                    if m:
                        return m.group(1)
        return None
    finally:
        wb.close()
