"""An award workbook saved into the folder of bids is not read as a bids table (its Ranking sheet has a
'Bid reference' column): read, it would make every real bid a duplicate and inflate the subscription."""

from __future__ import annotations

from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from repm_bids.services.evaluation import export_award, run_evaluation
from repm_bids.services.samples import write_demo


def test_an_award_workbook_among_the_bids_is_refused_by_name_and_the_bids_are_evaluated(tmp_path):
    write_demo(tmp_path / "demo")
    bids, prices = tmp_path / "demo" / "technical", tmp_path / "demo" / "financial"
    first = run_evaluation([bids], scheme=Scheme(), prices=[prices])
    export_award(first.evaluation, bids / "award.xlsx")
    again = run_evaluation([bids], scheme=first.evaluation.scheme, prices=[prices]).evaluation
    assert again.summary.bids_received == 10
    assert [o.bid_ref for o in again.awards()] == [o.bid_ref for o in first.evaluation.awards()] != []
    assert all(o.status is not Status.INVALID or o.bid_ref == "REPM-2026-010" for o in again.outcomes)
    refused = [p for p in again.errors if p.path.endswith("award.xlsx")]
    assert len(refused) == 1 and "This is an award workbook" in refused[0].message
