"""The bids table and the ranking sort and filter in their models (no proxy): the same rows in the same order as Qt's
sorting proxy gives, a re-evaluation of the same bids keeps the selection and announces only what changed, and
what acts on the selected bid (decisions, menus, jumping to a problem's cell) still lands on that bid."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from repm_bids.domain.result import Status
from repm_bids.gui.bids_model import BidsTableModel
from repm_bids.gui.bids_view import visible_rows
from repm_bids.gui.main_window import BIDS_TAB, RANKING_TAB
from repm_bids.gui.ranking_model import RankingTableModel
from repm_bids.gui.table_menus import selected_rows
from repm_bids.gui.table_model import SortProxy

D = Qt.ItemDataRole.DisplayRole
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _shown(model, column: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(r, column), D) for r in range(model.rowCount())]


def _same_order_as_the_proxy(model_type, rows) -> None:  # type: ignore[no-untyped-def]
    """Sorted by every column, both ways, the model shows what Qt's sorting proxy over the same rows showed."""
    own = model_type()
    own.set_rows(rows)
    plain = model_type()
    plain.set_rows(rows)
    proxy = SortProxy()
    proxy.setSourceModel(plain)
    for column in range(len(model_type.COLUMNS)):
        for order in (ASC, DESC):
            own.sort(-1)  # from the rows' own order, as after a new evaluation
            proxy.sort(-1)
            own.sort(column, order)
            proxy.sort(column, order)
            for shown_column in range(len(model_type.COLUMNS)):
                assert _shown(own, shown_column) == _shown(proxy, shown_column), (column, order, shown_column)
    own.sort(-1)
    assert own.rows == list(rows)


def test_the_bids_sort_like_the_proxy_by_every_column_both_ways(qtbot, demo):
    demo.update_all_views()
    _same_order_as_the_proxy(BidsTableModel, demo.bids.model.given)


def test_the_ranking_sorts_like_the_proxy_by_every_column_both_ways(qtbot, demo):
    demo.update_all_views()
    rows = demo.ranking.model.given
    assert len(rows) > 3
    _same_order_as_the_proxy(RankingTableModel, rows)


def test_sorting_again_keeps_the_order_of_equal_rows(qtbot, demo):
    """Rows equal by the new column keep the order the last sort gave them (a stable sort, as the proxy's)."""
    model = demo.bids.model
    model.sort(model.QUOTE, DESC)
    by_quote = [r.outcome.bid_ref for r in model.rows]
    model.sort(model.STATUS, ASC)
    for status in {r.outcome.status for r in model.rows}:
        same = [r.outcome.bid_ref for r in model.rows if r.outcome.status is status]
        assert same == [ref for ref in by_quote if ref in same]


def test_filter_by_text_and_status_keeps_the_selected_bid(qtbot, demo):
    view = demo.bids
    view.table.sortByColumn(BidsTableModel.BIDDER, DESC)
    assert view.select_ref("REPM-2026-007")
    status = view.current_row().outcome.status
    view.status_filter.setCurrentIndex(
        next(i for i in range(view.status_filter.count()) if status in (view.status_filter.itemData(i) or ()))
    )
    statuses = view.status_filter.currentData()
    assert view.current_row().outcome.bid_ref == "REPM-2026-007"
    assert all(r.outcome.status in statuses for r in view.model.rows) and view.model.rowCount() < 10
    assert view.count.text().endswith(f"of {len(view.model.given)} bids")
    view.search.setText("  repm-2026-00  ")  # case and spaces ignored
    assert view.current_row().outcome.bid_ref == "REPM-2026-007"
    view.search.setText("no such bidder anywhere")
    assert view.model.rowCount() == 0 and view.current_row() is None
    view.search.clear()
    view.status_filter.setCurrentIndex(0)
    assert view.model.rowCount() == len(view.model.given) == 10


def test_a_scheme_change_keeps_the_selection_and_resets_nothing(qtbot, single):
    demo = single
    view = demo.bids
    view.table.sortByColumn(BidsTableModel.QUOTE, DESC)
    assert view.select_ref("REPM-2026-004")
    resets: list[bool] = []
    changed: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(True))
    view.model.dataChanged.connect(lambda a, b, roles=(): changed.append(b.row() - a.row() + 1))
    shown_rows: list[object] = []
    view.current_changed.connect(shown_rows.append)
    scheme = demo.session.scheme
    demo.set_scheme(scheme.with_changes(total_capacity=scheme.total_capacity / 2), "Halve the capacity")
    assert resets == [] and sum(changed) >= 1
    row = view.current_row()
    assert row.outcome.bid_ref == "REPM-2026-004"
    assert row.outcome in demo.evaluation.outcomes  # the new evaluation's, not the old
    assert shown_rows == [row]  # the detail was given the new row
    assert demo.detail.row is row
    quotes = [r.outcome.quoted_incentive for r in view.model.rows]
    assert quotes == sorted(quotes, reverse=True)  # still sorted as chosen
    demo.undo_stack.undo()
    assert resets == [] and view.current_row().outcome.bid_ref == "REPM-2026-004"


def test_an_unchanged_cell_on_screen_is_not_announced(qtbot, single):
    demo = single
    demo.tabs.setCurrentIndex(BIDS_TAB)
    view = demo.bids
    qtbot.waitExposed(view.table)
    qtbot.wait(20)  # painted
    changed: list[tuple[int, int, int, int]] = []
    view.model.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), b.row(), a.column(), b.column())))
    scheme = demo.session.scheme
    demo.set_scheme(scheme.with_changes(name=scheme.name + " (copy)"), "Rename the scheme")
    assert view.model.rows[0].outcome in demo.evaluation.outcomes  # the rows are the new evaluation's
    first, last = visible_rows(view.table) or (0, -1)
    on_screen = range(first, last + 1)
    assert len(on_screen) > 3
    assert not [c for c in changed if c[0] in on_screen and c[1] in on_screen]  # a name: no cell changed


def test_the_ranking_keeps_its_selected_bid_when_the_order_changes(qtbot, single):
    demo = single
    demo.tabs.setCurrentIndex(RANKING_TAB)
    table, model = demo.ranking.table, demo.ranking.model
    last = model.rows[-1]
    table.selectRow(model.rowCount() - 1)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    scheme = demo.session.scheme
    demo.set_scheme(scheme.with_changes(method="qcbs" if scheme.method == "lcs" else "lcs"), "Change the method")
    assert resets == []
    assert model.given == list(demo.evaluation.ranked())
    assert demo.ranking.waitlist_model.given == list(demo.evaluation.waitlist())
    picked = selected_rows(table)
    assert [o.bid_ref for o in picked] == [last.bid_ref] and picked[0] in demo.evaluation.outcomes


def test_decisions_menus_and_jumps_land_on_the_bid_shown_after_sorting(qtbot, demo):
    view = demo.bids
    view.table.sortByColumn(BidsTableModel.BIDDER, DESC)
    view.select_ref("REPM-2026-002")
    view.table.selectionModel().select(
        view.model.index(next(r for r, row in enumerate(view.model.rows) if row.outcome.bid_ref == "REPM-2026-006"), 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert sorted(r.outcome.bid_ref for r in selected_rows(view.table)) == ["REPM-2026-002", "REPM-2026-006"]
    menu = demo.table_menus.menu_for(view.table)
    assert menu.actions()[0].text() == "Committee &decision for 2 bids…"
    dialog = demo.ask_decision()
    assert "2 bids" in dialog.windowTitle()
    view.select_ref("REPM-2026-009")
    assert [r.outcome.bid_ref for r in selected_rows(view.table)] == ["REPM-2026-009"]
    menu = demo.table_menus.menu_for(view.table)
    assert menu.actions()[0].text() == "Committee &decision…"
    assert demo.detail.row.outcome.bid_ref == "REPM-2026-009"
    problem = next(p for p in demo.evaluation.problems if p.bid_ref and p.field)
    view.search.setText("no such bidder anywhere")  # the jump clears the filter to show the bid
    demo.open_problem(problem)
    assert view.current_row().outcome.bid_ref == problem.bid_ref
    assert demo.detail.selected_field() == problem.field


def test_a_decision_made_on_a_sorted_table_is_the_selected_bids(qtbot, single):
    demo = single
    view = demo.bids
    view.table.sortByColumn(BidsTableModel.QUOTE, ASC)
    view.select_ref("REPM-2026-003")
    dialog = demo.ask_decision()
    dialog.not_qualified.setChecked(True)
    dialog.remarks.setPlainText("Site inspection not passed")
    dialog.accept()
    assert [r for r, d in demo.session.decisions.items() if d.qualified is False] == ["REPM-2026-003"]
    assert demo.evaluation.outcome_for("REPM-2026-003").status is Status.NON_RESPONSIVE
    assert view.current_row().outcome.bid_ref == "REPM-2026-003"
    assert view.current_row().decision is not None


def _chart_shows(chart) -> tuple:  # type: ignore[no-untyped-def]
    return (chart.per_beneficiary.figures, chart.total.figures, chart.per_beneficiary.texts(), chart.total.texts())


def test_the_chart_changed_in_place_shows_what_a_new_chart_shows(qtbot, single):
    """The charts keep the figures they draw and repaint only when they differ; after any series of changes they
    show what a chart made for the evaluation shows."""
    from repm_bids.gui.award_chart import AwardChart

    demo = single
    demo.tabs.setCurrentIndex(RANKING_TAB)
    chart = demo.ranking.chart
    scheme = demo.session.scheme
    changes = (
        (scheme.total_capacity / 2, 2),
        (scheme.total_capacity, 5),
        (scheme.total_capacity, 3),
        (scheme.total_capacity * 0.9, 3),  # the same beneficiaries, another award
    )
    for total, beneficiaries in changes:
        demo.set_scheme(
            demo.session.scheme.with_changes(total_capacity=total, max_beneficiaries=beneficiaries), "Change"
        )
        fresh = AwardChart()
        qtbot.addWidget(fresh)
        fresh.set_evaluation(demo.evaluation)
        assert _chart_shows(chart) == _chart_shows(fresh)
        assert len(chart.total.segments) == len(demo.evaluation.awards()) + 1


def test_rows_out_of_view_are_shown_afresh_without_repainting_the_view(qtbot):
    """A re-evaluation that changes only rows out of view repaints nothing; scrolled to, they show the new texts."""
    from repm_bids.gui.bids_view import make_table
    from repm_bids.gui.table_model import Column, RowTableModel

    class Model(RowTableModel[tuple[int, str]]):
        COLUMNS = (Column("Key", lambda r: r[0]), Column("Text", lambda r: r[1]))

        def identity(self, row: tuple[int, str]) -> int:
            return row[0]

    model = Model()
    model.set_rows([(i, "old") for i in range(1_000)])
    view = make_table("Test")
    view.setModel(model)
    view.resize(300, 200)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    first, last = visible_rows(view) or (0, -1)
    assert first == 0 and 0 < last < 100
    announced: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, roles=(): announced.append((a.row(), b.row())))
    model.update_rows([(i, "old" if i <= last else "new") for i in range(1_000)], visible_rows(view))
    assert announced == []  # nothing on screen changed
    model.update_rows([(i, "new") for i in range(1_000)], visible_rows(view))
    assert announced == [(r, r) for r in range(first, last + 1)]  # the rows in view, each once
    view.scrollToBottom()
    assert model.data(model.index(999, 1), D) == "new"


def test_the_detail_of_the_same_bid_keeps_its_selected_field_after_a_change(qtbot, single, monkeypatch):
    import repm_bids.gui.detail_view as detail_view

    demo = single
    demo.tabs.setCurrentIndex(BIDS_TAB)
    demo.bids.select_ref("REPM-2026-004")
    assert demo.detail.focus_field("net_worth_cr")
    sized: list[object] = []
    monkeypatch.setattr(detail_view, "fit_columns", lambda view, **kw: sized.append(view))
    resets: list[bool] = []
    demo.detail.fields_model.modelReset.connect(lambda: resets.append(True))
    scheme = demo.session.scheme
    demo.set_scheme(scheme.with_changes(total_capacity=scheme.total_capacity / 2), "Halve the capacity")
    assert demo.detail.row.outcome in demo.evaluation.outcomes  # the bid's new evaluation
    assert demo.detail.selected_field() == "net_worth_cr" and resets == [] and sized == []
    assert demo.detail.checks_model.rows == list(demo.detail.row.outcome.checks)
    demo.bids.select_ref("REPM-2026-005")  # another bid: its own rows, columns sized for it
    assert demo.detail.row.outcome.bid_ref == "REPM-2026-005"
    assert resets and len(sized) == 2 and demo.detail.selected_field() is None
