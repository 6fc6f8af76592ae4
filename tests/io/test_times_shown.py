"""No time in the award workbook is UTC unless the scheme says so: the committee signs the paper with India's date."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

from repm_bids.domain.scheme import Scheme
from repm_bids.domain.scheme_documents import Tender
from repm_bids.io.award_workbook import write_award_workbook
from repm_bids.services.evaluation import run_evaluation
from repm_bids.services.samples import sample_bid_dir

LATE = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)  # already 2 December in India


def _workbook_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_the_sample_workbook_shows_india_time(tmp_path):
    ev = run_evaluation([sample_bid_dir()], scheme=Scheme(), evaluated_at=LATE).evaluation
    book = tmp_path / "award.xlsx"
    write_award_workbook(ev, book)
    text = _workbook_text(book)
    assert "UTC" not in text
    assert "02-12-2026 02:30:00 IST" in text  # footer and Parameters
    assert "Read at (IST)" in text


def test_a_scheme_kept_in_utc_says_utc(tmp_path):
    scheme = Scheme(tender=Tender(time_zone="UTC"))
    ev = run_evaluation([sample_bid_dir()], scheme=scheme, evaluated_at=LATE).evaluation
    book = tmp_path / "award.xlsx"
    write_award_workbook(ev, book)
    text = _workbook_text(book)
    assert "01-12-2026 21:00:00 UTC" in text and "Read at (UTC)" in text and "IST" not in text
