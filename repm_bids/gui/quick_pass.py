"""A table's dirty cells painted in one pass, as QTableView paints them, without a call into Python per cell.

QTableView paints a cell at a time: for each one it asks the model (in Python) for its row and column counts, copies
its style option and calls the delegate (in Python) with the copy; about half of a re-ranked table's repaint went
there before a cell was drawn. `paint_cells` walks the same cells in the same order (each rectangle of the repainted
region: its cells, then its grid lines) and has `QuickCells` draw them straight from the model's texts. A selected or
focused cell, or one the delegate leaves to Qt, gets what QTableView gives it: the option with its state, the style's
row panel, then the delegate.

It is used only where the result is the same: a view without spans (QuickCells' tables set none), in one direction
(left to right), enabled, without alternating colours or drag and drop, over a model that keeps Qt's item flags, in a
style whose row panel and cells look the same under the mouse as elsewhere (QTableView tells its delegate which cell
is under the mouse, and Python cannot ask it); elsewhere Qt paints the table as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QAbstractTableModel, QLineF, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen, QRegion
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QTableView

if TYPE_CHECKING:
    from repm_bids.gui.table_model import RowTableModel

Cell = tuple[int, int, int, int]  # x, y, width, height in the viewport


class CellDrawer(Protocol):
    """What the one pass needs of the delegate (quick_cells.QuickCells, which calls it: named here, not imported)."""

    view: QTableView
    model: RowTableModel[Any]

    def look(self, row: Any, column: int) -> Any: ...

    def draw(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cell: Cell,
        r: int,
        c: int,
        look: Any,
        enabled: bool,
        filled: bool = False,
    ) -> None: ...

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None: ...

    def hover_unseen(self) -> bool: ...


_SELECTED = QStyle.StateFlag.State_Selected
_FOCUS = QStyle.StateFlag.State_HasFocus
_ENABLED = QStyle.StateFlag.State_Enabled
_HOVER = QStyle.StateFlag.State_MouseOver
_ROW_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewRow
_MOST_RANGES = 64  # a selection of more pieces than this: Qt paints the table (each cell is looked up in all)


def paint_cells(cells: CellDrawer, event: QPaintEvent) -> bool:
    """Paint the cells of `event`'s region of the view's viewport; False, with nothing painted, where Qt must."""
    view = cells.view
    if not _plain(cells):
        return False
    across, down = view.horizontalHeader(), view.verticalHeader()
    if across.count() == 0 or down.count() == 0:
        return False
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    palette = QPalette(option.palette)
    palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)  # an enabled cell's colours, as QTableView sets them
    option.palette = palette
    grid = 1 if view.showGrid() else 0
    colour = QColor.fromRgba(view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view) & 0xFFFFFFFF)
    pen = QPen(colour, 1, view.gridStyle())
    # a solid line one device pixel wide covers the pixels of a rectangle one pixel across: filled, many times faster
    solid = view.gridStyle() == Qt.PenStyle.SolidLine and view.viewport().devicePixelRatioF() == 1.0
    special = _special_cells(view)
    if special is None:
        return False
    x_end = across.length() - across.offset() - 1
    y_end = down.length() - down.offset() - 1
    painter = QPainter(view.viewport())
    drawn: set[tuple[int, int]] = set()
    height = -1
    rects = _rects(event.region())
    # one rectangle: a row's neighbouring cells of one fill are filled at once, the grid lines between them drawn over
    # the fill after (a solid, opaque line a pixel wide leaves nothing of what it was drawn over)
    runs = len(rects) == 1 and (not grid or (solid and colour.alpha() == 255))
    for rect in rects:
        dirty = QRect(rect)
        dirty.setBottom(min(dirty.bottom(), y_end))
        dirty.setRight(min(dirty.right(), x_end))
        if not dirty.isValid():
            continue
        rows = _rows(view, dirty, grid)
        if rows is None:
            continue
        columns = _columns(view, dirty, grid)
        for row, y, h in rows:
            if h != height:  # the option is as high as the row: QuickCells measures its margins by it
                height = h
                option.rect = QRect(0, y, 1, h)
            _row(cells, painter, option, row, (y, h), columns, drawn, special, grid if runs else -1)
        if grid:
            _grid(painter, pen, solid, dirty, rows, columns)
    painter.end()
    return True


def _grid(
    painter: QPainter,
    pen: QPen,
    solid: bool,
    dirty: QRect,
    rows: list[tuple[int, int, int]],
    columns: list[tuple[int, int, int]],
) -> None:
    """The grid lines of a dirty rectangle: under each row and right of each column, across the rectangle, as
    QTableView draws them (lines through the pixels' centres), or as rectangles a pixel across where that is alike."""
    left, right, top, bottom = dirty.left(), dirty.right(), dirty.top(), dirty.bottom()
    if solid:
        colour = pen.color()
        for _row, y, h in rows:
            painter.fillRect(left, y + h, right - left + 1, 1, colour)
        for _col, x, w in columns:
            painter.fillRect(x + w, top, 1, bottom - top + 1, colour)
        return
    painter.setPen(pen)
    for _row, y, h in rows:
        painter.drawLine(QLineF(left, y + h, right, y + h).translated(0.5, 0.5))
    for _col, x, w in columns:
        painter.drawLine(QLineF(x + w, top, x + w, bottom).translated(0.5, 0.5))


def _rects(region: QRegion) -> list[QRect]:
    """The rectangles of a region (the bindings iterate it; their stubs do not say so)."""
    rects: Iterable[QRect] = cast(Any, region)
    return list(rects)


def _plain(cells: CellDrawer) -> bool:
    """The view is one that `paint_cells` paints as QTableView would (see the module's docstring)."""
    view, model = cells.view, cells.model
    return (
        view.isEnabled()
        and not view.isRightToLeft()
        and not view.alternatingRowColors()
        and view.dragDropMode() == QAbstractItemView.DragDropMode.NoDragDrop
        and view.model() is model
        and view.itemDelegate() is cast(object, cells)
        and type(model).flags is QAbstractTableModel.flags
        and not view.style().styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, None, view)
        and cells.hover_unseen()
    )


def _special_cells(view: QTableView) -> dict[tuple[int, int], int] | None:
    """The cells QTableView paints with more state than its option's: selected ones (in the rows of the selection)
    and the current one while the view has the focus; None for a selection of many pieces."""
    special: dict[tuple[int, int], int] = {}
    chosen = view.selectionModel()
    if chosen is not None and chosen.hasSelection():
        selection = chosen.selection()
        if selection.size() > _MOST_RANGES:
            return None
        ranges = [selection.at(i) for i in range(selection.size())]
        first = max(view.rowAt(0), 0)
        last = view.rowAt(view.viewport().height() - 1)
        last = view.model().rowCount() - 1 if last < 0 else last
        for piece in ranges:
            for r in range(max(piece.top(), first), min(piece.bottom(), last) + 1):
                for c in range(piece.left(), piece.right() + 1):
                    special[(r, c)] = _SELECTED.value
    current = view.currentIndex()
    if current.isValid() and (view.hasFocus() or view.viewport().hasFocus()):
        at = (current.row(), current.column())
        special[at] = special.get(at, 0) | _FOCUS.value
    return special


def _rows(view: QTableView, dirty: QRect, grid: int) -> list[tuple[int, int, int]] | None:
    """The rows a dirty rectangle crosses, as (row, top, height without the grid line); None for none."""
    down = view.verticalHeader()
    bottom = down.visualIndexAt(dirty.bottom())
    bottom = down.count() - 1 if bottom == -1 else bottom
    top = down.visualIndexAt(dirty.top())
    if top == -1 or top > bottom:
        return None
    rows = []
    for visual in range(top, bottom + 1):
        row = down.logicalIndex(visual)
        if not down.isSectionHidden(row):
            rows.append((row, view.rowViewportPosition(row), view.rowHeight(row) - grid))
    return rows


def _columns(view: QTableView, dirty: QRect, grid: int) -> list[tuple[int, int, int]]:
    """The columns a dirty rectangle crosses, as (column, left, width without the grid line)."""
    across = view.horizontalHeader()
    left = across.visualIndexAt(dirty.left())
    right = across.visualIndexAt(dirty.right())
    left = 0 if left == -1 else left
    right = across.count() - 1 if right == -1 else right
    columns = []
    for visual in range(left, right + 1):
        col = across.logicalIndex(visual)
        if not across.isSectionHidden(col):
            columns.append((col, view.columnViewportPosition(col), view.columnWidth(col) - grid))
    return columns


def _row(
    cells: CellDrawer,
    painter: QPainter,
    option: QStyleOptionViewItem,
    row: int,
    span: tuple[int, int],
    columns: list[tuple[int, int, int]],
    drawn: set[tuple[int, int]],
    special: dict[tuple[int, int], int],
    runs: int,
) -> None:
    """A row's cells not yet drawn in `columns`, left to right: drawn by QuickCells from the model's texts, or,
    selected or focused (or left to Qt by the delegate), as QTableView draws them. `span` is the row's top and height
    (without its grid line); with `runs` >= 0 (the grid's width), neighbouring cells of one fill are filled at once."""
    model = cells.model
    if not 0 <= row < len(model.rows):
        return  # no such index: QTableView skips it too
    row_object, n = model.rows[row], len(model.COLUMNS)
    todo: list[tuple[int, int, int, int, Any]] = []
    for col, x, w in columns:
        if (row, col) in drawn or not 0 <= col < n:
            continue
        drawn.add((row, col))
        state = special.get((row, col), 0)
        todo.append((col, x, w, state, None if state else cells.look(row_object, col)))
    y, h = span
    if runs >= 0:
        _fill_runs(painter, todo, y, h, runs)
    for col, x, w, state, look in todo:
        if look is None:
            _by_qt(cells, painter, option, (x, y, w, h), row, col, state)
        else:
            cells.draw(painter, option, (x, y, w, h), row, col, look, True, runs >= 0)


def _fill_runs(painter: QPainter, todo: list[tuple[int, int, int, int, Any]], y: int, h: int, grid: int) -> None:
    """Fill each run of neighbouring cells that QuickCells draws with one fill (the looks share their brushes) as one
    rectangle, from the run's first cell's left to its last cell's right."""
    start = end = 0
    fill = None
    for _col, x, w, _state, look in todo:
        now = look[0] if look is not None else None
        if now is not None and now is fill and x == end + grid:
            end = x + w
            continue
        if fill is not None:
            painter.fillRect(start, y, end - start, h, fill)
        fill, start, end = now, x, x + w
    if fill is not None:
        painter.fillRect(start, y, end - start, h, fill)


def _by_qt(
    cells: CellDrawer, painter: QPainter, option: QStyleOptionViewItem, cell: Cell, row: int, col: int, state: int
) -> None:
    """A cell as QTableView draws it: the option with the cell's state, the style's row panel, then the delegate."""
    own = QStyleOptionViewItem(option)
    own.rect = QRect(*cell)
    if state:
        own.state = option.state | QStyle.StateFlag(state)
    view = cells.view
    view.style().drawPrimitive(_ROW_PANEL, own, painter, view)
    cells.paint(painter, own, cells.model.index(row, col))


def hover_unseen(view: QTableView) -> bool:
    """Whether the view's style draws a row panel and a cell under the mouse as it draws them elsewhere, selected
    or not (Fusion, Qt's style on Linux, does; a style that lights up the row under the mouse does not)."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = QRect(0, 0, 40, 20)
    option.text = "0"
    option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
    base = QStyle.StateFlag(option.state.value & ~_HOVER.value)
    for extra in (_ENABLED, _ENABLED | _SELECTED):
        plain, hovered = (_drawn(view, option, base | extra | more) for more in (_ENABLED, _HOVER))
        if plain != hovered:
            return False
    return True


def _drawn(view: QTableView, option: QStyleOptionViewItem, state: Any) -> QImage:
    own = QStyleOptionViewItem(option)
    own.state = state
    image = QImage(QSize(40, 20), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    style = view.style()
    style.drawPrimitive(_ROW_PANEL, own, painter, view)
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, own, painter, view)
    painter.end()
    return image
