"""The technical evaluation report: what the workbook is at the technical stage of two covers (the prices sealed)."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

from repm_bids.domain.clarifications import Clarification, apply_clarifications
from repm_bids.io.award_reader import compare_figures, expected_figures, read_figures
from repm_bids.io.award_workbook import TECHNICAL_SHEETS, write_award_workbook
from tests.io.test_award_helpers import evaluation_of, sample_bids, sample_scheme, technical_evaluation
from tests.io.test_award_workbook import rows_under


def test_the_technical_stage_writes_the_technical_evaluation_report(tmp_path):
    ev = technical_evaluation()
    assert ev.stage == "technical"
    path = tmp_path / "technical.xlsx"
    write_award_workbook(ev, path)
    book = load_workbook(path)
    assert tuple(book.sheetnames) == TECHNICAL_SHEETS
    summary = book["Summary"]
    assert summary["A1"].value == "Technical evaluation report"
    _, rows = rows_under(summary, "Bid reference")
    results = {r[0].value: r[2].value for r in rows}
    assert results == {o.bid_ref: o.status.label for o in ev.outcomes}
    assert results["R-01"] == "Technically qualified" and results["R-09"] == "Non-responsive"
    texts = [c.value for r in summary.iter_rows() for c in r if isinstance(c.value, str)]
    assert any("I declare that I have no conflict of interest" in t for t in texts)
    assert "Dissent, if any (member, and the grounds):" in texts
    assert "Smt. Anita Sharma" in texts
    # figures a committee signs are verified like those of the award statement
    assert compare_figures(expected_figures(ev), read_figures(path)) == []


def test_each_bid_against_each_criterion_declared_verified_required(tmp_path):
    ev = technical_evaluation()
    path = tmp_path / "technical.xlsx"
    write_award_workbook(ev, path)
    header, rows = rows_under(load_workbook(path)["Evaluation"], "Bid reference")
    assert [c.value for c in header] == [
        "Bid reference",
        "Bidder",
        "Criterion",
        "Value declared",
        "Value verified",
        "Requirement",
        "Result",
        "Remark",
    ]
    r12 = [[c.value for c in r] for r in rows if r[0].value == "R-12"]
    commissioning = next(r for r in r12 if r[2] == "Commissioning time")
    assert commissioning[3] == "30 months" and commissioning[5] == "within 24 months of the award"
    assert (
        commissioning[6] == "FAIL"
        and commissioning[7] == "Commissioning in 30 months is later than the 24 months allowed."
    )
    net_worth = next(
        r for r in [[c.value for c in r] for r in rows if r[0].value == "R-01"] if r[2] == "Net worth for the capacity"
    )
    assert net_worth[5] == "at least ₹375.00 crore for the capacity offered" and net_worth[6] == "pass"
    assert {r[6] for r in rows for r in [[c.value for c in r]]} <= {"pass", "FAIL"}  # what does not apply is left out


def test_a_verified_value_stands_beside_the_declared_one(tmp_path):
    bids = technical_evaluation().bids
    clarified = apply_clarifications(
        bids, [Clarification("R-12", "commissioning_months", "24", 24, "Revised schedule", "Letter of 1 July 2026")]
    )
    ev = evaluation_of(list(clarified), sample_scheme(covers=2))
    path = tmp_path / "technical.xlsx"
    write_award_workbook(ev, path)
    _, rows = rows_under(load_workbook(path)["Evaluation"], "Bid reference")
    row = next([c.value for c in r] for r in rows if r[0].value == "R-12" and r[2].value == "Commissioning time")
    assert row[3] == "30 months" and row[4] == "24 months" and row[6] == "pass"


def test_the_technical_report_holds_no_price(tmp_path):
    ev = technical_evaluation()
    path = tmp_path / "technical.xlsx"
    write_award_workbook(ev, path)
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    prices = {b.values["quoted_incentive"] for b in sample_bids() if b.values.get("quoted_incentive")}
    for price in prices:
        assert f"<v>{price:g}</v>" not in xml and f"{price:,.0f}" not in xml
    assert "Quote" not in xml and "Quoted incentive" not in xml and "Comparative" not in xml
