"""The real window: starting empty, importing in the background, the bids view and the detail, drag and drop,
cancel, removing a file or a bid (undoable), copying rows."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from repm_bids.domain.fields import FIELDS
from repm_bids.domain.result import Status
from repm_bids.gui.main_window import BIDS_TAB, PROBLEMS_TAB, RANKING_TAB
from repm_bids.services.samples import sample_paths
from tests.gui.conftest import answer_with, import_and_wait, open_prices_and_wait


def _refs(window) -> list[str]:
    view = window.bids
    return [view.model.data(view.model.index(r, 0)) for r in range(view.model.rowCount())]


def test_starts_empty_with_a_clear_first_step(window):
    assert window.shown_title() == "New evaluation — repm-bids"
    assert not window.windowIcon().isNull()
    assert window.bids.stack.currentWidget() is window.bids.first_step
    assert window.bids.first_step.import_files.isVisible()
    assert window.status_labels["bids"].text() == "Bids: 0"
    assert window.status_labels["awarded"].text() == "Prices not opened yet"  # no award of 0 before the prices
    assert window.status_labels["liability"].text() == "Prices sealed"  # two covers: the technical stage first
    assert not window.acts.export_award.isEnabled()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "Sta&ge", "&Help"]
    assert "Import the technical covers" in window.stage_flows.strip.next_button.text()


def test_import_in_the_background_fills_every_view(qtbot, window):
    parts = import_and_wait(qtbot, window, [str(p) for p in sample_paths()])
    assert len(parts) == len(sample_paths()) == 10
    assert window.bids.stack.currentIndex() == 1
    assert window.bids.model.rowCount() == 10
    assert window.status_labels["bids"].text() == "Bids: 10"
    assert window.status_labels["qualified"].text() == "Qualified: 7"  # technically: the prices are sealed
    assert window.status_labels["liability"].text() == "Prices sealed"
    assert "Imported 10 files with 10 bids" in window.statusBar().currentMessage()
    assert not window.progress.isVisible()
    assert window.stage_flows.approve_as("test member")
    open_prices_and_wait(qtbot, window)
    assert window.status_labels["qualified"].text() == "Qualified: 6"  # 007 is above the ceiling, once opened
    assert window.status_labels["awarded"].text() == "Awarded: 5,400 of 6,000 MTPA"
    assert window.ranking.model.rowCount() == 0  # not shown: brought up to date when shown
    window.update_all_views()
    assert window.ranking.model.rowCount() == 6
    assert window.ranking.waitlist_model.rowCount() == 1
    assert window.problems.files_model.rowCount() == 17  # ten technical covers, seven financial covers opened
    assert window.acts.export_award.isEnabled()


def test_importing_the_same_files_again_adds_nothing(qtbot, technical):
    demo = technical  # files are imported at the technical stage
    import_and_wait(qtbot, demo, [str(sample_paths()[0])])
    assert demo.bids.model.rowCount() == 10
    assert any("already in this evaluation" in p.message for p in demo.evaluation.problems)


def test_search_and_status_filter(demo):
    demo.bids.search.setText("kaveri")
    assert _refs(demo) == ["REPM-2026-010"]
    assert demo.bids.count.text() == "1 of 10 bids"
    demo.bids.search.clear()
    i = next(
        i for i in range(demo.bids.status_filter.count()) if demo.bids.status_filter.itemText(i) == "Non-responsive"
    )
    demo.bids.status_filter.setCurrentIndex(i)
    assert _refs(demo) == ["REPM-2026-007", "REPM-2026-008", "REPM-2026-009"]
    demo.bids.search.setText("ceiling")
    assert _refs(demo) == ["REPM-2026-007"]


def test_sorting_by_quote(demo):
    view = demo.bids
    view.table.sortByColumn(view.model.QUOTE, Qt.SortOrder.AscendingOrder)
    first = view.model.data(view.model.index(0, view.model.QUOTE))
    assert first == "1,640.00"  # the lowest price opened: 008's cover (1,590) stays sealed, it is not qualified


def test_detail_shows_every_field_with_its_cell_and_every_check(demo):
    assert demo.bids.select_ref("REPM-2026-010")
    detail = demo.detail
    assert "REPM-2026-010" in detail.title.text()
    assert "Invalid" in detail.status.text()
    fm = detail.fields_model
    assert fm.rowCount() == len(FIELDS)  # every field of the form
    r = fm.row_for_field("commissioning_months")
    assert fm.rows[r].has_error
    assert fm.data(fm.index(r, fm.WHERE)) == "Bid Form, B21"
    assert "eighteen months" in fm.data(fm.index(r, fm.RAW))
    cap = fm.row_for_field("capacity")
    assert fm.data(fm.index(cap, fm.WHERE)).startswith("Bid Form, B")
    assert "Kaveri.xlsx" in detail.title.text()
    cm = detail.checks_model
    assert cm.rowCount() == len(demo.evaluation.check_ids)
    assert {cm.data(cm.index(i, cm.RESULT)) for i in range(cm.rowCount())} <= {"Pass", "Fail", "n.a."}


def test_fields_a_failed_check_read_are_marked(demo):
    demo.bids.select_ref("REPM-2026-008")  # net worth below the slab, no oxide-to-metal stage
    fm = demo.detail.fields_model
    row = fm.rows[fm.row_for_field("net_worth_cr")]
    assert row.failed == ("Net worth for the capacity",)
    assert fm.data(fm.index(fm.row_for_field("net_worth_cr"), fm.VALUE), Qt.ItemDataRole.FontRole).bold()
    assert fm.rows[fm.row_for_field("bidder_type")].failed == ()


def test_double_clicking_an_error_opens_the_detail_at_its_field(demo):
    demo.tabs.setCurrentIndex(PROBLEMS_TAB)
    pm = demo.problems.model
    row = next(i for i, p in enumerate(pm.rows) if p.field == "commissioning_months" and p.bid_ref)
    index = demo.problems.proxy.mapFromSource(pm.index(row, 0))
    demo.problems.table.doubleClicked.emit(index)
    assert demo.tabs.currentIndex() == BIDS_TAB
    assert demo.bids.current_row().outcome.bid_ref == "REPM-2026-010"
    assert demo.detail.selected_field() == "commissioning_months"


def test_double_clicking_a_bid_in_error_focuses_its_first_bad_field(demo):
    demo.bids.select_ref("REPM-2026-010")
    demo.bids.activated.emit(demo.bids.current_row())
    assert demo.detail.selected_field() == "commissioning_months"


def test_drop_files_and_folders_imports_them(qtbot, window, tmp_path):
    folder = tmp_path / "bids"
    folder.mkdir()
    for p in sample_paths()[:3]:
        shutil.copy(p, folder / p.name)
    extra = sample_paths()[3]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(extra))])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.files.import_done, timeout=20_000):
        window.dropEvent(event)
    assert event.isAccepted()
    assert window.bids.model.rowCount() == 4


def test_cancel_an_import_adds_nothing(qtbot, window, tmp_path):
    for i in range(40):
        shutil.copy(sample_paths()[i % 10], tmp_path / f"copy-{i:02}.xlsx")
    with qtbot.waitSignal(window.files.import_done, timeout=20_000) as blocker:
        window.files.import_paths([str(tmp_path)])
        assert window.progress.isVisible()
        window.progress.cancel.click()
    assert blocker.args == [None]
    assert window.session.parts == []
    assert window.bids.model.rowCount() == 0
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.progress.isVisible()


def test_remove_a_bid_and_undo_redo(single, asked):
    demo = single  # one cover: an awarded bid is removed and the award follows
    assert demo.bids.select_ref("REPM-2026-001")
    demo.remove_current_bid()  # an awarded bid: the patched question answers Discard, so nothing is removed
    assert asked == ["Remove an awarded bid?"] and demo.bids.model.rowCount() == 10
    answer_with(QMessageBox.StandardButton.Yes)
    demo.remove_current_bid()
    assert demo.bids.model.rowCount() == 9
    assert "REPM-2026-001" not in _refs(demo)
    assert any("removed from the evaluation" in p.message for p in demo.evaluation.problems)
    demo.undo_stack.undo()
    assert demo.bids.model.rowCount() == 10
    demo.undo_stack.redo()
    assert demo.bids.model.rowCount() == 9


def test_delete_key_removes_the_bid_only_from_the_bids_view(qtbot, technical):
    demo = technical  # a bid is removed at the technical stage
    demo.activateWindow()
    qtbot.waitUntil(lambda: demo.isActiveWindow(), timeout=5000)
    demo.bids.select_ref("REPM-2026-007")  # non-responsive: removed without a question
    tie = demo.scheme_panel.editors["tie_break"].list
    tie.setFocus()
    qtbot.keyClick(tie, Qt.Key.Key_Delete)
    assert demo.bids.model.rowCount() == 10
    demo.bids.table.setFocus()
    qtbot.keyClick(demo.bids.table, Qt.Key.Key_Delete)
    assert demo.bids.model.rowCount() == 9


def test_remove_a_file_and_undo(technical):
    demo = technical  # a technical cover is removed at the technical stage
    demo.tabs.setCurrentIndex(PROBLEMS_TAB)
    view = demo.problems
    view.files.selectRow(0)
    name = Path(view.selected_file().path).name
    view.remove_button.click()
    assert demo.problems.files_model.rowCount() == 9
    assert all(Path(f.path).name != name for f in demo.session.inputs)
    demo.undo_stack.undo()
    assert demo.problems.files_model.rowCount() == 10
    assert Path(demo.session.inputs[0].path).name == name  # back in its place


def test_copy_rows_as_tsv(demo):
    demo.bids.table.setFocus()
    demo.bids.table.selectRow(0)
    text = demo.copy_focused_table()
    lines = text.splitlines()
    assert lines[0].startswith("Bid reference\tBidder\t")
    assert lines[1].startswith("REPM-2026-001\t")
    assert QGuiApplication.clipboard().text() == text


def test_ranking_view_shows_the_chart_and_the_waiting_list(demo):
    demo.tabs.setCurrentIndex(RANKING_TAB)
    assert demo.ranking.chart is not None  # made on first show
    wait = demo.ranking.waitlist_model.rows
    assert [o.status for o in wait] == [Status.WAITLISTED]
    assert "Awarded 5,400 of 6,000 MTPA" in demo.ranking.totals.text()
    per = demo.ranking.chart.per_beneficiary
    assert per.figures.bars and "Awarded per beneficiary" in per.title
    assert "of 6,000 MTPA on offer" in demo.ranking.chart.total.title


def test_keyboard_shortcuts_and_accessible_names(demo):
    a = demo.acts
    assert a.import_files.shortcut().toString() == "Ctrl+O"
    assert a.open.shortcut().toString() == "Ctrl+Shift+O"
    assert a.export_award.shortcut().toString() == "Ctrl+E"
    assert a.undo.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in a.redo.shortcuts()]
    shortcuts = [s.toString() for act in demo.findChildren(type(a.copy)) for s in act.shortcuts() if not s.isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), "two actions share a shortcut"
    for w in (demo.bids.table, demo.bids.search, demo.bids.status_filter, demo.detail.fields, demo.ranking.table):
        assert w.accessibleName()


def test_keyboard_only_find_a_bid_and_open_its_detail(qtbot, demo):
    demo.activateWindow()
    qtbot.waitUntil(lambda: demo.isActiveWindow(), timeout=5000)
    qtbot.keyClick(demo, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Edit › Find
    assert demo.bids.search.hasFocus()
    qtbot.keyClicks(demo.bids.search, "kaveri")
    assert _refs(demo) == ["REPM-2026-010"]
    demo.bids.table.setFocus()
    qtbot.keyClick(demo.bids.table, Qt.Key.Key_Down)
    qtbot.keyClick(demo.bids.table, Qt.Key.Key_Return)
    assert demo.detail.selected_field() == "commissioning_months"
    qtbot.keyClick(demo, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View › Ranking & award
    assert demo.tabs.currentIndex() == RANKING_TAB


def test_closing_during_an_import_cancels_it(qtbot, window, tmp_path):
    for i in range(40):
        shutil.copy(sample_paths()[i % 10], tmp_path / f"copy-{i:02}.xlsx")
    window.files.import_paths([str(tmp_path)])
    window.close()  # cancels the task and waits for it
    assert not window.runner.running or window.runner.wait(10_000)
    assert window.settings.bytes("window/geometry") is not None


def test_the_chart_keeps_its_readable_size_at_1366_by_768_and_the_pane_scrolls(qtbot, demo):
    """Squeezed below its minimum, Qt shortens the rank labels to "..."; the ranking pane scrolls instead."""
    demo.resize(1366, 768)
    demo.show()
    demo.scheme_dock.show()
    demo.tabs.setCurrentIndex(RANKING_TAB)
    qtbot.waitUntil(lambda: demo.ranking.chart is not None)
    chart = demo.ranking.chart
    qtbot.waitUntil(lambda: chart.per_beneficiary.height() >= chart.per_beneficiary.minimumHeight())
    assert chart.per_beneficiary.minimumHeight() >= 13 * chart.fontMetrics().height()
    assert demo.ranking.chart_box.height() >= chart.minimumSizeHint().height()
    assert "1,200" in chart.per_beneficiary.texts()  # bar figures read 1,200, not 1200
