"""A table painted in one pass (quick_pass.py) is the same, pixel for pixel, as QTableView painting it a cell at a
time through the same delegate: whole, in part, with a selected row and a focused cell, scrolled, with a hidden
column; and a view it cannot paint as Qt does is left to Qt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from repm_bids.gui.bids_view import make_table
from repm_bids.gui.quick_cells import QuickCells
from repm_bids.gui.table_model import NUMERIC, Column, RowTableModel, brush


class _Rows(RowTableModel[tuple[int, str, float]]):
    COLUMNS = (
        Column("No.", lambda r: r[0], align=NUMERIC),
        Column("Name", lambda r: r[1]),
        Column("Amount", lambda r: r[2], lambda v: f"{v:,.2f}", NUMERIC),
        Column("Note", lambda r: "long " * (r[0] % 7)),
    )

    def paint_key(self, row: tuple[int, str, float]) -> int:
        return row[0] % 3

    def style(self, row: tuple[int, str, float], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row[0] % 3:
            return brush("#FFEB9C" if row[0] % 3 == 1 else "#C6EFCE")
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and row[0] % 3 == 2:
            return brush("#006100")
        return None


class _Counting(QuickCells):
    """Counts the cells Qt hands to the delegate one at a time."""

    def __init__(self, view: QTableView, model: RowTableModel[Any]) -> None:
        super().__init__(view, model)
        self.cells = 0

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Any) -> None:
        self.cells += 1
        super().paint(painter, option, index)


def _table(qtbot: Any) -> tuple[QTableView, _Rows, _Counting]:
    model = _Rows()
    model.set_rows([(i, f"Bidder {i}", i * 1234.5) for i in range(60)])
    view = make_table("Test")
    view.setModel(model)
    cells = _Counting(view, model)
    view.setItemDelegate(cells)
    qtbot.addWidget(view)
    view.resize(420, 260)
    view.show()
    qtbot.waitExposed(view)
    return view, model, cells


def _both(view: QTableView, cells: QuickCells, rect: QRect | None = None) -> tuple[QImage, QImage]:
    """The viewport (or a rectangle of it) painted in one pass, then by Qt a cell at a time."""
    shots = []
    for one_pass in (True, False):
        cells.one_pass = one_pass
        port = view.viewport()
        shots.append((port.grab() if rect is None else port.grab(rect)).toImage())
    cells.one_pass = True
    return shots[0], shots[1]


def test_a_table_painted_in_one_pass_is_the_table_qt_paints(qtbot):
    view, model, cells = _table(qtbot)
    cells.cells = 0
    quick, by_qt = _both(view, cells)
    assert quick == by_qt
    assert cells.cells > 20  # Qt's own pass went through the delegate cell by cell; the one pass did not
    cells.cells = 0
    view.viewport().grab()
    assert cells.cells == 0


def test_the_same_in_part_scrolled_and_with_a_column_hidden(qtbot):
    view, model, cells = _table(qtbot)
    quick, by_qt = _both(view, cells, QRect(30, 25, 150, 40))  # a few cells' repaint
    assert quick == by_qt
    view.verticalScrollBar().setValue(17)
    view.horizontalScrollBar().setValue(1)
    view.setColumnHidden(1, True)
    quick, by_qt = _both(view, cells)
    assert quick == by_qt


def test_a_selected_row_and_the_focused_cell_look_as_qt_draws_them(qtbot):
    view, model, cells = _table(qtbot)
    view.setFocus()
    view.selectRow(2)
    view.setCurrentIndex(model.index(4, 1))  # the current cell, with the focus frame; row 4 is selected too
    view.selectionModel().select(model.index(6, 2), view.selectionModel().SelectionFlag.Select)
    cells.cells = 0
    quick, by_qt = _both(view, cells)
    assert quick == by_qt
    assert cells.cells > 0


def test_a_view_with_alternating_colours_is_left_to_qt(qtbot):
    view, model, cells = _table(qtbot)
    view.setAlternatingRowColors(True)
    cells.cells = 0
    view.viewport().grab()
    assert cells.cells > 20


def test_dashed_grid_lines_too(qtbot):
    view, model, cells = _table(qtbot)
    view.setGridStyle(Qt.PenStyle.DashDotLine)
    quick, by_qt = _both(view, cells)
    assert quick == by_qt
    view.setShowGrid(False)
    quick, by_qt = _both(view, cells)
    assert quick == by_qt
