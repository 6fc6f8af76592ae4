"""Hostile files: each is refused (or read) with an error naming the file; nothing leaks a local file's content;
nothing raises. Most run through the reading worker, as the application reads; the tests that change a limit
read in this process (`read_bid_bytes`, what the worker runs). Time and memory bounds are the worker's
(tests/io/test_intake_sandbox.py); no test here times anything."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repm_bids.domain.models import Bid, Problem, Severity
from repm_bids.io import safety
from repm_bids.io.intake import read_input_bytes
from repm_bids.io.intake_read import read_bid_bytes

from .corpus import SHEET_PARTS, add_part, csv_text, form_bytes, replace_in_part, rewrite_parts, table_rows

SHEET = SHEET_PARTS["Bid Form"]
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def refused(data: bytes, name: str = "evil.xlsx", *, here: bool = False) -> str:
    bids, problems = (read_bid_bytes if here else read_input_bytes)(name, data)
    assert bids == []
    assert len(problems) == 1 and problems[0].severity == Severity.ERROR and problems[0].path == name
    return problems[0].message


def test_defusedxml_is_active():
    assert safety.DEFUSED is True
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_workbooks_refused_without_defusedxml(monkeypatch):
    monkeypatch.setattr(safety, "DEFUSED", False)
    assert refused(form_bytes(), here=True) == safety.not_defused_message()
    bids, _ = read_bid_bytes("bids.csv", csv_text(table_rows(1)).encode())  # CSV needs no XML parser
    assert len(bids) == 1


def _with_doctype(data: bytes, part: str, doctype: bytes, text: bytes) -> bytes:
    def edit(name: str, body: bytes) -> bytes:
        if name != part:
            return body
        body = body.replace(b"<t>Shakti Magnetics Ltd</t>", b"<t>" + text + b"</t>")
        if body.startswith(b"<?xml"):
            end = body.index(b"?>") + 2
            return body[:end] + doctype + body[end:]
        return doctype + body

    return rewrite_parts(data, edit)


def test_entity_expansion_refused():
    lol = (
        b'<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">'
        + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(8))
        + b"]>"
    )
    message = refused(_with_doctype(form_bytes(), SHEET, lol, b"&i;"))
    assert "declares XML entities or a document type" in message and "refused as unsafe" in message


def test_external_entity_refused_without_leaking(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xxe = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://' + str(secret).encode() + b'">]>'
    bids, problems = read_input_bytes("evil.xlsx", _with_doctype(form_bytes(), SHEET, xxe, b"&x;"))
    assert bids == [] and "refused as unsafe" in problems[0].message
    assert "TOP-SECRET" not in repr(bids) + repr(problems)


def test_entity_in_shared_strings_refused():
    sst = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]><sst ' + NS + b' count="1"><si><t>&a;</t></si></sst>'
    )
    assert "declares XML entities" in refused(add_part(form_bytes(), "xl/sharedStrings.xml", sst))


def test_zip_bomb_part_too_large():
    big = b"<x/>" + b" " * (safety.MAX_MEMBER_BYTES + 10)
    message = refused(add_part(form_bytes(), "xl/bomb.xml", big))
    assert "would unpack to" in message and "possible zip bomb" in message


def test_zip_bomb_ratio():
    message = refused(add_part(form_bytes(), "xl/bomb.xml", b"\x00" * (3 * 1024 * 1024)))
    assert "compressed more than 100 to 1" in message


def test_zip_bomb_too_many_parts():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(safety.MAX_ZIP_MEMBERS + 1):
            z.writestr(f"xl/p{i}.xml", b"")
    assert "parts, more than the 1,000 allowed" in refused(buf.getvalue())


def test_zip_bomb_lying_about_its_size():
    """The declared size is small, the deflated stream is not: never unpacked beyond the declared size."""
    payload = b"<a>" + b"A" * 900_000 + b"</a>"
    data = bytearray(add_part(form_bytes(), "xl/liar.xml", payload))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/liar.xml")
    # patch the uncompressed size in the local header and in the central directory
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    pos = 0
    while True:
        pos = bytes(data).find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == b"xl/liar.xml":
            struct.pack_into("<I", data, pos + 24, 1000)
        pos += 4
    message = refused(bytes(data))
    assert "unpacks to more than its declared size" in message


def test_far_away_cell_refused_before_calamine():
    """calamine lays a sheet out densely from A1 to its last cell: A1 and XFD1048576 would need 17 billion cells."""
    data = replace_in_part(
        form_bytes(), SHEET, b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    message = refused(data)
    assert "reaches row 1,048,576 and column 16,384" in message


@pytest.mark.parametrize(
    "tag",
    [
        b'<c r = "XFD1048576"',
        b'<c\tr="XFD1048576"',
        b"<c r='XFD1048576'",
        b'<c\nr="XFD1048576"',
        b'<c cm="1" r="XFD1048576"',
    ],
)
def test_far_away_cell_written_oddly_refused(tag):
    data = replace_in_part(form_bytes(), SHEET, b'<c r="B14"', tag)
    assert "reaches row 1,048,576 and column 16,384" in refused(data)


@pytest.mark.parametrize(
    "tag",
    [
        b'<c s="1"r="XFD1048576"',  # glued to the attribute before it: calamine would take it (and abort)
        b"<c s='1'r='XFD1048576'",
        b'<c r="B14"r="XFD1048576"',
        b'<c s="1"\x0cr="XFD1048576"',  # a form feed: white space to calamine's XML parser
        b'<c r="B14" r="XFD1048576"',  # a duplicate attribute: which one would the reader take?
    ],
)
def test_sheet_that_is_not_well_formed_xml_refused(tag):
    """What a strict XML parser cannot read is refused: no reader may read it some other way."""
    data = replace_in_part(form_bytes(), SHEET, b'<c r="B14"', tag)
    assert "is not well-formed XML" in refused(data)


def test_cells_without_reference_on_a_far_row_refused():
    """Cells with no r attribute are laid out on their row's number: row 1,048,576 times 300 cells."""
    cells = b"".join(b'<c t="n"><v>1</v></c>' for _ in range(300))
    data = replace_in_part(form_bytes(), SHEET, b"</sheetData>", b'<row r="1048576">' + cells + b"</row></sheetData>")
    assert "reaches row 1,048,576" in refused(data)


def test_malformed_cell_reference_refused():
    data = replace_in_part(form_bytes(), SHEET, b'<c r="B14"', b'<c r="B14X"')
    assert "malformed cell reference" in refused(data)


def test_escaped_cell_reference_is_the_same_reference():
    """`&#66;14` is B14 to an XML parser; read or refused, never a crash."""
    data = replace_in_part(form_bytes(), SHEET, b'<c r="B14"', b'<c r="&#66;14"')
    bids, problems = read_input_bytes("bid.xlsx", data)
    assert bids or any(p.severity == Severity.ERROR for p in problems)


def test_huge_shared_string_count_refused():
    sst = b'<?xml version="1.0"?><sst ' + NS + b' count="2000000000" uniqueCount="2000000000"><si><t>a</t></si></sst>'
    assert "2,000,000,000 shared strings" in refused(add_part(form_bytes(), "xl/sharedStrings.xml", sst))


def test_encrypted_zip_member_refused():
    data = bytearray(form_bytes())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        data[pos + 8] |= 1  # the 'encrypted' flag in the central directory
        pos += 4
    assert "password-protected" in refused(bytes(data))


def test_sheet_with_no_dimension_and_many_rows_is_bounded():
    """200,000 rows of a sheet with no dimension record: only the first rows looked at."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 200_001))
    sheet = b'<?xml version="1.0"?><worksheet ' + NS + b"><sheetData>" + rows + b"</sheetData></worksheet>"
    data = rewrite_parts(form_bytes(), lambda n, b: sheet if n == SHEET else b)
    bids, problems = read_input_bytes("long.xlsx", data)
    # the technical cover holds no label any more: the financial cover's two fields are read, the rest missing
    assert len(bids) == 1 and bids[0].errors
    assert any("Only the first 1,000 rows of sheet 'Bid Form' were read" in p.message for p in problems)


def test_absurd_numbers():
    data = replace_in_part(
        form_bytes(capacity=1), SHEET, b'<c r="B14" s="8" t="n"><v>1</v>', b'<c r="B14" s="8" t="n"><v>1e400</v>'
    )
    bids, _ = read_input_bytes("bid.xlsx", data)
    assert [e.field for e in bids[0].errors] == ["capacity"]
    negative, _ = read_input_bytes("bid.xlsx", form_bytes(capacity=-1200))
    assert [e.field for e in negative[0].errors] == ["capacity"]  # a negative capacity is refused as read
    assert "negative" in negative[0].errors[0].message


# --- never raises ------------------------------------------------------------------------------------------------
VALID = form_bytes()


def _assert_contract(name: str, data: bytes) -> None:
    bids, problems = read_input_bytes(name, data)
    assert isinstance(bids, list) and isinstance(problems, list)
    assert all(isinstance(b, Bid) for b in bids) and all(isinstance(p, Problem) for p in problems)
    assert bids or any(p.severity == Severity.ERROR for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=st.sampled_from(["x.xlsx", "x.csv", "x.xlsm", "x.xls", "x.ods", "x"]))
def test_random_bytes_never_raise(data, name):
    _assert_contract(name, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=12),
    cut=st.one_of(st.none(), st.integers(0, len(VALID))),
)
def test_mutated_workbook_never_raises(flips, cut):
    data = bytearray(VALID)
    for pos, value in flips:
        data[pos] = value
    if cut is not None:
        data = data[:cut]
    _assert_contract("bid.xlsx", bytes(data))


_PARTS = sorted(zipfile.ZipFile(io.BytesIO(VALID)).namelist())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    part=st.sampled_from(_PARTS),
    how=st.sampled_from(["drop", "truncate", "garbage", "splice"]),
    junk=st.binary(max_size=200),
    at=st.integers(0, 10_000),
)
def test_mutated_zip_members_never_raise(part, how, junk, at):
    def edit(name: str, body: bytes) -> bytes | None:
        if name != part:
            return body
        if how == "drop":
            return None
        if how == "truncate":
            return body[: at % (len(body) + 1)]
        if how == "garbage":
            return junk
        i = at % (len(body) + 1)
        return body[:i] + junk + body[i:]

    _assert_contract("bid.xlsx", rewrite_parts(VALID, edit))


def test_total_unpacked_size_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_BYTES", 20_000)  # a form unpacks to about 28 KB
    message = refused(form_bytes(), here=True)
    assert "would unpack to" in message and "possible zip bomb" in message


def test_file_size_limit(monkeypatch, tmp_path):
    from repm_bids.io.intake import read_inputs

    path = tmp_path / "big.xlsx"
    path.write_bytes(form_bytes())
    monkeypatch.setattr("repm_bids.io.intake.MAX_FILE_BYTES", 1_000)
    intake = read_inputs([path])
    assert intake.bids == [] and "larger than the" in intake.problems[0].message


def test_table_rows_bounded(monkeypatch):
    monkeypatch.setattr("repm_bids.io.intake_read.MAX_TABLE_ROWS", 5)
    bids, problems = read_bid_bytes("bids.csv", csv_text(table_rows(9)).encode())
    assert len(bids) == 5 and problems[0].message == "Only the first 5 rows were read."


def test_fake_end_record_in_the_comment_is_not_trusted():
    """A second end-of-directory record hidden in the zip comment must not steer the checks to another directory."""
    data = form_bytes()
    fake = b"PK\x05\x06" + b"\x00" * 18  # an empty directory: nothing to check
    with_comment = data[:-2] + struct.pack("<H", len(fake)) + fake
    assert "zip structure is ambiguous" in refused(with_comment)


def test_zip64_refused():
    data = bytearray(form_bytes())
    at = bytes(data).rfind(b"PK\x05\x06")
    data[at:at] = b"PK\x06\x07" + b"\x00" * 16  # a ZIP64 locator before the end record
    message = refused(bytes(data))
    assert "ZIP64" in message or "damaged" in message


def test_part_names_differing_only_in_case_or_slashes_refused():
    data = add_part(form_bytes(), "XL/Worksheets/Sheet1.xml", b"<worksheet/>")
    assert "two parts named" in refused(data)
    data = add_part(form_bytes(), "xl\\worksheets\\sheet1.xml", b"<worksheet/>")
    assert "two parts named" in refused(data)


def test_sheet_hidden_under_another_name_is_still_checked():
    """The relationships may point the reader at any part: checks go by content, not by name."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'

    def edit(name: str, body: bytes) -> bytes | None:
        if name == SHEET:
            return None
        if name == "xl/_rels/workbook.xml.rels":
            return body.replace(b"worksheets/sheet1.xml", b"media/image1.png")
        return body

    sheet = rewrite_parts(form_bytes(), lambda n, b: b)
    import zipfile as _z

    body = _z.ZipFile(io.BytesIO(sheet)).read(SHEET).replace(b"</sheetData>", far)
    data = rewrite_parts(form_bytes(), edit, {"xl/media/image1.png": body})
    assert "reaches row 1,048,576 and column 16,384" in refused(data)


def test_utf16_xml_part_refused():
    data = rewrite_parts(form_bytes(), lambda n, b: b.decode("utf-8").encode("utf-16") if n == SHEET else b)
    assert "UTF-16" in refused(data)


def test_escaped_shared_string_count_is_read_as_xml_reads_it():
    sst = b'<?xml version="1.0"?><sst ' + NS + b' count="&#50;000000000"><si><t>a</t></si></sst>'
    assert "2,000,000,000 shared strings" in refused(add_part(form_bytes(), "xl/sharedStrings.xml", sst))
    sst = b'<?xml version="1.0"?><sst ' + NS + b' count="2e9"><si><t>a</t></si></sst>'
    assert "unreadable count" in refused(add_part(form_bytes(), "xl/sharedStrings.xml", sst))


VALID_CSV = csv_text(table_rows(3)).encode()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=st.integers(0, len(VALID_CSV)),
    junk=st.one_of(st.binary(max_size=40), st.text(max_size=40).map(lambda t: t.encode("utf-8"))),
    cut=st.one_of(st.none(), st.integers(0, len(VALID_CSV))),
)
def test_mutated_csv_never_raises(at, junk, cut):
    data = VALID_CSV[:at] + junk + VALID_CSV[at:]
    _assert_contract("bids.csv", data[:cut] if cut is not None else data)
