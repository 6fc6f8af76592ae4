"""Text that came from a bid is stored as text, never as a formula, whatever it starts with."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from repm_bids.io.award_workbook import write_award_workbook
from tests.io.test_award_helpers import HOSTILE_NAMES, evaluation_of, form_bid, sample_bids


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    bids = sample_bids()
    # a hostile bid reference, group and a control character in a name: all still plain text
    bids.append(
        form_bid("=1+1", quoted_incentive=2120.0, capacity=600.0, net_worth_cr=200.0, group="=cmd|' /C calc'!A0")
    )
    bids.append(form_bid("R-15", quoted_incentive=2300.0, bidder_name="Bell\x07 Magnets\x00 Ltd"))
    ev = evaluation_of(bids)
    path = tmp_path_factory.mktemp("inj") / "award.xlsx"
    write_award_workbook(ev, path)
    return ev, path


def all_cells(path):
    wb = load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_bidder_names_appear_literally(written, name):
    _, path = written
    cells = [c for c in all_cells(path) if c.value == name]
    sheets = {c.parent.title for c in cells}
    assert {"Ranking", "Award", "Checks", "Summary"} <= sheets
    for c in cells:
        assert c.data_type == "s"
        assert c.quotePrefix is True


def test_no_formula_anywhere(written):
    _, path = written
    assert not [c.coordinate for c in all_cells(path) if c.data_type == "f"]
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode()


def test_hostile_reference_and_group_are_text(written):
    ev, path = written
    values = {c.value for c in all_cells(path)}
    assert "=1+1" in values and "=cmd|' /C calc'!A0" in values
    ranked = {o.bid_ref for o in ev.ranked()}
    assert "=1+1" in ranked  # it reached the Ranking and Award sheets, not only Rejected


def test_control_characters_are_replaced_not_fatal(written):
    _, path = written
    assert "Bell\ufffd Magnets\ufffd Ltd" in {c.value for c in all_cells(path)}


def test_ordinary_text_has_no_quote_prefix(written):
    _, path = written
    ordinary = [c for c in all_cells(path) if c.value == "Kalinga Rare Earth Magnets Ltd"]
    assert ordinary and not any(c.quotePrefix for c in ordinary)


def test_characters_xml_forbids_are_replaced_and_noted(tmp_path):
    """U+FFFF, U+FFFE and ESC in bid text: the workbook stays well-formed, each becomes U+FFFD and the sheet says how
    many of its cells were changed."""
    bids = sample_bids()
    bids.append(form_bid("R-16", quoted_incentive=2300.0, bidder_name="Odd\uffff Magnets\ufffe\x1b Ltd"))
    path = tmp_path / "award.xlsx"
    write_award_workbook(evaluation_of(bids), path)
    wb = load_workbook(path)  # would raise on ill-formed XML
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "Odd\ufffd Magnets\ufffd\ufffd Ltd" in values
    notes = [c.value for c in wb["Rejected"]["A"] if str(c.value).startswith("Note: in ")]
    assert notes == [
        "Note: in 1 cell of this sheet, characters a workbook cannot hold (control characters, U+FFFE, U+FFFF) "
        "were replaced by \ufffd."
    ]
    assert not [c for c in wb["Award"]["A"] if str(c.value).startswith("Note: in ")]  # R-16 is not awarded


def test_text_shaped_like_rich_text_xml_is_stored_as_typed(tmp_path):
    """XlsxWriter passes a string of the form <r>...</r> through as XML: a bidder's name of that shape must neither
    break the workbook nor inject anything into it."""
    name = '<r><t>Injected</t></r><r><t xml:space="x">&</r>'
    bids = sample_bids()
    bids.append(form_bid("R-17", quoted_incentive=2300.0, bidder_name=name))
    path = tmp_path / "award.xlsx"
    write_award_workbook(evaluation_of(bids), path)
    values = {c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row}
    assert name in values and "Injected" not in values


def test_the_one_cleaning_function_covers_what_xml_forbids():
    from repm_bids.io.award_styles import clean_text

    assert (
        clean_text("a\x00b\x08c\x0bd\x1fe\ud800f\ufffeg\uffffh") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh"
    )
    ordinary = "Tab\tand\nnew line stay; ₹ and हिन्दी stay"
    assert clean_text(ordinary) is ordinary
