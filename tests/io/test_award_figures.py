"""expected_figures / read_figures / compare_figures: the check behind `repm-bids verify AWARD.xlsx E.repm`."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from repm_bids.io.award_reader import Figure, compare_figures, expected_figures, read_figures
from repm_bids.io.award_workbook import write_award_workbook
from tests.io.test_award_helpers import evaluation_of, generated_bids, sample_bids, sample_evaluation


@pytest.fixture(scope="module")
def evaluation():
    return sample_evaluation()


@pytest.fixture
def award(tmp_path, evaluation):
    path = tmp_path / "award.xlsx"
    write_award_workbook(evaluation, path)
    return path


def test_round_trip_matches(award, evaluation):
    expected = expected_figures(evaluation)
    actual = read_figures(award)
    assert [(f.sheet, f.cell, f.label) for f in actual] == [(f.sheet, f.cell, f.label) for f in expected]
    assert compare_figures(expected, actual) == []  # values equal (floats to 16 significant digits, as stored)


def test_expected_figures_cover_the_three_sheets(evaluation):
    figures = expected_figures(evaluation)
    by_sheet = {s: [f for f in figures if f.sheet == s] for s in ("Summary", "Ranking", "Award")}
    assert all(by_sheet.values())
    labels = {f.label: f for f in figures}
    r01 = evaluation.outcome_for("R-01")
    assert labels["Awarded (MTPA), bid R-01"].value == r01.awarded
    assert labels["Awarded (MTPA), total"].value == evaluation.summary.capacity_awarded
    assert labels["Bids received"].value == evaluation.summary.bids_received
    assert labels["Status, bid R-05"].value == "Partially awarded"
    ranking = [f for f in by_sheet["Ranking"] if f.label.startswith("Bid reference, ")]
    assert [f.value for f in ranking] == [o.bid_ref for o in evaluation.ranked()]
    assert len({(f.sheet, f.cell) for f in figures}) == len(figures)  # each cell once


def tamper(path, sheet, cell, value):
    wb = load_workbook(path)
    wb[sheet][cell].value = value
    wb.save(path)


def test_a_tampered_award_is_named(award, evaluation):
    expected = expected_figures(evaluation)
    target = next(f for f in expected if f.sheet == "Award" and f.label == "Awarded (MTPA), bid R-05")
    tamper(award, "Award", target.cell, 1000)
    diffs = compare_figures(expected, read_figures(award))
    assert diffs == [f"Award!{target.cell} (Awarded (MTPA), bid R-05): workbook 1000, evaluation 700"]


def test_a_tampered_summary_total_and_status_are_named(award, evaluation):
    expected = expected_figures(evaluation)
    liability = next(f for f in expected if f.label == "Total incentive liability (₹ crore)")
    status = next(f for f in expected if f.sheet == "Ranking" and f.label == "Status, bid R-06")
    tamper(award, "Summary", liability.cell, 4000.0)
    tamper(award, "Ranking", status.cell, "Awarded")
    diffs = compare_figures(expected, read_figures(award))
    assert len(diffs) == 2
    assert diffs[0].startswith(f"Summary!{liability.cell} (Total incentive liability (₹ crore)): workbook 4000, ")
    assert diffs[1] == f'Ranking!{status.cell} (Status, bid R-06): workbook "Awarded", evaluation "Waitlisted"'


def test_a_swapped_bid_reference_is_named(award, evaluation):
    expected = expected_figures(evaluation)
    ref = next(f for f in expected if f.sheet == "Award" and f.label == "Bid reference, bid R-02")
    tamper(award, "Award", ref.cell, "R-99")
    diffs = compare_figures(expected, read_figures(award))
    assert diffs == [f'Award!{ref.cell} (Bid reference, bid R-02): workbook "R-99", evaluation "R-02"']


def test_a_deleted_row_and_a_missing_sheet(award, evaluation):
    expected = expected_figures(evaluation)
    wb = load_workbook(award)
    ws = wb["Ranking"]
    last = max(int(f.cell.lstrip("ABCDEFGHIJKLMN")) for f in expected if f.sheet == "Ranking")
    ws.delete_rows(last)
    del wb["Award"]
    wb.save(award)
    diffs = compare_figures(expected, read_figures(award))
    assert diffs[0] == "Award: the sheet or its figures are missing from the workbook."
    assert any("missing from the workbook, evaluation" in d and f"!A{last} " in d for d in diffs)


def test_a_different_evaluation_does_not_match(award):
    other = evaluation_of(generated_bids(30))
    assert compare_figures(expected_figures(other), read_figures(award))


def test_compare_rules():
    e = [
        Figure("Award", "E7", "Awarded (MTPA), bid R-03", 900.0),
        Figure("Award", "B7", "Bid reference, bid R-03", "R-03"),
    ]
    assert compare_figures(e, [Figure("Award", "E7", "x", 900), Figure("Award", "B7", "x", "R-03")]) == []
    assert compare_figures(e, [Figure("Award", "E7", "x", 1000), Figure("Award", "B7", "x", "R-03")]) == [
        "Award!E7 (Awarded (MTPA), bid R-03): workbook 1000, evaluation 900"
    ]
    extra = Figure("Award", "E8", "Awarded (MTPA), bid R-04", 600)
    assert compare_figures(e, [*e, extra]) == [
        "Award!E8 (Awarded (MTPA), bid R-04): workbook 600, not in the evaluation"
    ]
    assert compare_figures([Figure("Award", "F7", "Quote", None)], [Figure("Award", "F7", "Quote", "")]) == []


def test_larger_evaluation_round_trip(tmp_path):
    ev = evaluation_of(generated_bids(2_000))
    path = tmp_path / "big.xlsx"
    write_award_workbook(ev, path)
    expected = expected_figures(ev)
    assert len(expected) > 10_000
    assert compare_figures(expected, read_figures(path)) == []


def test_figures_round_trip_when_nothing_qualified(tmp_path):
    bids = [b for b in sample_bids() if b.bid_ref in ("R-08", "R-09", "R-13")]
    ev = evaluation_of(bids)
    path = tmp_path / "none.xlsx"
    write_award_workbook(ev, path)
    expected = expected_figures(ev)
    assert not [f for f in expected if ", bid " in f.label and f.sheet != "Comparative statement"]
    # the prices opened are compared all the same, the one above the ceiling included
    opened = {f.label: f.value for f in expected if f.sheet == "Comparative statement"}
    assert opened["Price order, bid R-09"] == "L1" and opened["Price order, bid R-08"] == "L3"
    assert opened["Status, bid R-08"] == "Non-responsive"
    assert compare_figures(expected, read_figures(path)) == []


def test_unreadable_award_files_give_a_sentence(tmp_path):
    from repm_bids.io.award_reader import UnreadableAward

    with pytest.raises(UnreadableAward, match="there is no such file"):
        read_figures(tmp_path / "missing.xlsx")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(UnreadableAward, match="not an Excel workbook"):
        read_figures(fake)


def test_a_workbook_without_the_sheets_has_no_figures(tmp_path, evaluation):
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    assert read_figures(other) == []
    diffs = compare_figures(expected_figures(evaluation), [])
    assert diffs == [
        f"{s}: the sheet or its figures are missing from the workbook."
        for s in ("Summary", "Comparative statement", "Ranking", "Award")
    ]


def test_a_zip_bomb_is_refused_before_parsing(tmp_path, monkeypatch):
    import zipfile

    from repm_bids.io import award_reader
    from repm_bids.io.award_reader import UnreadableAward

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    monkeypatch.setattr(award_reader, "MAX_UNCOMPRESSED", 1_000_000)  # the real limit is 1 GiB
    with pytest.raises(UnreadableAward, match="more than an award workbook can hold"):
        read_figures(bomb)
