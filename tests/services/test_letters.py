"""Letters of award: one .docx per beneficiary, every figure read back and compared with the JSON result."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.indian import crore_in_words
from repm_bids.domain.letters import letter_file_names, safe_file_stem
from repm_bids.domain.report import result_dict, result_sha256
from repm_bids.domain.scheme import Scheme
from repm_bids.io.scheme_file import parse_scheme_text, scheme_toml
from repm_bids.services.evaluation import run_evaluation
from repm_bids.services.letters import LettersExist, export_letters
from repm_bids.services.samples import sample_bid_dir, sample_decisions_path, sample_price_dir
from tests.factories import make_bid
from tests.io.printed import SOFFICE, print_to_pdf, printed_pages

WHEN = datetime(2026, 7, 15, 20, 0, tzinfo=UTC)  # 16-07-2026 01:30 in India
PAPERS = """
[tender]
reference = "NIT/REPM/2026/01"
portal_id = "2026_REPM_1"
technical_opened = "2026-06-30 11:00"
financial_opened = "2026-07-15 15:00"

[committee]
competent_authority = "Secretary"
conditions = ["Commission the plant within 24 months.", "Report sales every quarter."]
"""


def sample_scheme_with_papers() -> Scheme:
    return parse_scheme_text(scheme_toml(Scheme()) + PAPERS)


@pytest.fixture(scope="module")
def sample():
    scheme = sample_scheme_with_papers()
    run = run_evaluation(
        [sample_bid_dir()],
        scheme=scheme,
        decisions_path=sample_decisions_path(),
        evaluated_at=WHEN,
        prices=[sample_price_dir()],
    )
    return run.evaluation


def _figure(text: str) -> float:
    return float(re.search(r"-?[\d,]+(?:\.\d+)?", text).group(0).replace(",", ""))


def _read(path: Path) -> tuple[dict[str, str], str]:
    d = docx.Document(str(path))
    rows = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    return rows, "\n".join(p.text for p in d.paragraphs)


def test_every_figure_of_every_letter_agrees_with_the_json(sample, tmp_path):
    paths = export_letters(sample, tmp_path / "letters")
    result = result_dict(sample)
    awarded = [b for b in result["bids"] if b["status"] in ("awarded", "partially_awarded")]
    assert len(paths) == len(awarded) == 5  # with the decisions: 005 is out, 006 partly awarded
    digest = result_sha256(sample)
    for path, bid in zip(paths, awarded, strict=True):
        assert path.name == f"letter-of-award-{bid['bid_ref']}.docx"
        rows, text = _read(path)
        assert rows["Beneficiary"] == bid["bidder_name"]
        assert rows["Bid reference"] == bid["bid_ref"]
        assert int(rows["Rank"]) == bid["rank"]
        assert _figure(rows["Capacity awarded"]) == bid["awarded"]
        if bid["status"] == "partially_awarded":
            offered = re.search(r"of the ([\d,]+) MTPA offered", rows["Capacity awarded"]).group(1)
            assert float(offered.replace(",", "")) == bid["capacity_offered"]
        assert _figure(rows["Quoted incentive"]) == bid["quoted_incentive"]
        assert rows["Quoted incentive"].startswith("₹")
        assert _figure(rows["Maximum incentive"]) == pytest.approx(bid["incentive_liability_crore"], abs=0.005)
        assert rows["Maximum incentive in words"] == crore_in_words(bid["incentive_liability_crore"])
        if bid["irel_share"]:
            assert _figure(rows["NdPr oxide from IREL"]) == pytest.approx(bid["irel_share"], abs=0.005)
        else:
            assert "NdPr oxide from IREL" not in rows
        assert digest in text
        assert "No. NIT/REPM/2026/01" in text and "Dated: 16-07-2026" in text  # the date in India, not UTC's 15th
        assert "tender ID 2026_REPM_1" in text and "30-06-2026 11:00 IST" in text and "15-07-2026 15:00 IST" in text
        assert "Commission the plant within 24 months." in text and "Report sales every quarter." in text
        assert "(Secretary)" in text
        assert "The evaluation committee met at ………… on ………… and recommended" in text  # blanks, no date made up


def test_the_sample_letters_spell_the_sample_amounts(sample, tmp_path):
    paths = export_letters(sample, tmp_path)
    rows, _ = _read(paths[0])  # 001 Bharat: 1,200 MTPA at ₹1,640/kg for 5 years
    assert rows["Capacity awarded"] == "1,200 MTPA"
    assert rows["Quoted incentive"] == "₹1,640.00 per kg"
    assert rows["Maximum incentive"] == "₹984.00 crore over 5 years"
    assert rows["Maximum incentive in words"] == "Rupees nine hundred eighty-four crore only"


def test_a_letter_says_where_and_when_the_committee_met_in_the_schemes_zone(sample, tmp_path):
    met = PAPERS.replace("[committee]", '[committee]\nmeeting_place = "Udyog Bhawan"\nmeeting_date = 2026-07-20')
    scheme = parse_scheme_text(scheme_toml(Scheme()) + met)
    paths = export_letters(dataclasses.replace(sample, scheme=scheme), tmp_path)  # the papers only: same figures
    _, text = _read(paths[0])
    assert "The evaluation committee met at Udyog Bhawan on 20-07-2026 (IST) and recommended the award." in text


def test_same_evaluation_same_bytes_and_existing_letters_are_kept(sample, tmp_path):
    first = export_letters(sample, tmp_path / "a")
    again = export_letters(sample, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    before = first[0].read_bytes()
    with pytest.raises(LettersExist):
        export_letters(sample, tmp_path / "a")
    assert first[0].read_bytes() == before
    assert export_letters(sample, tmp_path / "a", force=True) == first


def test_a_file_where_the_folder_should_be_is_refused(sample, tmp_path):
    from repm_bids.io.atomic import WriteFailed

    (tmp_path / "f").write_text("x")
    with pytest.raises(WriteFailed, match="is a file"):
        export_letters(sample, tmp_path / "f")


def test_no_award_no_letter(tmp_path):
    ev = evaluate([make_bid("R-01", quoted_incentive=9999.0)], Scheme(), evaluated_at=WHEN)
    assert export_letters(ev, tmp_path / "none") == []


def test_bid_references_that_are_not_safe_file_names_are_made_safe(tmp_path):
    refs = ["../../etc/passwd", "CON", "A/1", "Aé1", "नमस्ते", " R:07* "]  # A/1 and Aé1: two bids, one file stem
    bids = [make_bid(r, path=f"b{i}.xlsx", capacity=600.0, quoted_incentive=1500.0 + i) for i, r in enumerate(refs)]
    scheme = Scheme(covers=1, max_beneficiaries=6, total_capacity=6000)
    ev = evaluate(bids, scheme, evaluated_at=WHEN)
    paths = export_letters(ev, tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [
        "letter-of-award-etc_passwd.docx",
        "letter-of-award-_CON.docx",
        "letter-of-award-A_1.docx",
        "letter-of-award-A_1-2.docx",
        "letter-of-award-award-5.docx",
        "letter-of-award-R_07.docx",
    ]
    assert all(p.parent == tmp_path / "out" for p in paths)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert _read(paths[0])[0]["Bid reference"] == "../../etc/passwd"  # the letter still names the bid as written


def test_safe_file_stem():
    assert safe_file_stem("REPM-2026-001", "x") == "REPM-2026-001"
    assert safe_file_stem("...", "fallback") == "fallback"
    assert safe_file_stem("nul.txt", "x") == "_nul.txt"
    assert len(safe_file_stem("A" * 300, "x")) == 80
    assert letter_file_names([]) == []


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: cannot print")
def test_a_printed_letter_keeps_its_closing_with_the_name_below_it(sample, tmp_path):
    path = export_letters(sample, tmp_path)[-1]  # the partly awarded bid: the longest letter
    pages = printed_pages(print_to_pdf(path, tmp_path))
    closing = [p for p in pages if "Yours faithfully," in p.text]
    assert len(closing) == 1 and "(Secretary)" in closing[0].text  # never a name alone on a page
    assert all(p.smallest >= 9.0 for p in pages)
