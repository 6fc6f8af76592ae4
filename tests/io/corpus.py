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
    # optional fields the clean form leaves blank
    "eligible_investment_cr": None,
    "bid_security_form": None,
    "bid_security_valid_until": None,
    "land_border_registered": None,
    "land_border_reference": None,
    "not_debarred": None,
    "consortium_members": None,
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


# --- editing the package itself (what openpyxl cannot write: saved formula results, error cells, odd parts) -------
SHEET_PARTS = {"Bid Form": "xl/worksheets/sheet1.xml", "Financial Bid": "xl/worksheets/sheet2.xml"}


def rewrite_parts(data: bytes, edit: Callable[[str, bytes], bytes | None], extra: Mapping[str, bytes] = ()) -> bytes:
    """A copy of a zip package with each part passed through `edit(name, body)` (None drops it) and `extra` added."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = edit(info.filename, src.read(info))
            if body is not None:
                dst.writestr(info.filename, body)
        for name, body in dict(extra).items():
            dst.writestr(name, body)
    return out.getvalue()


def add_part(data: bytes, name: str, body: bytes) -> bytes:
    return rewrite_parts(data, lambda n, b: b, {name: body})


def replace_in_part(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    def edit(name: str, body: bytes) -> bytes:
        if name == part:
            assert old in body, (part, old)
            return body.replace(old, new)
        return body

    return rewrite_parts(data, edit)


def with_formula(data: bytes, sheet: str, ref: str, formula: str, cached: str | None, kind: str | None = None) -> bytes:
    """Make cell `ref` a formula with the given saved result (None: no saved result; kind 'e': an error result)."""
    import re

    part = SHEET_PARTS[sheet]

    def edit(name: str, body: bytes) -> bytes:
        if name != part:
            return body
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"([^>]*?)(/>|>.*?</c>)', re.DOTALL)
        m = pattern.search(body)
        assert m, ref
        attrs = re.sub(rb'\s*t="[^"]*"', b"", m.group(1))
        if kind:
            attrs += b' t="' + kind.encode() + b'"'
        inner = b"<f>" + formula.encode() + b"</f>" + (b"<v>" + cached.encode() + b"</v>" if cached else b"<v />")
        return body[: m.start()] + b'<c r="' + ref.encode() + b'"' + attrs + b">" + inner + b"</c>" + body[m.end() :]

    return rewrite_parts(data, edit)
