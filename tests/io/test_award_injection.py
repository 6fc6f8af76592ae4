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
