"""A bid form saved as CSV: Excel and LibreOffice save the active sheet only, as rows of label and value. Such a
file is one bid form, not a bids table (whose first row holds three or more field labels side by side); a
spreadsheet program names a CSV file's one sheet after the file, and so do the cells reported here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from repm_bids.domain.fields import FIELDS, Cover
from repm_bids.domain.models import Bid, Problem, warning

from .form_reader import label_of, read_form
from .intake_xlsx import Sheet
from .safety import MAX_FORM_ROWS
from .values import is_empty

FORM_LABEL_ROWS = 3  # rows that start with a field label: fewer is not a form


def _first(row: Sequence[Any]) -> Any:
    return next((v for v in row if not is_empty(v)), None)


def looks_like_form(rows: Sequence[Sequence[Any]]) -> bool:
    """Rows of label and value: at least three rows start with a field label, and no row holds three labels."""
    starts = 0
    for row in rows[:MAX_FORM_ROWS]:
        if sum(1 for v in row if label_of(v) is not None) >= 3:
            return False
        if label_of(_first(row)) is not None:
            starts += 1
    return starts >= FORM_LABEL_ROWS


def read_csv_form(name: str, rows: list[list[Any]]) -> tuple[list[Bid], list[Problem]]:
    sheet = Sheet(PurePath(name.replace("\\", "/")).stem or "CSV", [list(r) for r in rows[:MAX_FORM_ROWS]])
    bids, problems = read_form(name, [sheet])
    labelled = {spec.key for row in sheet.rows if (spec := label_of(_first(row))) is not None}
    for cover in Cover:
        keys = [f.key for f in FIELDS if f.cover is cover]
        if bids and not labelled.intersection(keys):
            problems.append(warning("csv_form_cover_missing", name, {"cover": cover.value}, sheet=sheet.name))
    problems.insert(0, warning("csv_form", name))
    return bids, problems
