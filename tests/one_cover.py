"""The bundled sample as one cover, for the tests about the single pass (`[process] covers = 1`): each bid's two
covers joined in one workbook (the sheets Bid Form and Financial Bid), a scheme with one cover, the decisions."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from repm_bids.domain.scheme import Scheme
from repm_bids.io.scheme_file import write_scheme
from repm_bids.services.samples import sample_decisions_path, sample_paths, sample_price_dir

ONE_COVER = Scheme(covers=1)  # the default scheme with one cover: the single pass


def one_cover_form(technical: Path, financial: Path, target: Path) -> Path:
    """The two covers of one bid in one workbook, the financial sheet copied value by value."""
    wb = openpyxl.load_workbook(technical)
    source = openpyxl.load_workbook(financial)["Financial Bid"]
    sheet = wb.create_sheet("Financial Bid")
    for row in source.iter_rows():
        for cell in row:
            if cell.value is not None:
                copy = sheet.cell(row=cell.row, column=cell.column, value=cell.value)
                copy.number_format = cell.number_format
    wb.save(target)
    return target


def write_one_cover_sample(folder: Path) -> Path:
    """folder/bids (ten one-cover forms), folder/scheme.toml (`covers = 1`), folder/decisions.csv; returns folder."""
    bids = folder / "bids"
    bids.mkdir(parents=True, exist_ok=True)
    for technical in sample_paths():
        one_cover_form(technical, sample_price_dir() / technical.name, bids / technical.name)
    write_scheme(folder / "scheme.toml", ONE_COVER)
    (folder / "decisions.csv").write_bytes(sample_decisions_path().read_bytes())
    return folder
