"""Refreshing a large table stays cheap on the GUI thread: columns are sized from a sample of rows measured in
Python, never by Qt asking the model about every cell."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from repm_bids.gui.bids_view import column_widths, fit_columns, make_table
from repm_bids.gui.table_model import Column, RowTableModel, SortProxy

asked: list[int] = []


def _ref(row: int) -> str:
    asked.append(row)
    return f"B-{row:05}"


class _Model(RowTableModel[int]):
    COLUMNS = (
        Column("Reference", _ref),
        Column("Text", lambda r: "a much longer text than any other" if r == 4321 else "short"),
    )


def _table(qtbot, n: int) -> tuple[QTableView, _Model]:
    model = _Model()
    model.set_rows(range(n))
    proxy = SortProxy()
    proxy.setSourceModel(model)
    view = make_table("Test")
    view.setModel(proxy)
    qtbot.addWidget(view)
    view._keep = (model, proxy)  # type: ignore[attr-defined]
    return view, model


def test_fitting_columns_never_asks_qt_to_measure_every_cell(qtbot, monkeypatch):
    view, _ = _table(qtbot, 20_000)
    called: list[bool] = []
    monkeypatch.setattr(QTableView, "resizeColumnsToContents", lambda self: called.append(True))
    fit_columns(view, stretch=1)
    assert called == []
    header = view.horizontalHeader()
    widest_ref = view.fontMetrics().horizontalAdvance("B-19999")
    assert header.sectionSize(0) > widest_ref  # the text and the cell's margins
    assert header.sectionSize(0) >= header.sectionSizeHint(0)  # never narrower than its heading


def test_columns_are_sized_from_a_sample_of_rows_spread_over_the_table(qtbot):
    view, model = _table(qtbot, 20_000)
    asked.clear()
    widths = column_widths(model, view.font(), 16, sample=50)
    assert len(asked) <= 51  # never all 20,000 rows
    assert asked[0] == 0 and asked[-1] == 19_999 and any(9_000 < r < 11_000 for r in asked)
    assert widths[0] > view.fontMetrics().horizontalAdvance("B-19999")


def test_a_small_table_is_measured_whole(qtbot):
    view, model = _table(qtbot, 10_000)
    wide = column_widths(model, view.font(), 16, sample=10_000)[1]
    narrow = column_widths(_small(), view.font(), 16)[1]
    assert wide > narrow  # the one long text (row 4321) was measured


def _small() -> _Model:
    m = _Model()
    m.set_rows(range(10))
    return m


def test_the_application_hands_the_interpreter_back_to_the_gui_thread_quickly(qapp):
    """A worker thread running Python keeps the interpreter at most half a millisecond while the GUI thread waits."""
    import sys

    from repm_bids.gui.app import SWITCH_INTERVAL_SECONDS, make_app

    before = sys.getswitchinterval()
    try:
        assert make_app() is qapp
        assert sys.getswitchinterval() == SWITCH_INTERVAL_SECONDS < before
    finally:
        sys.setswitchinterval(before)


def test_a_row_is_made_into_texts_once_and_again_only_when_the_rows_change(qtbot):
    model = _Model()
    model.set_rows(range(100))
    asked.clear()
    for _ in range(3):  # a view asks again at each repaint
        assert model.data(model.index(7, 0)) == "B-00007"
        assert model.data(model.index(7, 1)) == "short"
    assert asked == [7]
    model.set_rows(range(200, 300))
    assert model.data(model.index(7, 0)) == "B-00207"  # new rows, new texts
    assert asked == [7, 207]


def test_roles_no_model_serves_are_refused_before_any_row_is_looked_at(qtbot):
    from PySide6.QtCore import Qt

    class Watched(_Model):
        styled: list[int] = []

        def style(self, row, column, role):  # type: ignore[no-untyped-def]
            self.styled.append(role)
            return None

    model = Watched()
    model.set_rows(range(3))
    asked.clear()
    for role in (Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.SizeHintRole, Qt.ItemDataRole.EditRole):
        assert model.data(model.index(1, 0), role) is None
    assert asked == [] and Watched.styled == []
    model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole)
    assert Watched.styled == [Qt.ItemDataRole.BackgroundRole]


def test_cells_share_one_brush_per_colour(qtbot):
    from repm_bids.domain.result import Status
    from repm_bids.gui.look import STATUS_FILL
    from repm_bids.gui.table_model import brush

    assert brush(STATUS_FILL[Status.AWARDED]) is brush(STATUS_FILL[Status.AWARDED])
    assert brush(STATUS_FILL[Status.AWARDED]).color().name().lower() == STATUS_FILL[Status.AWARDED].lower()


def test_the_bids_filter_looks_at_rows_only_while_a_filter_is_set(qtbot, monkeypatch):
    from repm_bids.gui.bids_model import BidsTableModel

    looked: list[object] = []
    monkeypatch.setattr(BidsTableModel, "accepts", lambda self, row: looked.append(row) or True)
    model = BidsTableModel()
    model.set_rows(list(range(500)))
    model.set_rows(list(range(1_000)))
    assert model.rowCount() == 1_000 and looked == []  # no filter: every row shown, none looked at
    model.set_text("b-")
    assert len(looked) == 1_000
    looked.clear()
    model.set_text("")
    model.set_rows(list(range(10)))
    assert model.rowCount() == 10 and looked == []


def test_a_proxy_with_its_own_filter_always_asks_it(qtbot):
    from repm_bids.gui.audit_view import AuditProxy
    from repm_bids.gui.problems_view import ProblemsProxy

    assert SortProxy().accepts_all()
    assert not ProblemsProxy().accepts_all() and not AuditProxy().accepts_all()


def test_columns_fit_what_qt_would_draw_once_the_prices_are_opened(qtbot, demo):
    """Sized while sealed, a price column came back a few pixels wide when the covers were opened, and a cell with
    an icon (a status, a check's result) was cut to '…': every column is now at least as wide as Qt's own fit."""
    from repm_bids.gui.bids_model import BidsTableModel
    from repm_bids.gui.main_window import RANKING_TAB
    from repm_bids.gui.ranking_model import RankingTableModel

    demo.tabs.setCurrentIndex(RANKING_TAB)
    demo.bids.select_ref("REPM-2026-008")
    checks = [
        (demo.bids.table, BidsTableModel.QUOTE),
        (demo.bids.table, BidsTableModel.STATUS),
        (demo.ranking.table, RankingTableModel.QUOTE),
        (demo.ranking.table, RankingTableModel.LIABILITY),
        (demo.ranking.table, RankingTableModel.FIN),
        (demo.detail.checks, 1),  # the check's result: an icon and a word
    ]
    for view, column in checks:
        header = view.horizontalHeader()
        assert not header.isSectionHidden(column)
        need = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= need, (view, column, header.sectionSize(column), need)
