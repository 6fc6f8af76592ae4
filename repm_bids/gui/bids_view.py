"""The bids view: a search box, a status filter and the table of every bid; an empty evaluation shows the first step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from repm_bids.domain.shown import shown
from repm_bids.gui.bids_model import STATUS_FILTERS, BidRow, BidsTableModel
from repm_bids.gui.table_model import RowTableModel


def make_table(accessible: str) -> QTableView:
    """A read-only table view set up the same way everywhere: row selection, sorting, word-wrapped tips."""
    view = QTableView()
    view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.verticalHeader().setVisible(False)
    # one fixed row height from the font (ResizeToContents would measure every row of a 1,000-bid table)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    view.horizontalHeader().setHighlightSections(False)
    # size columns from the rows in view and 30 more, not all 100,000 (200 rows took 0.14 s at every refresh)
    view.horizontalHeader().setResizeContentsPrecision(30)
    view.horizontalHeader().setSortIndicatorShown(True)
    return view


def hide_column(view: QTableView, column: int, hidden: bool) -> None:
    """Hide or show a column, touching the header only when that changes (every evaluation says which columns it
    needs; hidden or shown, a table lays itself out and repaints)."""
    if view.isColumnHidden(column) != hidden:
        view.setColumnHidden(column, hidden)


def fit_columns(view: QTableView, stretch: int | None = None, cap: int = 360, sample: int = 60) -> None:
    """Size columns to their contents (capped so one long reason cannot push the rest off screen).

    The widths come from the header and the texts of at most `sample` rows spread over the table, measured with the
    font's metrics in Python: Qt's resizeColumnsToContents asks the model for every role of every cell in view and
    more (a few thousand calls into Python, tens of milliseconds on the GUI thread for each refresh)."""
    header = view.horizontalHeader()
    model = view.model()
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    cap_px = view.fontMetrics().horizontalAdvance("M") * cap // 10
    if isinstance(source, RowTableModel):
        icon = view.iconSize().width()
        if icon <= 0:  # not set on the view: the style's small icon, which the cells are drawn with
            icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
        for c, width in enumerate(column_widths(source, view.font(), icon, sample)):
            header.resizeSection(c, max(width, header_width(header, c)))
    else:
        view.resizeColumnsToContents()
    for c in range(header.count()):
        if c != stretch and header.sectionSize(c) > cap_px:
            header.resizeSection(c, cap_px)
    if stretch is not None:
        header.setStretchLastSection(stretch == header.count() - 1)


def header_width(header: QHeaderView, column: int) -> int:
    """The width a column's heading needs. A hidden column (a price while the covers are sealed) has no size hint
    from Qt, so its heading is measured here: shown later, it must not come back a few pixels wide."""
    if not header.isSectionHidden(column):
        return header.sectionSizeHint(column)
    model = header.model()
    text = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model is not None else ""
    metrics = header.fontMetrics()
    mark = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    return metrics.horizontalAdvance(text) + 2 * metrics.horizontalAdvance("M") + mark


def column_widths(model: RowTableModel[Any], font: QFont, icon: int, sample: int = 60) -> list[int]:
    """The width in pixels each column's text needs over a sample of rows spread over the model (the first, the last
    and evenly between), with the cell's margins, its icon where it has one and its own font where it sets one."""
    rows = model.rows
    step = max(1, len(rows) // sample)
    picked = rows[::step][:sample] + rows[-1:]
    plain = QFontMetrics(font)
    margin = plain.horizontalAdvance("M")
    widths = []
    for c, col in enumerate(model.COLUMNS):
        metrics, extra = plain, margin
        if picked:
            own = model.style(picked[0], c, Qt.ItemDataRole.FontRole)
            if isinstance(own, QFont):
                metrics = QFontMetrics(own)
            if model.style(picked[0], c, Qt.ItemDataRole.DecorationRole) is not None:
                extra += icon + 4
        texts = {shown(col.text(col.value(row))) for row in picked}
        widths.append(max((metrics.horizontalAdvance(t) for t in texts), default=0) + extra)
    return widths


def table_tsv(view: QTableView, selected_only: bool = True) -> str:
    """A table view's rows as shown (sorted, filtered), or only the selected ones, as tab-separated text."""
    model = view.model()
    proxy = model if isinstance(model, QSortFilterProxyModel) else None
    source = proxy.sourceModel() if proxy is not None else model
    if not isinstance(source, RowTableModel):
        return ""
    if proxy is not None:
        order = [proxy.mapToSource(proxy.index(r, 0)).row() for r in range(proxy.rowCount())]
    else:
        order = list(range(source.rowCount()))
    if selected_only and view.selectionModel() is not None:
        picked = view.selectionModel().selectedRows()
        chosen = {proxy.mapToSource(i).row() if proxy is not None else i.row() for i in picked}
        if chosen:
            order = [r for r in order if r in chosen]
    return source.as_tsv(order)


def visible_rows(view: QTableView) -> tuple[int, int] | None:
    """The first and last rows a table shows on screen now (None when it is not shown)."""
    if not view.isVisible():
        return None
    first = view.rowAt(0)
    if first < 0:
        return None
    last = view.rowAt(view.viewport().height() - 1)
    return first, (last if last >= 0 else view.model().rowCount() - 1)


class FirstStep(QWidget):
    """What an empty evaluation shows: the one thing to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Getting started")
        title = QLabel("<h2>Start by importing the bids</h2>")
        text = QLabel(
            "Import the bid form workbooks (one bidder a file) or a bids table (.xlsx or .csv).<br>"
            "You can also drag files or a whole folder onto this window.<br>"
            "Every problem found is listed with its file, sheet and cell; nothing is changed in your files."
        )
        text.setWordWrap(True)
        self.import_files = QPushButton("Import &bid files…")
        self.import_folder = QPushButton("Import a f&older…")
        self.open_demo = QPushButton("Open the sam&ple evaluation")
        for b, name in (
            (self.import_files, "Import bid files"),
            (self.import_folder, "Import a folder"),
            (self.open_demo, "Open the sample evaluation"),
        ):
            b.setAccessibleName(name)
            b.setMinimumHeight(b.sizeHint().height() * 3 // 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_files)
        buttons.addWidget(self.import_folder)
        buttons.addWidget(self.open_demo)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)
        layout.setContentsMargins(48, 24, 48, 24)


class BidsView(QWidget):
    current_changed = Signal(object)  # BidRow | None
    activated = Signal(object)  # BidRow (double-click or Enter)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BidsTableModel(self)  # sorts and filters itself: no proxy

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search reference, bidder, group, reason or file")
        self.search.setAccessibleName("Search bids")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        for text, statuses in STATUS_FILTERS:
            self.status_filter.addItem(text, statuses)
        self.count = QLabel()
        self.count.setAccessibleName("Bids shown")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status_filter)
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        bar.addWidget(status_label)
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(self.count)

        self.table = make_table("Bids")
        self.table.setModel(self.model)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._current)

        self.first_step = FirstStep()
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(bar)
        inner.addWidget(self.table)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.first_step)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.search.textChanged.connect(self._filter_text)
        self.status_filter.currentIndexChanged.connect(self._filter_status)
        self._sized = False

    # -- contents --------------------------------------------------------------------------------------------------
    def set_rows(self, rows: list[BidRow]) -> None:
        """The rows of a new evaluation. The same bids as shown now (a scheme change, a decision) keep the
        selection and the scroll, and only the cells that changed are repainted; the current row, made anew,
        is announced again (the detail shows the new evaluation of the same bid)."""
        keep = self.current_row()
        self.model.update_rows(rows, visible_rows(self.table))
        self.stack.setCurrentIndex(1 if rows else 0)
        if rows and not self._sized:
            fit_columns(self.table, stretch=BidsTableModel.FILE, cap=420)  # reasons capped at 42 em, full in the tip
            self._sized = True
        self._update_count()
        if keep is None:
            return
        now = self.current_row()
        if now is None:
            self.select_key(keep.key)
        elif now is not keep:
            self.current_changed.emit(now)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.given)
        self.count.setText(f"{shown} of {total} bids" if shown != total else f"{total} bids")

    def _filter_text(self, text: str) -> None:
        self.model.set_text(text)
        self._update_count()

    def _filter_status(self, i: int) -> None:
        self.model.set_statuses(self.status_filter.itemData(i))
        self._update_count()

    # -- selection -------------------------------------------------------------------------------------------------
    def current_row(self) -> BidRow | None:
        idx = self.table.currentIndex()
        r = idx.row() if idx.isValid() else -1
        return self.model.rows[r] if 0 <= r < len(self.model.rows) else None

    def select_key(self, key: str) -> bool:
        """Make the bid with this key current and selected, if it is shown (not filtered out)."""
        for r, row in enumerate(self.model.rows):
            if row.key == key:
                idx = self.model.index(r, 0)
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().setCurrentIndex(idx, flags)
                self.table.scrollTo(idx)
                return True
        return False

    def select_ref(self, bid_ref: str) -> bool:
        row = next((r for r in self.model.rows if r.outcome.bid_ref == bid_ref), None)
        return row is not None and self.select_key(row.key)

    def _current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.current_changed.emit(self.current_row())

    def _activated(self, index: QModelIndex) -> None:
        row = self.current_row()
        if row is not None:
            self.activated.emit(row)

    # -- clipboard -------------------------------------------------------------------------------------------------
    def copy_tsv(self, selected_only: bool = True) -> str:
        """Put the rows shown (or only the selected ones) on the clipboard as tab-separated text."""
        text = table_tsv(self.table, selected_only)
        QGuiApplication.clipboard().setText(text)
        return text
