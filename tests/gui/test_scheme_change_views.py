"""A scheme change shows its result in every view the moment the window has painted, and touches only what changed:
the awarded cells, the chart's figures, the totals; the selection stays on the same bid; a new figure that fits the
totals' lines lays nothing out again; the scheme panel sets only the fields whose values changed; a table's cells
follow a new font or text colour at the next repaint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QDoubleSpinBox

from repm_bids.domain.result import Status
from repm_bids.gui.look import fmt_number
from repm_bids.gui.main_window import RANKING_TAB
from repm_bids.gui.quick_cells import QuickCells
from repm_bids.gui.ranking_model import RankingTableModel


class LayoutRequests(QObject):
    """Counts the requests to lay a widget out again."""

    def __init__(self, widget: QObject) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _ranking(w):  # type: ignore[no-untyped-def]
    w.resize(1366, 768)
    w.show()
    w.tabs.setCurrentIndex(RANKING_TAB)
    QApplication.processEvents()
    return w.ranking


def test_a_capacity_change_shows_the_new_award_in_the_cells_the_chart_and_the_totals(qtbot, single):
    w = single
    view = _ranking(w)
    table, model = view.table, view.model
    assert len(model.rows) >= 3
    chosen = model.rows[2].bid_ref
    table.selectRow(2)
    w.set_scheme(w.session.scheme.with_changes(total_capacity=1500.0), "Less capacity")
    QApplication.processEvents()
    ev = w.evaluation
    awards = ev.awards()
    assert awards and any(o.status is Status.WAITLISTED for o in model.rows)  # the cut moved into the ranking
    for r, o in enumerate(model.rows):  # every cell shows the new evaluation's figures
        now = ev.outcome_for(o.bid_ref or "")
        assert now is not None
        assert model.index(r, RankingTableModel.AWARDED).data() == fmt_number(now.awarded)
        assert model.index(r, RankingTableModel.STATUS).data() == {
            Status.AWARDED: "Full",
            Status.PARTIAL: "Partial",
            Status.WAITLISTED: "Waitlisted",
        }.get(now.status, now.status.label)
    assert [b.label for b in view.chart.per_beneficiary.figures.bars] == [str(o.rank) for o in awards]
    assert view.chart.total.figures.offered == 1500.0
    assert "of 1,500" in view.totals.text() and "of 1,500" in w.status_labels["awarded"].text()
    selected = {model.rows[i.row()].bid_ref for i in table.selectionModel().selectedRows()}
    assert selected == {chosen}  # the same bid stays selected


def test_new_figures_in_the_same_lines_lay_nothing_out_but_a_longer_text_makes_room(qtbot, single):
    w = single
    view = _ranking(w)
    box, label = view.totals_box, view.totals
    for _ in range(5):  # the first layout's passes are over
        QApplication.processEvents()
    requests = LayoutRequests(view)
    height = label.height()
    w.set_scheme(w.session.scheme.with_changes(total_capacity=5000.0), "Less capacity")
    QApplication.processEvents()
    QApplication.processEvents()
    assert "of 5,000" in label.text()
    assert requests.count == 0 and label.height() == height
    box.set_text(label.text() + "<br>" + "A much longer explanation of the award. " * 40)
    QApplication.processEvents()
    QApplication.processEvents()
    assert requests.count > 0
    assert label.height() > height and label.height() >= label.heightForWidth(label.width())


def test_the_panel_sets_only_the_fields_whose_values_changed_and_an_undo_clears_an_invalid_edit(qtbot, single):
    w = single
    panel = w.scheme_panel
    set_values: list[str] = []
    for key, editor in panel.editors.items():
        if isinstance(editor, QDoubleSpinBox):
            set_value = editor.setValue
            editor.setValue = lambda v, key=key, set_value=set_value: (set_values.append(key), set_value(v))  # type: ignore[method-assign]
    w.set_scheme(w.session.scheme.with_changes(total_capacity=5000.0), "Less capacity")
    w.set_scheme(w.session.scheme.with_changes(total_capacity=4500.0), "Less again")
    w.undo_stack.undo()
    assert set_values == ["total_capacity"] * 3  # the two changes and the undo: the panel follows each
    assert panel.editors["total_capacity"].value() == 5000.0
    assert panel.labels["total_capacity"].font().bold()
    weight = panel.editors["technical_weight"]
    weight.setValue(0.9)  # above what the rules allow: shown beside the field, not applied
    assert "technical_weight" in panel.problems()
    assert w.session.scheme.technical_weight != 0.9
    w.undo_stack.undo()  # back to the published capacity: the panel shows the session's scheme again, every field
    assert panel.problems() == {}
    assert weight.value() == w.session.scheme.technical_weight
    assert panel.editors["total_capacity"].value() == w.session.scheme.total_capacity != 5000.0
    assert not panel.labels["total_capacity"].font().bold()


def test_the_cells_take_a_new_font_and_text_colour_at_the_next_repaint(qtbot, demo):
    view = _ranking(demo)
    table = view.table
    cells = table.itemDelegate()
    assert isinstance(cells, QuickCells)
    table.clearSelection()
    table.setCurrentIndex(view.model.index(-1, -1))
    before = table.viewport().grab().toImage()  # painted with the old font and colour
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 1.2)
    table.setFont(font)
    palette = QPalette(table.palette())
    palette.setColor(QPalette.ColorRole.Text, QColor("#1F4E79"))
    table.setPalette(palette)
    kept = table.viewport().grab().toImage()
    table.setItemDelegate(QuickCells(table, view.model))  # one that never saw the old font and colour
    fresh = table.viewport().grab().toImage()
    assert kept == fresh
    assert kept != before
    rows = range(0, min(kept.height(), table.rowHeight(0) * view.model.rowCount()))
    blue = sum(1 for y in rows for x in range(kept.width()) if QColor(kept.pixel(x, y)).name().upper() == "#1F4E79")
    assert blue > 0  # the cells with no colour of their own are drawn in the palette's text colour


def test_the_status_bar_is_laid_out_again_only_when_a_figure_needs_more_room(qtbot, single):
    w = single
    _ranking(w)
    for _ in range(5):
        QApplication.processEvents()
    awarded, box = w.status_labels["awarded"], w.status_boxes["awarded"]
    requests = LayoutRequests(w.statusBar())
    w.set_scheme(w.session.scheme.with_changes(total_capacity=5000.0), "Less capacity")  # as many digits
    for _ in range(3):
        QApplication.processEvents()
    assert "of 5,000 MTPA" in awarded.text()
    assert requests.count == 0
    width = box.width()
    w.set_scheme(w.session.scheme.with_changes(total_capacity=12000.0), "More capacity")  # one digit more
    QApplication.processEvents()
    assert "of 12,000 MTPA" in awarded.text()
    assert requests.count > 0 and box.width() > width
    assert awarded.width() == box.width() >= awarded.sizeHint().width()  # the whole text has its room
