"""Builders of the intake test corpus: filled bid forms, bids tables and CSV files, written in memory by openpyxl
and zipfile (no binary files in the repository)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from openpyxl import Workbook

from repm_bids.domain.fields import FIELDS, FIELDS_BY_KEY
from repm_bids.io.template import template_workbook

# What a careful bidder types into the form (cell values as Excel stores them).
GOOD: dict[str, Any] = {
    "bid_ref": "REPM-001",
    "bidder_name": "Shakti Magnetics Ltd",
    "bidder_type": "Company",
    "country": "India",
    "registration_no": "U27100MH2019PLC123456",
    "group": None,
    "lead_equity_pct": None,
    "capacity": 1200,
    "net_worth_cr": 410.5,
    "investment_cr": 640,
    "stage_oxide_metal": "Yes",
    "stage_metal_alloy": "Yes",
    "stage_alloy_magnet": "Yes",
    "plant_state": "Odisha",
    "commissioning_months": 22,
    "dpr_submitted": "Yes",
    "bid_security_cr": 5,
    "dva_pct": 0.62,  # the template formats this cell as a percentage
    "submitted_at": datetime(2026, 6, 29, 10, 15),
    "quoted_incentive": 1950,
}

EXPECTED: dict[str, Any] = {
    **GOOD,
    "capacity": 1200.0,
    "net_worth_cr": 410.5,
    "investment_cr": 640.0,
    "stage_oxide_metal": True,
    "stage_metal_alloy": True,
    "stage_alloy_magnet": True,
    "dpr_submitted": True,
    "bid_security_cr": 5.0,
    "dva_pct": 62.0,
    "quoted_incentive": 1950.0,
}


def value_cells(wb: Workbook) -> dict[tuple[str, str], str]:
    """(sheet, key) -> the A1 reference of the field's value cell in the template."""
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_col=1, max_col=1):
            cell = row[0]
            spec = next((f for f in FIELDS if f.label == cell.value), None)
            if spec is not None:
                out[(ws.title, spec.key)] = f"B{cell.row}"
    return out


def form_workbook(values: Mapping[str, Any] | None = None, **overrides: Any) -> Workbook:
    """The template filled with GOOD (or `values`), then `overrides` (a value of None leaves the cell empty)."""
    data = dict(GOOD if values is None else values)
    data.update(overrides)
    wb = template_workbook()
    for (sheet, key), ref in value_cells(wb).items():
        value = data.get(key)
        if value is not None:
            wb[sheet][ref].value = value
    return wb


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def form_bytes(
    values: Mapping[str, Any] | None = None, *, edit: Callable[[Workbook], None] | None = None, **overrides: Any
) -> bytes:
    wb = form_workbook(values, **overrides)
    if edit is not None:
        edit(wb)
    return to_bytes(wb)


def table_rows(n: int = 3, **overrides: Any) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        row = dict(GOOD, bid_ref=f"REPM-{i + 1:03d}", bidder_name=f"Bidder {i + 1}", dva_pct=62)
        row.update(overrides)
        rows.append(row)
    return rows


def table_workbook(
    rows: Iterable[Mapping[str, Any]], *, sheet: str = "Bids", header_row: int = 1, keys: bool = False
) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    fields = list(FIELDS)
    for c, spec in enumerate(fields, start=1):
        ws.cell(row=header_row, column=c, value=spec.key if keys else spec.label)
    for r, row in enumerate(rows, start=header_row + 1):
        for c, spec in enumerate(fields, start=1):
            ws.cell(row=r, column=c, value=row.get(spec.key))
    return wb


def csv_text(rows: Iterable[Mapping[str, Any]], *, sep: str = ",", keys: bool = False) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow([f.key if keys else f.label for f in FIELDS])
    for row in rows:
        out = []
        for f in FIELDS:
            v = row.get(f.key)
            if isinstance(v, datetime):
                v = v.strftime("%Y-%m-%d %H:%M")
            out.append("" if v is None else v)
        writer.writerow(out)
    return buf.getvalue()


def label(key: str) -> str:
    return FIELDS_BY_KEY[key].label
