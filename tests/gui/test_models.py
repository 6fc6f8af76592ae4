"""Table models as plain objects: no window, only the models over a real evaluation (Vorta style)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import Decision, Location, error, warning
from repm_bids.domain.result import Status
from repm_bids.domain.scheme import Scheme
from repm_bids.gui.bids_model import BidsTableModel, bid_rows
from repm_bids.gui.detail_models import ChecksTableModel, FieldsTableModel, ProblemsTableModel, field_rows
from repm_bids.gui.look import STATUS_FILL
from repm_bids.gui.ranking_model import RankingTableModel, WaitlistTableModel
from repm_bids.gui.table_model import SORT_ROLE
from tests.factories import make_bid, minutes

D = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def evaluation():
    bids = [
        make_bid("A", quoted_incentive=1700.0, submitted_at=minutes(1)),
        make_bid("B", quoted_incentive=1600.0, submitted_at=minutes(2)),
        make_bid("C", quoted_incentive=2300.0),  # above the ceiling: non-responsive
        make_bid("D", capacity=900.0, quoted_incentive=1800.0),
        make_bid("E", quoted_incentive=1650.0),
        make_bid("F", quoted_incentive=1750.0),
        make_bid("G", quoted_incentive=1900.0),  # sixth qualified: waitlisted
    ]
    return evaluate(bids, Scheme(covers=1))


def texts(model, column: int) -> list[str]:
    return [model.data(model.index(r, column), D) for r in range(model.rowCount())]


def test_bids_model_rows_in_input_order_with_status_text_icon_and_colour(qapp, evaluation):
    m = BidsTableModel()
    m.set_rows(bid_rows(evaluation, {}))
    assert texts(m, m.REF) == ["A", "B", "C", "D", "E", "F", "G"]
    assert texts(m, m.CAPACITY)[3] == "900"
    assert texts(m, m.QUOTE)[1] == "1,600.00"
    c = m.index(2, m.STATUS)
    assert m.data(c, D) == "Non-responsive"
    assert not m.data(c, Qt.ItemDataRole.DecorationRole).isNull()  # an icon, not colour alone
    assert m.data(c, Qt.ItemDataRole.BackgroundRole).color().name().upper() == STATUS_FILL[Status.NON_RESPONSIVE]
    assert "ceiling" in m.data(m.index(2, m.REASONS), D)
    assert m.headerData(m.STATUS, Qt.Orientation.Horizontal, D) == "Status"


def test_sort_role_is_native_and_missing_values_last(qapp, evaluation):
    m = BidsTableModel()
    m.set_rows(bid_rows(evaluation, {}))
    values = [m.data(m.index(r, m.QUOTE), SORT_ROLE) for r in range(m.rowCount())]
    assert sorted(values)[0][1] == 1600.0
    m.sort(m.QUOTE, Qt.SortOrder.AscendingOrder)
    assert texts(m, m.REF)[:2] == ["B", "E"]


def test_filter_by_text_and_status(qapp, evaluation):
    m = BidsTableModel()
    m.set_rows(bid_rows(evaluation, {}))
    m.set_statuses(frozenset({Status.NON_RESPONSIVE}))
    assert m.rowCount() == 1
    m.set_statuses(None)
    m.set_text("ceiling")
    assert m.rowCount() == 1
    m.set_text("bidder g")
    assert texts(m, 0) == ["G"]


def test_decision_column_and_tsv(qapp, evaluation):
    m = BidsTableModel()
    m.set_rows(bid_rows(evaluation, {"A": Decision("A", False, "No sintering line")}))
    assert texts(m, m.DECISION)[0] == "Not qualified"
    assert "No sintering line" in m.data(m.index(0, m.DECISION), Qt.ItemDataRole.ToolTipRole)
    tsv = m.as_tsv([0, 1])
    lines = tsv.splitlines()
    assert lines[0].split("\t")[0] == "Bid reference" and len(lines) == 3
    assert lines[1].split("\t")[0] == "A"


def test_ranking_model_l_ranks_awards_and_status_colours(qapp, evaluation):
    m = RankingTableModel()
    m.set_rows(list(evaluation.ranked()))
    assert texts(m, m.REF) == ["B", "E", "A", "F", "D", "G"]
    assert texts(m, m.L_RANK)[:2] == ["L1", "L2"]
    assert texts(m, m.AWARDED)[:5] == ["1,200", "1,200", "1,200", "1,200", "900"]
    assert texts(m, m.STATUS) == ["Full", "Full", "Full", "Full", "Full", "Waitlisted"]
    bg = m.data(m.index(5, m.REF), Qt.ItemDataRole.BackgroundRole).color().name().upper()
    assert bg == "#DDEBF7"  # the workbook's waitlisted fill
    assert m.data(m.index(0, m.REF), Qt.ItemDataRole.BackgroundRole).color().name().upper() == "#C6EFCE"
    w = WaitlistTableModel()
    w.set_rows(list(evaluation.waitlist()))
    assert texts(w, w.REF) == ["G"] and texts(w, w.WHY)[0]


def test_fields_model_marks_errors_red_with_their_cell(qapp):
    bid = make_bid("X", commissioning_months=None)
    bad = error(
        "not_a_number",
        "x.xlsx",
        {"label": "Commissioning", "found": "soon"},
        sheet="Bid Form",
        cell="B21",
        field="commissioning_months",
        bid_ref="X",
    )
    bid = type(bid)(Location("x.xlsx", "Bid Form"), bid.values, {}, (bad,))
    m = FieldsTableModel()
    m.set_rows(field_rows(bid))
    r = m.row_for_field("commissioning_months")
    assert r is not None
    fg = m.data(m.index(r, m.FIELD), Qt.ItemDataRole.ForegroundRole).color().name().upper()
    assert fg == "#9C0006"
    assert "must be a number" in m.data(m.index(r, m.NOTE), D)
    ok = m.row_for_field("capacity")
    assert m.data(m.index(ok, m.FIELD), Qt.ItemDataRole.ForegroundRole) is None
    assert m.data(m.index(ok, m.VALUE), D) == "1,200"


def test_checks_and_problems_models(qapp, evaluation):
    o = evaluation.outcome_for("C")
    m = ChecksTableModel()
    m.set_rows(list(o.checks))
    results = dict(zip(texts(m, m.CHECK), texts(m, m.RESULT), strict=True))
    assert results["Quote within the incentive ceiling"] == "Fail"
    assert "n.a." in results.values() and "Pass" in results.values()
    p = ProblemsTableModel()
    p.set_rows([warning("hidden_sheets", "/x/b.xlsx", {"sheets": ["Notes"]}, sheet="Notes")])
    assert texts(p, p.WHERE) == ["b.xlsx, sheet Notes"]
    assert texts(p, p.SEVERITY) == ["Warning"]


def test_empty_model_and_reset(qapp):
    m = RankingTableModel()
    assert m.rowCount() == 0 and m.columnCount() == len(m.COLUMNS)
    assert m.data(m.index(0, 0), D) is None


def test_audit_model_and_filter(qapp):
    from repm_bids.gui.audit_view import AuditProxy, AuditTableModel
    from repm_bids.io.store_audit import AuditEntry

    def entry(seq: int, action: str, details: dict) -> AuditEntry:
        t = f"2026-06-30T10:{seq:02}:00"
        return AuditEntry(seq, t + "Z", t + "+05:30", "Member", action, details, "0" * 64, f"{seq:064}")

    m = AuditTableModel()
    m.set_rows(
        [entry(1, "created", {"inputs": 0}), entry(2, "decision_changed", {"bid_ref": "R-7", "qualified": False})]
    )
    assert texts(m, m.ACTION) == ["Created", "Decision changed"]
    assert texts(m, m.TIME)[0] == "30-06-2026 15:31 IST"  # the trail keeps UTC; the window shows IST
    assert "bid: R-7; qualified: no" in texts(m, m.DETAILS)[1]
    proxy = AuditProxy()
    proxy.setSourceModel(m)
    proxy.set_text("r-7")
    assert proxy.rowCount() == 1
    m.first_bad = 2
    assert m.data(m.index(1, m.ACTION), Qt.ItemDataRole.ForegroundRole) is not None
