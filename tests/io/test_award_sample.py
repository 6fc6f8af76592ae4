"""The bundled sample, read from its bid forms and decisions file, through the award workbook and back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from repm_bids.domain.scheme import Scheme
from repm_bids.io.award_reader import compare_figures, expected_figures, read_figures
from repm_bids.io.award_workbook import write_award_workbook
from repm_bids.services.evaluation import run_evaluation
from repm_bids.services.samples import sample_decisions_path, sample_paths


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    run = run_evaluation(
        sample_paths(),
        scheme=Scheme(),
        decisions_path=sample_decisions_path(),
        evaluated_at=datetime(2026, 6, 30, 16, 0, tzinfo=UTC),
    )
    path = tmp_path_factory.mktemp("sample") / "award.xlsx"
    write_award_workbook(run.evaluation, path)
    return run.evaluation, path


def test_sample_round_trip(written):
    ev, path = written
    assert compare_figures(expected_figures(ev), read_figures(path)) == []


def test_every_rejection_has_a_reason_and_a_place(written):
    ev, path = written
    rows = [r for r in load_workbook(path)["Rejected"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert {r[0] for r in rows} == {o.bid_ref for o in ev.rejected()}
    for ref, _bidder, status, about, reason, file, _sheet, cell in rows:
        assert status in ("Invalid", "Non-responsive") and about and reason and file and cell, ref
    committee = [r for r in rows if r[3] == "Committee's technical decision"]
    assert committee and all(r[5] == sample_decisions_path().name and r[7].startswith("line ") for r in committee)
    assert all(r[4].startswith("The committee found the bid not technically qualified: ") for r in committee)


def test_inputs_list_the_bid_files_and_the_decisions_file(written):
    ev, path = written
    ws = load_workbook(path)["Inputs"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    kinds = {r[1] for r in rows[: len(ev.inputs)]}
    assert kinds == {"bids", "decisions"}
    assert [r[2] for r in rows[: len(ev.inputs)]] == [i.sha256 for i in ev.inputs]
