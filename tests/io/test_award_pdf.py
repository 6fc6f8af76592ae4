"""Look at the award workbook as a reader would: LibreOffice prints it to PDF; the pages must be few and clean."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from repm_bids.io.award_workbook import write_award_workbook
from tests.io.test_award_helpers import HOSTILE_NAMES, sample_evaluation

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: cannot print the workbook")
def test_sample_award_workbook_prints_sanely(tmp_path):
    xlsx = tmp_path / "award.xlsx"
    write_award_workbook(sample_evaluation(), xlsx)
    profile = tmp_path / "lo-profile"  # a profile of its own, so that a running LibreOffice does not interfere
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = (tmp_path / "award.pdf").read_bytes()
    pages = pdf_pages(pdf)
    # seven sheets, each fitted to the page width; the Summary may run to a second page
    assert 7 <= pages <= 10, pages
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "award.pdf"), "-"], check=True, capture_output=True, timeout=60
        ).stdout.decode()
        assert "###" not in text  # no column too narrow for its number
        assert text.count("Confidential — REPM bid evaluation") == pages
        assert f"Page {pages} of {pages}" in text
        assert HOSTILE_NAMES[0] in text  # shown literally, not evaluated as a formula
        assert "Sign-off by the evaluation committee" in text and "Smt. Anita Sharma" in text
        assert "6,450.00" in text  # the outlay, in Indian grouping with two decimals
