"""What intake remembers across files to read a batch fast (readings, raw text, zip records, shared parts) never
changes what a file gives, and every check still runs on every file."""

from __future__ import annotations

import io
import math
import zipfile

import pytest

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.io import intake, safety, values
from repm_bids.io.intake_bid import raw_text
from repm_bids.io.values import read_value

from .corpus import form_bytes

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
def test_cached_readings_equal_fresh_ones_whatever_the_order(spec, raws):
    for percent_cell in (False, True):
        fresh = [values._read_value(spec, raw, percent_cell) for raw in raws]
        for _ in range(2):  # the first pass fills the cache, the second reads from it
            got = [read_value(spec, raw, percent_cell=percent_cell) for raw in raws]
            assert got == fresh
            # equal values of different classes never share a reading (1, 1.0 and True are equal in Python)
            assert [type(r.value) for r in got] == [type(r.value) for r in fresh]


def test_equal_but_different_contents_keep_their_own_reading():
    assert read_value(YES_NO, True).note is None
    assert read_value(YES_NO, 1).note == "read 1 as Yes"
    assert read_value(YES_NO, True).note is None
    read_value(PERCENT, 0.0)
    negative = read_value(PERCENT, -0.0)  # zero is not cached: -0.0 == 0.0 in Python
    assert negative.value == 0 and math.copysign(1, negative.value) == -1
    assert read_value(PERCENT, 0.51, percent_cell=True).value == 51
    assert read_value(PERCENT, 0.51).error is not None  # the same number without the format is ambiguous


def test_raw_text_of_numbers_by_class():
    assert [raw_text(x) for x in (1, 1.0, True, 1, True)] == ["1", "1", "TRUE", "1", "TRUE"]
    assert raw_text(-0.0) == raw_text(0.0) == "0"
    assert raw_text(float("nan")) == "nan" and raw_text(float("nan")) == "nan"
    assert raw_text("x" * 300) == "x" * 199 + "…"


def _rewrite(data: bytes, name: str, change) -> bytes:
    """The same package with one part's compressed bytes changed in place (directory records untouched)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    off = info.header_offset
    start = (
        off
        + 30
        + int.from_bytes(data[off + 26 : off + 28], "little")
        + int.from_bytes(data[off + 28 : off + 30], "little")
    )
    raw = bytearray(data[start : start + info.compress_size])
    change(raw)
    return data[:start] + bytes(raw) + data[start + info.compress_size :]


def test_a_shared_part_is_reused_only_for_the_very_same_bytes():
    good = form_bytes()
    safety.open_zip(good)  # the template's shared parts are now remembered
    # same directory record (name, CRC, sizes), other compressed bytes: unpacked and checked again
    bad = _rewrite(good, "xl/styles.xml", lambda raw: raw.__setitem__(len(raw) // 2, raw[len(raw) // 2] ^ 0xFF))
    with pytest.raises(safety.Refused, match="styles.xml"):
        safety.open_zip(bad)
    assert safety.open_zip(good).parts["xl/styles.xml"]  # and the good one still reads


def test_directory_records_are_checked_on_every_file():
    good = form_bytes()
    safety.open_zip(good)
    safety.open_zip(good)  # records decoded once and remembered
    clipped = good[: len(good) - 30]  # the end record is gone: the remembered records do not help
    with pytest.raises(safety.Refused):
        safety.open_zip(clipped)


@pytest.mark.parametrize(
    ("sheet", "extent"),
    [
        (b'<sheetData><row r="1"><c r="A1"/><c r="B1"/></row></sheetData>', (999, 702)),
        (b'<sheetData><row r="1"><c r="A1" r="XFD1048576"/></row></sheetData>', (1048576, 16384)),
        (b'<sheetData><row r="1"><c s="1" r="XFD1048576"/></row></sheetData>', (1048576, 16384)),
        (b'<sheetData><row r="1"><c\tr="XFD1048576"/></row></sheetData>', (1048576, 16384)),
        (b'<sheetData><row r="1"><c r="A1"/><c r="A1000"/></row></sheetData>', (1000, 1)),
        (b"<sheetData><row r=\"1\"><c r='XFD1'/></row></sheetData>", (1, 16384)),
        (b'<sheetData><row r="1"><c r = "XFD1"/></row></sheetData>', (1, 16384)),
        (b'<sheetData><row r="1"><x:c r="XFD1"/></row></sheetData>', (1, 16384)),
        (b'<sheetData><row r="1" spans="1:3"><c r="C1"/></row><dimension r="XFD1"/></sheetData>', (1, 16384)),
        (b"<sheetData><row><c/><c/><c/></row></sheetData>", (2, 4)),
        (b"<sheetData/>", (0, 0)),
    ],
)
def test_sheet_extent_fast_path_only_for_plain_references(sheet, extent):
    assert safety.sheet_extent(sheet) == extent


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


def test_what_is_remembered_stays_small_whatever_the_file():
    from repm_bids.io import form_reader, intake_xlsx

    long_name = "xl/" + "n" * 5000 + ".xml"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(long_name, b"<x/>")
    safety.open_zip(buf.getvalue())
    assert all(len(record) <= 46 + 200 for record in safety._ENTRIES)
    assert long_name not in safety._FOLDED
    blob = b' r="A1"' + b' x="1"' * 100
    before = intake_xlsx._short_attrs.cache_info()
    assert intake_xlsx._attrs(blob)["r"] == "A1"
    after = intake_xlsx._short_attrs.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)  # a long tag is parsed, not remembered
    text = "Bid reference" + " " * 300
    assert form_reader.label_of(text) is None and text not in form_reader._LABELS
    assert form_reader.normalised(text) == "bidreference"


def test_parts_remembered_by_content_are_small_ones():
    from repm_bids.io import intake_xlsx

    big_styles = b"<styleSheet>" + b" " * (300 * 1024) + b"</styleSheet>"
    before = intake_xlsx._cached_percent_styles.cache_info().currsize
    assert intake_xlsx.percent_styles(big_styles) == frozenset()
    assert intake_xlsx._cached_percent_styles.cache_info().currsize == before
    safety.open_zip(form_bytes())
    assert all(len(raw) <= 64 * 1024 and len(body) <= 64 * 1024 for raw, body in safety._UNPACKED.values())
