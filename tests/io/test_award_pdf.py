"""Look at the award workbook as a reader would: LibreOffice prints it to PDF on A4; every text on every page must be
at least 9 points, every page must say which page it is and which result it shows."""

from __future__ import annotations

import re

import pytest

from repm_bids.domain.report import result_sha256
from repm_bids.io.award_workbook import SHEETS, write_award_workbook
from tests.io.printed import SOFFICE, print_to_pdf, printed_pages
from tests.io.test_award_helpers import HOSTILE_NAMES, evaluation_of, generated_bids, sample_evaluation

needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: cannot print")
A4 = (595.3, 841.9)


def _print(evaluation, tmp_path):
    book = tmp_path / "award.xlsx"
    write_award_workbook(evaluation, book)
    return printed_pages(print_to_pdf(book, tmp_path))


def _check_pages(pages, digest):
    n = len(pages)
    for p in pages:
        assert p.smallest >= 9.0, f"page {p.number}: {p.smallest} pt ({p.sizes[p.smallest]!r})"
        assert sorted((round(p.width, 1), round(p.height, 1))) == sorted(A4)
        assert f"Page {p.number} of {n}" in p.text
        assert f"Result SHA-256 {digest[:12]}" in p.text
        assert "Confidential — REPM bid evaluation" in p.text
        assert "###" not in p.text  # no column too narrow for its number


@pytest.mark.slow
@needs_office
def test_sample_award_workbook_prints_at_a_readable_size(tmp_path):
    ev = sample_evaluation()
    pages = _print(ev, tmp_path)
    _check_pages(pages, result_sha256(ev))
    assert len(SHEETS) <= len(pages) <= 30, len(pages)
    text = "\n".join(p.text for p in pages)
    assert HOSTILE_NAMES[0] in text  # shown literally, not evaluated as a formula
    assert "Sign-off by the evaluation committee" in text and "Smt. Anita Sharma" in text
    assert "6,450.00" in text  # the outlay, with two decimals
    # the chart has a page of its own: its title and nothing of the tables around it
    chart = [p for p in pages if "Awarded capacity per beneficiary" in p.text]
    assert len(chart) == 1 and "Awards in rank order" not in chart[0].text and "Sign-off" not in chart[0].text


@pytest.mark.slow
@needs_office
def test_a_thousand_bids_print_at_a_readable_size_with_indian_grouping(tmp_path):
    ev = evaluation_of(generated_bids(1_000))
    pages = _print(ev, tmp_path)
    _check_pages(pages, result_sha256(ev))
    summary = "\n".join(p.text for p in pages[:2])  # the capacity section is on the first or the second page
    total = ev.summary.capacity_offered_total
    assert total >= 100_000  # so that the lakh grouping shows
    from repm_bids.domain.indian import indian_number

    assert indian_number(total) in summary and f"{total:,.0f}" not in summary


@pytest.mark.slow
@needs_office
def test_the_technical_evaluation_report_prints_at_a_readable_size(tmp_path):
    from tests.io.test_award_helpers import technical_evaluation

    ev = technical_evaluation()
    pages = _print(ev, tmp_path)
    _check_pages(pages, result_sha256(ev))
    text = "\n".join(p.text for p in pages)
    assert "Technical evaluation report" in pages[0].text and "Each bid against each criterion" in text
    assert "No conflict of interest (sign)" in text and "Smt. Anita Sharma" in text
    assert len(pages) <= 35, len(pages)


@pytest.mark.slow
@needs_office
def test_a_long_technical_evaluation_report_prints_readably_with_its_header_on_every_page(tmp_path):
    """120 generated bids (about 110 pages, printed in seconds; 1,000 bids print the same pages over 800 pages and
    take minutes, see docs/award-workbook.md): the results table on the Summary runs over several pages, each
    starting with the table's header; the sign-off page has none."""
    from tests.io.test_award_helpers import technical_evaluation

    ev = technical_evaluation(generated_bids(120))
    pages = _print(ev, tmp_path)
    _check_pages(pages, result_sha256(ev))
    sign_off = next(i for i, p in enumerate(pages) if "Sign-off by the evaluation committee" in p.text)
    results = [p for p in pages[:sign_off] if "G-000" in p.text]  # the Summary's pages before the sign-off
    assert len(results) >= 3
    for p in results:
        assert all(h in p.text for h in ("Bid reference", "Technical result", "Criteria failed")), p.number
    shown = {ref for p in results for ref in re.findall(r"G-\d{6}", p.text)}
    assert shown == {f"G-{i:06d}" for i in range(1, 121)}  # every bid, none lost at a page break
    assert "Criteria failed" not in pages[sign_off].text  # no table header above the signatures
