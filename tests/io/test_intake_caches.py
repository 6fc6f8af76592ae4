"""Intake keeps nothing between files: no module-level cache in the reading modules (each file is read from its
own bytes alone, and every check runs on every file); the one pass over the sheet XML lays cells out as a reader
does; and the quick paths of values.py give the reading the full reader gives."""

from __future__ import annotations

import functools
import math
import types

import pytest

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.io import intake, values
from repm_bids.io.intake_bid import raw_text
from repm_bids.io.sheet_facts import sheet_facts
from repm_bids.io.values import read_value

from .corpus import csv_text, form_bytes, table_rows, table_workbook, to_bytes

YES_NO = FIELDS_BY_KEY["dpr_submitted"]
PERCENT = FIELDS_BY_KEY["lead_equity_pct"]
NUMBER = FIELDS_BY_KEY["capacity"]
WHOLE = FIELDS_BY_KEY["commissioning_months"]
CHOICE = FIELDS_BY_KEY["bidder_type"]


@pytest.mark.parametrize(
    ("spec", "raws"),
    [
        (YES_NO, [True, 1, 1.0, "1", "yes", " Yes ", "maybe", False, 0, 0.0]),
        (PERCENT, [0.51, 51, 51.0, "51%", " 51 % ", "0.51", 1, True]),
        (NUMBER, ["1,200 MTPA", "INR 310 crore", "1.2 kt", 1200, True, "1e400"]),
        (WHOLE, [18, 18.0, 18.5, "18 months", "eighteen"]),
        (CHOICE, ["consortium", " Company", "LLP", 1]),
    ],
)
def test_readings_equal_the_full_readers_whatever_the_order(spec, raws):
    for percent_cell in (False, True):
        fresh = [values._read_value(spec, raw, percent_cell) for raw in raws]
        for _ in range(2):  # a second pass reads the same: nothing is remembered between cells
            got = [read_value(spec, raw, percent_cell=percent_cell) for raw in raws]
            assert got == fresh
            # equal values of different classes never share a reading (1, 1.0 and True are equal in Python)
            assert [type(r.value) for r in got] == [type(r.value) for r in fresh]


def test_equal_but_different_contents_keep_their_own_reading():
    assert read_value(YES_NO, True).note is None
    assert read_value(YES_NO, 1).note == "read 1 as Yes"
    assert read_value(YES_NO, True).note is None
    read_value(PERCENT, 0.0)
    negative = read_value(PERCENT, -0.0)  # -0.0 == 0.0 in Python, but each keeps its own sign
    assert negative.value == 0 and math.copysign(1, negative.value) == -1
    assert read_value(PERCENT, 0.51, percent_cell=True).value == 51
    assert read_value(PERCENT, 0.51).error is not None  # the same number without the format is ambiguous


def test_raw_text_of_numbers_by_class():
    assert [raw_text(x) for x in (1, 1.0, True, 1, True)] == ["1", "1", "TRUE", "1", "TRUE"]
    assert raw_text(-0.0) == raw_text(0.0) == "0"
    assert raw_text(float("nan")) == "nan" and raw_text(float("nan")) == "nan"
    assert raw_text("x" * 300) == "x" * 199 + "…"


READING_MODULES = [
    "intake",
    "intake_read",
    "intake_xlsx",
    "intake_bid",
    "safety",
    "sheet_facts",
    "xlsx_package",
    "form_reader",
    "table_reader",
    "sandbox",
    "sandbox_worker",
    "values",
    "number_text",
    "date_text",
    "csv_form",
    "receipts_reader",
    "decisions_reader",
]


def _modules() -> list[types.ModuleType]:
    import importlib

    return [importlib.import_module(f"repm_bids.io.{name}") for name in READING_MODULES]


def _containers() -> dict[str, int]:
    out = {}
    for module in _modules():
        for name, obj in vars(module).items():
            if isinstance(obj, dict | list | set | bytearray):
                out[f"{module.__name__}.{name}"] = len(obj)
    return out


def test_no_module_level_cache_in_the_reading_modules():
    from repm_bids.io.intake_read import read_bid_bytes

    for module in _modules():
        for name, obj in vars(module).items():
            assert not hasattr(obj, "cache_info"), f"{module.__name__}.{name} is a cache"
            assert not isinstance(obj, functools.partial | types.MethodType), f"{module.__name__}.{name}"
    before = _containers()
    files = [
        ("a.xlsx", form_bytes()),
        ("b.xlsx", form_bytes(bid_ref="REPM-2", capacity="1,000 MTPA", lead_equity_pct=0.51)),
        ("c.xlsx", to_bytes(table_workbook(table_rows(5)))),
        ("d.csv", csv_text(table_rows(4)).encode()),
        ("e.xlsx", b"PK\x03\x04 damaged"),
    ]
    for name, data in files:
        bids, problems = read_bid_bytes(name, data)
        assert bids or problems
    assert _containers() == before  # nothing module-level grew: nothing was remembered


def _extent(sheet: bytes) -> tuple[int, int]:
    facts = sheet_facts("s.xml", b'<worksheet xmlns:x="urn:x">' + sheet + b"</worksheet>", frozenset(), [])
    return facts.rows, facts.cols


@pytest.mark.parametrize(
    ("sheet", "extent"),
    [
        (b'<sheetData><row r="1"><c r="A1"/><c r="B1"/></row></sheetData>', (1, 2)),
        (b'<sheetData><row r="1"><c r="A1"/><c r="A1000"/></row></sheetData>', (1000, 1)),
        (b"<sheetData><row r=\"1\"><c r='XFD1'/></row></sheetData>", (1, 16384)),
        (b'<sheetData><row r="1"><c r = "XFD1"/></row></sheetData>', (1, 16384)),
        (b'<sheetData><row r="1"><x:c r="XFD1"/></row></sheetData>', (1, 16384)),
        (b'<sheetData><row r="1" spans="1:3"><c r="C1"/></row><dimension r="XFD1"/></sheetData>', (1, 3)),
        (b"<sheetData><row><c/><c/><c/></row></sheetData>", (1, 3)),  # no references: along the row
        (b'<sheetData><row r="7"><c/><c r="E7"/><c/></row><row><c/></row></sheetData>', (8, 6)),
        (b'<sheetData><row r="5"/><row r="900"/></sheetData>', (0, 0)),  # rows without cells lay nothing out
        (b"<sheetData/>", (0, 0)),
    ],
)
def test_sheet_extent_as_a_reader_lays_cells_out(sheet, extent):
    assert _extent(sheet) == extent


def test_cell_facts_from_the_same_pass():
    sheet = (
        b'<cols><col min="2" max="3" hidden="1"/></cols><sheetData>'
        b'<row r="2" hidden="1"><c r="A2" s="1"><v>0.5</v></c><c r="B2"><f>1+1</f></c>'
        b'<c r="C2" t="e"><v>#REF!</v></c><c r="D2"><f>A2</f><v>0.5</v></c></row></sheetData>'
    )
    facts = sheet_facts("s.xml", b"<worksheet>" + sheet + b"</worksheet>", frozenset({1}), [])
    assert facts.hidden_rows == {1} and facts.hidden_cols == {1, 2}
    assert facts.cells[(1, 0)].percent and not facts.cells[(1, 0)].formula
    assert facts.cells[(1, 1)].formula and not facts.cells[(1, 1)].saved
    assert facts.cells[(1, 2)].error == "#REF!"
    assert facts.cells[(1, 3)].formula and facts.cells[(1, 3)].saved
    assert facts.has_formulas


def test_a_folder_opened_as_a_file_is_named(tmp_path):
    problems: list = []
    assert intake._read_file(tmp_path, problems) is None
    assert problems[0].message == "This is a folder, not a file."


def test_file_read_whole(tmp_path):
    path = tmp_path / "bid.xlsx"
    data = form_bytes()
    path.write_bytes(data)
    assert intake._read_file(path, []) == data
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert intake._read_file(empty, []) == b""
