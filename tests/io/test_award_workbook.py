"""Round trip: write the award workbook of a real evaluation, read it back with openpyxl, compare with the result."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

from repm_bids.domain.local_time import local_naive
from repm_bids.domain.report import result_sha256
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Committee
from repm_bids.io.award_layout import TOTAL
from repm_bids.io.award_styles import CONFIDENTIAL, CRORE, MTPA
from repm_bids.io.award_workbook import SHEETS, write_award_workbook
from tests.io.test_award_helpers import EVALUATED_AT, evaluation_of, sample_bids, sample_evaluation, sample_scheme


@pytest.fixture(scope="module")
def evaluation():
    return sample_evaluation()


@pytest.fixture(scope="module")
def book(evaluation, tmp_path_factory):
    path = tmp_path_factory.mktemp("award") / "award.xlsx"
    write_award_workbook(evaluation, path)
    return load_workbook(path)


def rows_under(ws, header: str):
    """The data rows of the table whose header row starts with `header`, until a blank row."""
    rows = list(ws.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == header)
    out = []
    for r in rows[start + 1 :]:
        if all(c.value in (None, "") for c in r):
            break
        out.append(r)
    return rows[start], out


def test_the_sample_has_every_kind_of_outcome(evaluation):
    statuses = {o.status for o in evaluation.outcomes}
    # "qualified" is the technical stage's (two covers); "withdrawn" comes after the award, on a saved evaluation
    assert statuses == set(Status) - {Status.QUALIFIED, Status.WITHDRAWN}


def test_sheets_in_order(book):
    assert book.sheetnames == list(SHEETS)


def test_award_sheet_has_one_row_per_award_and_totals(book, evaluation):
    header, rows = rows_under(book["Award"], "Rank")
    headers = [c.value for c in header]
    assert headers[:3] == ["Rank", "Bid reference", "Bidder"]
    awards = evaluation.awards()
    assert len(rows) == len(awards) + 1
    col = {h: i for i, h in enumerate(headers)}
    for row, o in zip(rows, awards):
        assert row[col["Rank"]].value == o.rank
        assert row[col["Bid reference"]].value == o.bid_ref
        assert row[col["Bidder"]].value == o.bidder_name
        assert row[col["Awarded (MTPA)"]].value == o.awarded
        assert row[col["Quote (₹/kg)"]].value == o.quoted_incentive
        assert row[col["Incentive liability (₹ crore)"]].value == pytest.approx(o.incentive_liability_crore)
        assert row[col["IREL oxide share (MTPA)"]].value == pytest.approx(o.irel_share)
        assert row[col["Status"]].value == o.status.label
        assert row[col["Awarded (MTPA)"]].number_format == MTPA
        assert row[col["Incentive liability (₹ crore)"]].number_format == CRORE
    totals = rows[-1]
    assert totals[0].value == TOTAL
    assert totals[col["Awarded (MTPA)"]].value == evaluation.summary.capacity_awarded == 5000
    assert totals[col["Incentive liability (₹ crore)"]].value == pytest.approx(
        evaluation.summary.incentive_liability_crore_total
    )
    assert totals[col["IREL oxide share (MTPA)"]].value == pytest.approx(evaluation.scheme.irel_pool)


def test_ranking_lists_every_qualified_bid_in_rank_order(book, evaluation):
    header, rows = rows_under(book["Ranking"], "Rank")
    col = {c.value: i for i, c in enumerate(header)}
    ranked = evaluation.ranked()
    assert [r[col["Bid reference"]].value for r in rows] == [o.bid_ref for o in ranked]
    assert [r[col["Rank"]].value for r in rows] == list(range(1, len(ranked) + 1))
    assert [r[col["Status"]].value for r in rows] == [o.status.label for o in ranked]
    assert [r[col["L-rank"]].value for r in rows] == [f"L{o.l_rank}" for o in ranked]
    fills = {r[col["Status"]].value: r[0].fill.fgColor.rgb for r in rows}
    assert len({fills["Awarded"], fills["Partially awarded"], fills["Waitlisted"]}) == 3
    tie = [r[col["Tie-break"]].value for r in rows if r[col["Bid reference"]].value == "R-03"][0]
    assert "capacity_desc" in tie
    legend = [c.value for r in book["Ranking"].iter_rows(max_row=5) for c in r if c.value]
    assert {"Awarded in full", "Partially awarded", "Waitlisted"} <= set(legend)


def test_rejected_sheet_gives_each_reason_with_its_cell(book, evaluation):
    header, rows = rows_under(book["Rejected"], "Bid reference")
    col = {c.value: i for i, c in enumerate(header)}
    got = [(r[col["Bid reference"]].value, r[col["Reason"]].value, r[col["Cell or line"]].value) for r in rows]
    assert {ref for ref, _, _ in got} == {o.bid_ref for o in evaluation.rejected()}
    assert ("R-08", "Quoted incentive ₹2,200/kg is above the ceiling of ₹2,150/kg.", "C24") in got
    assert ("R-13", "Net worth (INR crore) must be a number; found 'three hundred'.", "C13") in got
    # the missing integration stage is pointed at, not the first stage
    assert ("R-09", "The plant is not integrated: no alloy to magnet.", "C17") in got
    statuses = {r[col["Bid reference"]].value: r[col["Status"]].value for r in rows}
    assert statuses["R-13"] == "Invalid" and statuses["R-12"] == "Non-responsive"
    assert sum(1 for ref, _, _ in got if ref == "R-12") == 2  # commissioning and DPR


def test_checks_sheet_gives_the_figures_behind_each_result(book, evaluation):
    header, rows = rows_under(book["Checks"], "Bid reference")
    col = {c.value: i for i, c in enumerate(header)}
    assert [r[0].value for r in rows] == [o.bid_ref for o in sorted(evaluation.outcomes, key=lambda o: o.index)]
    by_ref = {r[0].value: r for r in rows}
    r01 = by_ref["R-01"]  # passed: what it offered against what was needed
    assert r01[col["Net worth (₹ crore)"]].value == 400 and r01[col["Needed (₹ crore)"]].value == 375
    assert r01[col["Checks failed, with the figures"]].value is None and not r01[0].font.b
    r12 = by_ref["R-12"]  # failed twice: each failure in a sentence with its figures, the row highlighted
    failed = r12[col["Checks failed, with the figures"]].value.split("\n")
    assert failed == [
        "Commissioning in 30 months is later than the 24 months allowed.",
        "No Detailed Project Report was submitted.",
    ]
    assert r12[col["Commissioning (months)"]].value == 30
    assert r12[0].font.b and r12[0].fill.fgColor.rgb != r01[0].fill.fgColor.rgb
    assert book["Checks"].page_setup.orientation == "landscape"


def test_inputs_and_parameters(book, evaluation):
    header, rows = rows_under(book["Inputs"], "File")
    col = {c.value: i for i, c in enumerate(header)}
    assert [r[col["SHA-256"]].value for r in rows] == [i.sha256 for i in evaluation.inputs]
    assert [r[col["Size (bytes)"]].value for r in rows] == [i.size for i in evaluation.inputs]
    assert all(isinstance(r[col["Read at (IST)"]].value, datetime) for r in rows)
    # wall-clock time in India: 5 h 30 min ahead of the recorded UTC time
    assert [r[col["Read at (IST)"]].value for r in rows] == [local_naive(i.read_at) for i in evaluation.inputs]
    header, rows = rows_under(book["Parameters"], "Table")
    col = {c.value: i for i, c in enumerate(header)}
    by_key = {r[col["Key"]].value: r for r in rows}
    assert by_key["total_capacity"][col["Value"]].value == 5000
    assert by_key["incentive_outlay_crore"][col["Published or assumed"]].value == "published"
    assert by_key["lot_seed"][col["Published or assumed"]].value == "assumed default"
    labels = {r[0].value: r[1].value for r in book["Parameters"].iter_rows() if r[0].value}
    assert labels["Evaluated at"] == "30-06-2026 17:00:00 IST"  # 11:30 UTC
    assert labels["Result SHA-256"] == result_sha256(evaluation)
    assert labels["Tool"] == "repm-bids"


def test_summary_figures_and_sign_off(book, evaluation):
    ws = book["Summary"]
    kv = {r[0].value: r[1].value for r in ws.iter_rows() if isinstance(r[0].value, str)}
    s = evaluation.summary
    assert kv["Bids received"] == 14 == s.bids_received
    assert kv["Invalid"] == 1 and kv["Non-responsive"] == 5 and kv["Qualified"] == 8
    assert kv["Capacity on offer (MTPA)"] == 5000
    assert kv["Capacity awarded (MTPA)"] == s.capacity_awarded
    assert kv["Subscription"] == pytest.approx(s.subscription_ratio)
    assert kv["Incentive outlay (₹ crore)"] == 6450
    assert kv["Total incentive liability (₹ crore)"] == pytest.approx(s.incentive_liability_crore_total)
    names = [m.name for m in evaluation.scheme.committee.members]
    assert all(n in kv for n in names)
    assert len(ws._charts) == 1
    _, waitlist = rows_under(ws, "Waitlisted bidder")
    assert [r[1].value for r in waitlist] == [o.bid_ref for o in evaluation.waitlist()]


def test_chart_is_written(tmp_path, evaluation):
    import zipfile
    from xml.etree import ElementTree as ET

    path = tmp_path / "a.xlsx"
    write_award_workbook(evaluation, path)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        root = ET.fromstring(z.read(charts[0]))
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    bars, line = root.find(f".//{c}barChart"), root.find(f".//{c}lineChart")
    assert bars is not None and line is not None
    assert bars.find(f"{c}barDir").get("val") == "col"
    values = [f.text for f in bars.iterfind(f".//{c}val//{c}f")]
    categories = [f.text for f in root.iterfind(f".//{c}cat//{c}f")]
    assert values and all(v.startswith("Summary!$D$") for v in values)  # awarded capacity from the awards table
    (first, last), *_ = [re.fullmatch(r"Summary!\$B\$(\d+):\$B\$(\d+)", f).groups() for f in categories]
    summary = load_workbook(path)["Summary"]
    refs = [summary.cell(r, 2).value for r in range(int(first), int(last) + 1)]
    assert refs == [o.bid_ref for o in evaluation.awards()]  # categories: the bid references, as text cells
    dash = [e.get("val") for e in line.iter() if e.tag.endswith("}prstDash")]
    assert dash == ["dash"]  # the cap is a dashed line across the columns
    assert root.find(f".//{c}legendPos").get("val") == "b"


def test_blank_sign_off_lines_without_a_committee(tmp_path):
    ev = evaluation_of(sample_bids(), sample_scheme(committee=Committee()))
    path = tmp_path / "a.xlsx"
    write_award_workbook(ev, path)
    ws = load_workbook(path)["Summary"]
    rows = list(ws.iter_rows())
    at = next(i for i, r in enumerate(rows) if r[0].value == "Name")
    lines = rows[at + 1 : at + 4]
    assert all(r[0].border.bottom.style == "thin" and r[4].border.bottom.style == "thin" for r in lines)
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {f"D{at + 2}:E{at + 2}", f"F{at + 2}:G{at + 2}"} <= merged  # the declaration, the signature
    assert rows[at][3].value == "No conflict of interest (sign)" and rows[at][5].value == "Signature"


def test_every_sheet_is_set_up_for_print(book, evaluation):
    digest = result_sha256(evaluation)
    for ws in book.worksheets:
        # printed at a set scale, never shrunk to fit: 100%, or down to 92% for a sheet a little wider than the page
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert ws.page_setup.scale is None or 92 <= ws.page_setup.scale <= 100
        assert ws.oddHeader.center.text == CONFIDENTIAL
        assert ws.oddFooter.center.text == "Page &P of &N"
        assert "30-06-2026 17:00:00 IST" in ws.oddFooter.left.text
        assert f"Result SHA-256 {digest[:12]}" in ws.oddFooter.right.text
        assert ws.oddFooter.right.text.endswith("Audit trail head: not saved: no audit trail")  # not from a .repm
        assert all(d.width and d.width > 3 for d in ws.column_dimensions.values())
    for name in ("Ranking", "Rejected", "Checks"):  # wider than a page: the bid is named on every page
        assert book[name].print_title_cols.startswith("$A:")
    assert book["Summary"].page_setup.orientation == "landscape"
    for name in ("Ranking", "Award", "Rejected", "Checks", "Inputs", "Parameters"):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.freeze_panes is not None
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A")
        header_row = int(ws.freeze_panes[1:]) - 1
        assert ws.print_title_rows == f"${header_row}:${header_row}"
        assert ws.cell(header_row, 1).font.b


def test_columns_fit_their_text(book):
    ws = book["Award"]
    header, rows = rows_under(ws, "Rank")
    for i, h in enumerate(header):
        width = ws.column_dimensions[h.column_letter].width
        longest = max(len(str(r[i].value)) for r in rows if r[i].value is not None)
        if h.value in ("Bid reference", "Status"):
            assert width >= longest


def test_same_evaluation_same_bytes(tmp_path, evaluation):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_award_workbook(evaluation, a)
    write_award_workbook(evaluation, b)
    assert a.read_bytes() == b.read_bytes()
    wb = load_workbook(a)
    assert wb.properties.created == wb.properties.modified == EVALUATED_AT.replace(tzinfo=None)


def test_without_an_evaluation_time(tmp_path):
    ev = evaluation_of(sample_bids(), when=None)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_award_workbook(ev, a)
    write_award_workbook(ev, b)
    assert a.read_bytes() == b.read_bytes()
    labels = {r[0].value: r[1].value for r in load_workbook(a)["Parameters"].iter_rows() if r[0].value}
    assert labels["Evaluated at"] == "not recorded"


def test_no_qualified_bid(tmp_path):
    bids = [b for b in sample_bids() if b.bid_ref in ("R-08", "R-09", "R-13")]
    ev = evaluation_of(bids)
    path = tmp_path / "none.xlsx"
    write_award_workbook(ev, path)
    wb = load_workbook(path)
    notes = {c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    assert "No capacity was awarded." in notes and "No bid qualified: nothing to rank." in notes
    assert "No bid is waitlisted." in notes


def test_liability_above_the_outlay_is_shown_with_its_sign(tmp_path):
    ev = evaluation_of(sample_bids(), sample_scheme(incentive_outlay_crore=4000))
    path = tmp_path / "over.xlsx"
    write_award_workbook(ev, path)
    ws = load_workbook(path)["Summary"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Outlay remaining (₹ crore)")
    assert row[1].value == pytest.approx(4000 - ev.summary.incentive_liability_crore_total) and row[1].value < 0
    assert row[1].number_format == "#,##0.00"  # the Indian-grouping format would drop the minus sign
    assert row[2].value.startswith("EXCEEDS the outlay by ₹812.50 crore")


def test_qcbs_scores_with_the_configured_decimals(tmp_path):
    ev = evaluation_of(sample_bids(), sample_scheme(method="qcbs", score_decimals=2))
    path = tmp_path / "qcbs.xlsx"
    write_award_workbook(ev, path)
    header, rows = rows_under(load_workbook(path)["Ranking"], "Rank")
    col = {c.value: i for i, c in enumerate(header)}
    for row, o in zip(rows, ev.ranked()):
        for name, value in (
            ("Technical score", o.technical_score),
            ("Financial score", o.financial_score),
            ("Combined score", o.combined_score),
        ):
            assert value is not None and row[col[name]].value == pytest.approx(value)
            assert row[col[name]].number_format == "0.00"
    notes = [r[0].value for r in load_workbook(path)["Summary"].iter_rows() if r[0].value == "Selection method"]
    assert notes


def test_summary_pages_break_between_blocks_not_inside_them(tmp_path):
    from tests.io.test_award_helpers import generated_bids

    ev = evaluation_of(generated_bids(3_000))
    path = tmp_path / "long.xlsx"
    write_award_workbook(ev, path)
    ws = load_workbook(path)["Summary"]
    column = [c.value for c in ws["A"]]
    row = {v: r for r, v in enumerate(column, 1) if isinstance(v, str)}
    awards = row["Awards in rank order"]
    chart = next(r for r, v in enumerate(column, 1) if str(v).startswith("Awarded capacity per beneficiary"))
    kept = [  # (first, last) rows printed on one page
        (awards, awards + column[awards:].index(TOTAL) + 1),
        (row["Financial implication"], row["Waiting list, in rank order"] - 2),
        (row["Sign-off by the evaluation committee"], ws.max_row),
    ]
    breaks = {b.id for b in ws.row_breaks.brk}
    assert {chart - 1, row["Sign-off by the evaluation committee"] - 1} <= breaks  # each on a page of its own
    for b in breaks:
        assert not any(first <= b < last for first, last in kept), b  # never inside a kept block
    assert all(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1))  # paginated alike everywhere
    more = [c.value for c in ws["A"] if str(c.value).startswith("… and ")]
    assert more == [f"… and {len(ev.waitlist()) - 25:,} more waitlisted bids, in rank order on the Ranking sheet."]


def test_page_breaks_keep_blocks_whole():
    from repm_bids.io.award_layout import SheetBuilder, page_breaks

    sb = SheetBuilder("Summary")
    for _ in range(40):
        sb.line("text")
    sb.keep.append((sb.next_row, sb.next_row + 19))  # a 20-row block starting at row 41
    for _ in range(20):
        sb.line("block")
    widths = {1: 40.0}
    small = {r: 5.0 for r in range(1, 41)}
    assert page_breaks(sb, widths, small) == []  # 40 x 5 pt + 20 x 14 pt fit one portrait page
    assert page_breaks(sb, widths, {}) == [40]  # 60 x 14 pt do not: the block starts the second page
    sb.keep.clear()
    assert page_breaks(sb, widths, {}) == []  # without a block to keep whole, the program breaks where it likes
    sb.keep.append((70, 71))  # a sheet with a block to keep: every page ends with a break of its own where it fills
    for _ in range(20):  # (49 rows of 14.25 pt), a little before the program would, so the program never shifts them
        sb.line("more")
    assert page_breaks(sb, widths, {}) == [49]  # the block, rows 70 and 71, is on the second page


def test_a_later_narrow_row_never_narrows_a_column(book):
    ws = book["Parameters"]
    header, rows = rows_under(ws, "Table")
    key_col = next(c.column_letter for c in header if c.value == "Key")
    longest = max(len(r[1].value) for r in rows)
    assert longest == len("min_investment_crore_per_unit")
    assert ws.column_dimensions[key_col].width >= longest  # the run details below did not shrink it


def test_wrapped_rows_are_tall_enough():
    from repm_bids.io.award_layout import wrapped_lines

    assert wrapped_lines("Awarded", 10) == 1
    assert wrapped_lines("/committee/bids/REPM-2026-004 Coromandel Magnetics.xlsx", 40) == 2  # wraps at the space
    assert wrapped_lines("x" * 120, 50) == 2  # one long word breaks within itself (60 x a line)
    assert wrapped_lines("x" * 121, 50) == 3
    assert wrapped_lines("Capacity offered 1,300 MTPA is above the cap of 1,200 MTPA.", 28, bold=True) == 2
    assert wrapped_lines("first line\nsecond line", 50) == 2


def test_a_negative_crore_amount_keeps_its_sign_and_indian_grouping():
    from repm_bids.io.award_styles import NUMBER_FORMATS, negative_crore_style

    # one section only, so every program prints the minus sign; the commas fall where the lakh and the crore do
    # (printed by LibreOffice: -1,43,467.22 and -1,23,45,678.90)
    assert NUMBER_FORMATS[negative_crore_style(-143_467.22)] == r"##\,##\,##0.00"
    assert NUMBER_FORMATS[negative_crore_style(-12_345_678.9)] == r"##\,##\,##\,##0.00"
    assert NUMBER_FORMATS[negative_crore_style(-812.5)] == "#,##0.00"
    assert all(";" not in NUMBER_FORMATS[negative_crore_style(-v)] for v in (1.0, 1e5, 1e7, 1e9))


def _summary_text(ev, tmp_path):
    path = tmp_path / "statement.xlsx"
    write_award_workbook(ev, path)
    ws = load_workbook(path)["Summary"]
    return ws, [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]


def test_the_statement_shows_the_financial_implication_in_figures_and_words(tmp_path):
    from repm_bids.domain.indian import crore, crore_in_words

    ev = sample_evaluation()
    ws, texts = _summary_text(ev, tmp_path)
    header, rows = rows_under(ws, "Awardee")
    col = {c.value: i for i, c in enumerate(header)}
    awards = ev.awards()
    assert [r[col["Bid reference"]].value for r in rows[:-1]] == [o.bid_ref for o in awards]
    for r, o in zip(rows, awards):
        assert r[col["Incentive, most (₹ crore)"]].value == pytest.approx(o.incentive_liability_crore)
        assert r[col["Capital subsidy (₹ crore)"]].value == pytest.approx(o.capital_subsidy_crore)
        assert r[col["Total (₹ crore)"]].value == pytest.approx(o.incentive_liability_crore + o.capital_subsidy_crore)
    total = ev.summary.incentive_liability_crore_total + ev.summary.capital_subsidy_crore_total
    assert rows[-1][0].value == TOTAL and rows[-1][col["Total (₹ crore)"]].value == pytest.approx(total)
    kv = {r[0].value: r[1].value for r in ws.iter_rows() if isinstance(r[0].value, str)}
    assert kv["Capital subsidy, most (₹ crore)"] == pytest.approx(ev.summary.capital_subsidy_crore_total)
    assert kv["Capital subsidy outlay (₹ crore)"] == ev.scheme.capital_subsidy_outlay_crore
    assert kv["Total support, most (₹ crore)"] == pytest.approx(total)
    assert kv["Total outlay (₹ crore)"] == ev.scheme.total_outlay_crore
    assert f"Total, {crore(total)}: {crore_in_words(total)}." in texts
    assert any(t.startswith("Capital subsidy, ₹") and "crore" in t and t.endswith("only.") for t in texts)


def test_the_statement_names_the_tender_and_has_room_to_dissent_and_approve(tmp_path):
    from datetime import datetime as dt

    from repm_bids.domain.scheme_documents import Tender

    scheme = sample_scheme(tender=Tender(reference="MHI/REPM/2026/01", technical_opened=dt(2026, 6, 29, 11, 0)))
    ev = evaluation_of(sample_bids(), scheme)
    ws, texts = _summary_text(ev, tmp_path)
    kv = {r[0].value: r[1].value for r in ws.iter_rows() if isinstance(r[0].value, str)}
    assert kv["Tender (NIT) reference"] == "MHI/REPM/2026/01"
    assert kv["Technical covers opened"] == "29-06-2026 11:00 IST"
    assert kv["Committee met on (date, IST)"] in (None, "")  # a line to write the date on, no date made up
    assert any("I declare that I have no conflict of interest" in t for t in texts)
    assert "Dissent, if any (member, and the grounds):" in texts
    assert any(t.startswith("Approval of ") for t in texts)
    assert not any(t.startswith("PROVISIONAL") for t in texts)


def test_the_statement_and_the_technical_report_say_when_the_committee_met(tmp_path):
    from datetime import datetime as dt

    from repm_bids.domain.covers import seal
    from repm_bids.domain.scheme_documents import Tender

    committee = Committee(meeting_place="Udyog Bhawan", meeting_date=dt(2026, 7, 20, 11, 0))
    scheme = sample_scheme(tender=Tender(reference="X"), committee=committee)
    technical = evaluation_of([seal(b) for b in sample_bids()], scheme.with_changes(covers=2))
    for ev in (evaluation_of(sample_bids(), scheme), technical):
        ws, _ = _summary_text(ev, tmp_path)
        kv = {r[0].value: r[1].value for r in ws.iter_rows() if isinstance(r[0].value, str)}
        assert kv["Committee met at"] == "Udyog Bhawan"
        assert kv["Committee met on"] == "20-07-2026 11:00 IST"


def test_a_provisional_result_says_so_at_the_top(tmp_path):
    ev = evaluation_of(sample_bids(), sample_scheme(abnormally_low=0.9))
    assert ev.summary.provisional
    ws, texts = _summary_text(ev, tmp_path)
    first = [r[0].value for r in ws.iter_rows(max_row=6)]
    assert any(isinstance(v, str) and v.startswith("PROVISIONAL RESULT") for v in first)
    assert any("PENDING" in t for t in texts)


def test_every_sheet_is_protected_without_a_password(book):
    for ws in book.worksheets:
        assert ws.protection.sheet and not ws.protection.password
