"""Acceptance checks of the award workbook (contract section 6, issue 4) found while testing the tool from outside."""

from __future__ import annotations

from datetime import UTC, datetime

import openpyxl

from repm_bids.domain.covers import seal, with_price
from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.identity import ref_key
from repm_bids.domain.scheme import PARAMS, Scheme
from repm_bids.io.award_workbook import write_award_workbook
from tests.factories import make_bid


def _parameters(path):
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Parameters"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Table")
    col = {name: i for i, name in enumerate(rows[head])}
    status = {r[col["Key"]]: r[col["Published or assumed"]] for r in rows[head + 1 :] if r[col["Key"]]}
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    return status, summary


def test_a_parameter_the_scheme_file_changed_is_not_called_published_or_an_assumed_default(tmp_path):
    # a re-bid of 2,500 MTPA with the group cap: 2,500 is not the gazette's 6,000, and "cap" is the committee's
    # choice, not the assumed default "reject_all"
    scheme = Scheme(covers=1).with_changes(total_capacity=2500, group_rule="cap")
    evaluation = evaluate([make_bid("A")], scheme, evaluated_at=datetime(2026, 6, 30, 10, 0, tzinfo=UTC))
    path = tmp_path / "award.xlsx"
    write_award_workbook(evaluation, path)
    status, summary = _parameters(path)
    assert status["total_capacity"] == "changed by the committee (default 6000, published)"
    assert status["group_rule"] == "changed by the committee (default reject_all, assumed)"
    assert status["incentive_outlay_crore"] == "published"  # unchanged defaults keep their label
    assert status["lot_seed"] == "assumed default"
    # group_rule, and covers (one cover here, for the single pass), are no longer in effect
    assert summary["Assumed defaults"] == sum(p.assumed for p in PARAMS) - 2


def test_the_default_scheme_counts_every_assumed_default(tmp_path):
    sealed = seal(make_bid("A"))  # the default scheme: two covers, the price opened from the financial cover
    prices = {ref_key("A"): with_price(sealed, 1900.0)}
    evaluation = evaluate([sealed], Scheme(), prices=prices, evaluated_at=datetime(2026, 6, 30, 10, 0, tzinfo=UTC))
    path = tmp_path / "award.xlsx"
    write_award_workbook(evaluation, path)
    status, summary = _parameters(path)
    assumed = sum(p.assumed for p in PARAMS)
    assert summary["Assumed defaults"] == assumed == sum(v == "assumed default" for v in status.values())
    assert set(status.values()) == {"published", "assumed default"}


def test_the_award_sheet_says_which_rate_is_paid_and_how_the_irel_oxide_is_shared(tmp_path):
    scheme = Scheme(covers=1, price_paid="l1_rate", irel_split="equal")
    bids = [make_bid("A", quoted_incentive=1500.0), make_bid("B", quoted_incentive=1600.0)]
    path = tmp_path / "award.xlsx"
    write_award_workbook(evaluate(bids, scheme, evaluated_at=datetime(2026, 6, 30, 10, 0, tzinfo=UTC)), path)
    texts = [c for row in openpyxl.load_workbook(path)["Award"].iter_rows(values_only=True) for c in row if c]
    assert (
        "Incentive liability = awarded MTPA × 1,000 kg × 5 years × L1's rate (₹/kg, paid to every awardee) ÷ 10^7, "
        "in ₹ crore." in texts
    )
    assert "IREL supplies 500 MTPA of NdPr oxide to the first 3 awardees, in equal shares." in texts
