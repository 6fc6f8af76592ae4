"""Legacy Excel 97-2003 workbooks (.xls, the e-procurement portal's format) are read in the worker like .xlsx.

The two files in tests/io/data were saved as .xls by LibreOffice from the corpus's bid form and bids table
(`form_bytes(bid_ref="REPM-XLS-1", bidder_name="Portal Magnetics Ltd")`, `table_workbook(table_rows(3))`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from repm_bids.domain.models import Severity
from repm_bids.io.intake import read_inputs

DATA = Path(__file__).parent / "data"


def test_bid_form_saved_as_xls_is_read():
    intake = read_inputs([DATA / "portal-form.xls"])
    assert [p for p in intake.problems if p.severity == Severity.ERROR] == []
    (bid,) = intake.bids
    assert bid.bid_ref == "REPM-XLS-1" and bid.values["bidder_name"] == "Portal Magnetics Ltd"
    assert bid.values["capacity"] == 1200.0 and bid.values["quoted_incentive"] == 1950.0
    assert bid.values["submitted_at"] == datetime(2026, 6, 29, 10, 15)
    assert bid.readings["capacity"].cell == "B14" and bid.readings["capacity"].sheet == "Bid Form"
    # an .xls does not tell its cells' number formats: a fraction in a percent-formatted cell is asked about
    assert [e.field for e in bid.errors] == ["dva_pct"] and "ambiguous" in bid.errors[0].message


def test_bids_table_saved_as_xls_is_read():
    intake = read_inputs([DATA / "portal-table.xls"])
    assert [b.bid_ref for b in intake.bids] == ["REPM-001", "REPM-002", "REPM-003"]
    assert all(b.errors == () for b in intake.bids)
    assert intake.bids[0].readings["capacity"].cell is not None


def test_old_office_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "letter.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    intake = read_inputs([path])
    assert intake.bids == []
    assert intake.problems[0].message.startswith("This is an old-format Office file that is not a readable Excel")
