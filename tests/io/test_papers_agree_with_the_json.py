"""Every figure of the papers the committee signs, read back from the files, agrees with the JSON result: the
technical evaluation report and the award statement here (the letters of award: tests/services/test_letters.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from repm_bids.domain.report import result_json
from repm_bids.io.award_reader import read_figures
from repm_bids.io.award_workbook import write_award_workbook
from tests.io.test_award_helpers import sample_evaluation, technical_evaluation

STATUS = {
    "awarded": "Awarded",
    "partially_awarded": "Partially awarded",
    "waitlisted": "Waitlisted",
    "non_responsive": "Non-responsive",
    "invalid": "Invalid",
    "qualified": "Technically qualified",
}
AWARDED = ("awarded", "partially_awarded")

# The bid's JSON value behind each column of a table (by the column's header).
BID_COLUMNS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "Bid reference": lambda b: b["bid_ref"],
    "Rank": lambda b: b["rank"],
    "Capacity offered (MTPA)": lambda b: b["capacity_offered"],
    "Awarded (MTPA)": lambda b: b["awarded"],
    "Quote (₹/kg)": lambda b: b["quoted_incentive"],
    "Incentive liability (₹ crore)": lambda b: b["incentive_liability_crore"],
    "Incentive, most (₹ crore)": lambda b: b["incentive_liability_crore"],
    "Capital subsidy (₹ crore)": lambda b: b["capital_subsidy_crore"],
    "Total (₹ crore)": lambda b: b["incentive_liability_crore"] + b["capital_subsidy_crore"],
    "IREL oxide share (MTPA)": lambda b: b["irel_share"],
    "IREL oxide (MTPA)": lambda b: b["irel_share"],
    "Technical score": lambda b: b["technical_score"],
    "Financial score": lambda b: b["financial_score"],
    "Combined score": lambda b: b["combined_score"],
    "Status": lambda b: STATUS[b["status"]],
    "Technical result": lambda b: STATUS[b["status"]],
}


def _param(result: dict[str, Any], key: str) -> Any:
    return next(t[key] for t in result["scheme"].values() if isinstance(t, dict) and key in t)


def summary_values(r: dict[str, Any]) -> dict[str, Any]:
    """The JSON value behind each labelled figure of a Summary sheet."""
    s = r["summary"]
    total = s["incentive_liability_crore_total"]
    return {
        "Bids received": s["bids_received"],
        "Invalid": s["invalid"],
        "Non-responsive": s["non_responsive"],
        "Qualified": s["qualified"],
        "Waitlisted": sum(1 for b in r["bids"] if b["status"] == "waitlisted"),
        "Capacity on offer (MTPA)": _param(r, "total_capacity"),
        "Most beneficiaries": _param(r, "max_beneficiaries"),
        "Incentive ceiling (₹/kg)": _param(r, "incentive_ceiling"),
        "Incentive period (years)": _param(r, "incentive_years"),
        "Capacity offered by all bids (MTPA)": s["capacity_offered_total"],
        "Subscription": s["subscription_ratio"],
        "Beneficiaries": s["beneficiaries"],
        "Capacity awarded (MTPA)": s["capacity_awarded"],
        "Capacity unawarded (MTPA)": s["capacity_unawarded"],
        "Total incentive liability (₹ crore)": total,
        "Incentive outlay (₹ crore)": _param(r, "incentive_outlay_crore"),
        "Outlay remaining (₹ crore)": _param(r, "incentive_outlay_crore") - total,
        "Share of the outlay": total / _param(r, "incentive_outlay_crore"),
        "IREL NdPr oxide pool (MTPA)": _param(r, "irel_pool"),
        "IREL oxide allocated (MTPA)": sum(b["irel_share"] for b in r["bids"]),
        "Capital subsidy, most (₹ crore)": s["capital_subsidy_crore_total"],
        "Capital subsidy outlay (₹ crore)": _param(r, "capital_subsidy_outlay_crore"),
        "Total support, most (₹ crore)": s["total_support_crore"],
        "Total outlay (₹ crore)": _param(r, "total_outlay_crore"),
    }


def _l_numbers(r: dict[str, Any]) -> dict[str, str]:
    """The price order of every opened cover, from the JSON's quotes: L1 lowest; equal quotes share one."""
    priced = sorted((b["quoted_incentive"], b["bid_ref"]) for b in r["bids"] if b["quoted_incentive"] is not None)
    out: dict[str, str] = {}
    for i, (quote, ref) in enumerate(priced, 1):
        same = [out[x] for q, x in priced[: i - 1] if q == quote]
        out[ref] = same[0] if same else f"L{i}"
    return out


def json_value(r: dict[str, Any], sheet: str, label: str) -> Any:
    bids = {b["bid_ref"]: b for b in r["bids"]}
    header, _, of = label.rpartition(", ")
    if of.startswith("bid "):
        bid = bids[of[4:]]
        if header == "Price order":
            return _l_numbers(r)[bid["bid_ref"]]
        if header == "L-rank":
            return None if bid.get("l_rank") is None else f"L{bid['l_rank']}"
        return BID_COLUMNS[header](bid)
    if of == "total":
        return sum(BID_COLUMNS[header](b) for b in r["bids"] if b["status"] in AWARDED)
    return summary_values(r)[label]


def _agree(evaluation, path) -> int:
    write_award_workbook(evaluation, path)
    result = json.loads(result_json(evaluation))
    figures = read_figures(path)
    for f in figures:
        if f.label.startswith("L-rank"):
            continue  # the place by quote among qualified bids: not in the JSON (the Ranking's own column)
        expected = json_value(result, f.sheet, f.label)
        if isinstance(expected, float) or isinstance(f.value, float):
            assert f.value == pytest.approx(expected, abs=1e-6), f
        else:
            assert f.value == expected, f
    return len(figures)


def test_every_figure_of_the_award_statement_agrees_with_the_json(tmp_path):
    assert _agree(sample_evaluation(), tmp_path / "award.xlsx") > 200


def test_every_figure_of_the_technical_report_agrees_with_the_json(tmp_path):
    assert _agree(technical_evaluation(), tmp_path / "technical.xlsx") > 14
