"""The ranking's cells painted from the model's texts look as Qt's own delegate paints them, ask the model for no
role while painting, and leave a selected row to Qt (the style's highlight)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QStyledItemDelegate

from repm_bids.gui.main_window import RANKING_TAB
from repm_bids.gui.quick_cells import QuickCells


def _differing(a: QImage, b: QImage, rows: range) -> float:
    """The share of pixels in `rows` that differ by more than a glyph edge's shading."""
    differ = total = 0
    for y in rows:
        for x in range(a.width()):
            total += 1
            p, q = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            if max(abs(p.red() - q.red()), abs(p.green() - q.green()), abs(p.blue() - q.blue())) > 96:
                differ += 1
    return differ / max(total, 1)


def test_the_ranking_looks_as_qt_paints_it(qtbot, demo):
    demo.resize(1366, 768)
    demo.show()
    demo.tabs.setCurrentIndex(RANKING_TAB)
    table = demo.ranking.table
    assert isinstance(table.itemDelegate(), QuickCells)
    quick = table.viewport().grab().toImage()
    table.setItemDelegate(QStyledItemDelegate(table))
    native = table.viewport().grab().toImage()
    table.setItemDelegate(QuickCells(table, demo.ranking.model))
    rows = range(0, min(quick.height(), table.rowHeight(0) * demo.ranking.model.rowCount()))
    assert len(rows) > 0
    assert _differing(quick, native, rows) < 0.01  # the same fills, icons and texts, a glyph's edge apart at most
    for y in (table.rowHeight(0) // 2, table.rowHeight(0) * 3 // 2):
        fill = QColor(quick.pixel(2, y)).name().upper()
        assert fill == QColor(native.pixel(2, y)).name().upper()


def test_painting_asks_the_model_for_nothing_and_a_selected_row_is_left_to_qt(qtbot, demo):
    demo.resize(1366, 768)
    demo.show()
    demo.tabs.setCurrentIndex(RANKING_TAB)
    table, model = demo.ranking.table, demo.ranking.model
    asked: list[int] = []
    data = model.data
    model.data = lambda index, role=0: (asked.append(int(role)), data(index, role))[1]  # type: ignore[method-assign]
    table.clearSelection()
    table.setCurrentIndex(model.index(-1, -1))
    table.viewport().grab()
    assert asked == []
    table.selectRow(1)
    table.viewport().grab()
    assert asked  # the selected row's cells: Qt's delegate asks for their roles
    assert 0 in asked  # among them the text
