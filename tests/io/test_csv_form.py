"""A bid form saved as CSV is one bid form (never a table of made-up bids named after the labels); a blank form in
the folder is a warning, not a bid."""

from __future__ import annotations

import csv
import io

from repm_bids.io.intake import read_input_bytes, read_inputs
from repm_bids.io.template import template_workbook
from tests.io.corpus import GOOD, form_workbook, to_bytes


def sheet_as_csv(ws) -> bytes:
    """What Excel's 'Save As CSV' writes for the active sheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("utf-8-sig")


def test_a_whole_form_saved_as_csv_is_one_bid():
    wb = form_workbook(dva_pct="62%")
    # one sheet holding both covers, as a bidder who copied the financial bid under the form would send
    ws = wb["Bid Form"]
    for row in wb["Financial Bid"].iter_rows(values_only=True):
        ws.append(list(row))
    bids, problems = read_input_bytes("REPM-001 Shakti.csv", sheet_as_csv(ws))
    (bid,) = bids
    assert bid.errors == ()
    assert bid.bid_ref == GOOD["bid_ref"] and bid.values["quoted_incentive"] == 1950.0
    assert bid.values["capacity"] == 1200.0
    assert bid.readings["capacity"].sheet == "REPM-001 Shakti"
    assert any("read as one bid form" in p.message for p in problems)


def test_the_technical_cover_alone_names_the_missing_sheet():
    bids, problems = read_input_bytes("bid.csv", sheet_as_csv(form_workbook(dva_pct="62%")["Bid Form"]))
    (bid,) = bids
    assert [e.field for e in bid.errors] == ["quoted_incentive"]
    assert any("'Financial Bid'" in p.message and "one sheet" in p.message for p in problems)


def test_a_blank_form_is_a_warning_not_a_bid(tmp_path):
    (tmp_path / "blank.xlsx").write_bytes(to_bytes(template_workbook()))
    (tmp_path / "bid.xlsx").write_bytes(to_bytes(form_workbook()))
    (tmp_path / "blank.csv").write_bytes(sheet_as_csv(template_workbook()["Bid Form"]))
    intake = read_inputs([tmp_path])
    assert [b.bid_ref for b in intake.bids] == [GOOD["bid_ref"]]
    blank = [p for p in intake.problems if "blank bid form" in p.message]
    assert {p.path.rsplit("/", 1)[-1] for p in blank} == {"blank.xlsx", "blank.csv"}
    assert all(p.severity.value == "warning" for p in blank)
