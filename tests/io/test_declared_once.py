"""The scheme file's comments, the workbook's Parameters sheet, the result tables' headings and the workbook's status
fills are all made from one declaration each (domain.scheme.PARAMS, domain.labels, domain.palette)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from repm_bids.domain import labels as L
from repm_bids.domain import palette
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import PARAMS
from repm_bids.io.award_styles import FILLS
from repm_bids.io.award_summary import SUMMARY_AWARDS
from repm_bids.io.award_tables import AWARD, RANKING
from repm_bids.io.award_workbook import write_award_workbook
from repm_bids.io.scheme_file import scheme_toml
from tests.io.test_award_helpers import evaluation_of, sample_bids
from tests.io.test_award_workbook import rows_under


@pytest.fixture(scope="module")
def parameters_sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("declared") / "award.xlsx"
    write_award_workbook(evaluation_of(sample_bids()), path)
    header, rows = rows_under(load_workbook(path)["Parameters"], "Table")
    col = {c.value: i for i, c in enumerate(header)}
    return {r[col["Key"]].value: {name: r[i].value for name, i in col.items()} for r in rows}


def test_every_key_of_the_scheme_file_is_commented_from_its_declaration():
    lines = scheme_toml().splitlines()
    for info in PARAMS:
        at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{info.key} =") or ln == f"[{info.name}]")
        comment = " ".join(ln[2:] for ln in lines[at - 2 : at])
        unit = f" ({info.unit})" if info.unit else ""
        assert comment.startswith(f"{info.title}: {info.meaning}{unit}."), info.key
        assert f"Source: {info.source} [" in comment, info.key
        assert ("[ASSUMED default]" in comment) == info.assumed, info.key
        if info.rule():
            assert f"Must be {info.rule()}" in comment, info.key


def test_every_row_of_the_parameters_sheet_is_its_declaration(parameters_sheet):
    assert list(parameters_sheet) == [p.key for p in PARAMS]
    for info in PARAMS:
        row = parameters_sheet[info.key]
        assert row["Table"] == info.table
        assert row["Parameter"] == info.title
        assert row["Meaning"] == info.meaning
        assert (row["Unit"] or "") == info.unit
        assert row["Source"] == info.source
        if row["Published or assumed"] in ("published", "assumed default"):
            assert row["Published or assumed"] == info.status


def test_result_table_headings_are_the_declared_labels():
    ranking = dict(zip(("rank", "l_rank", "ref", "bidder", "group", "offered", "quote"), RANKING.headers))
    assert ranking == {
        "rank": L.RANK.heading,
        "l_rank": L.L_RANK.heading,
        "ref": L.BID_REF.heading,
        "bidder": L.BIDDER.heading,
        "group": L.GROUP.heading,
        "offered": L.CAPACITY_OFFERED.heading,
        "quote": L.QUOTE.heading,
    }
    assert L.LIABILITY.heading == "Incentive liability (₹ crore)"
    for label in (L.AWARDED, L.LIABILITY, L.IREL_SHARE, L.STATUS):
        assert label.heading in AWARD.headers
    assert L.LIABILITY.heading in SUMMARY_AWARDS.headers and L.IREL_SHARE.short_heading in SUMMARY_AWARDS.headers


def test_the_workbook_fills_are_the_palette():
    assert FILLS["full"] == palette.STATUS_FILL[Status.AWARDED]
    assert FILLS["partial"] == palette.STATUS_FILL[Status.PARTIAL]
    assert FILLS["waitlisted"] == palette.STATUS_FILL[Status.WAITLISTED]
    assert FILLS["fail"] == palette.ERROR_FILL == palette.STATUS_FILL[Status.INVALID]
