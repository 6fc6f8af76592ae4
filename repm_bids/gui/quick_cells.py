"""Table cells painted from what the model keeps, with no round trip through Qt's item roles.

Qt's own delegate asks the model for seven roles of every cell it paints (seven calls into Python a cell) and lays
each text out afresh: a re-ranked table of 13 rows by 11 columns took about 10 ms to repaint, at every scheme change.
`QuickCells` takes a row's texts as the model keeps them (`RowTableModel.texts`), the cell's fill, text colour and
icon from the model's `style` (kept per column and `paint_key`, the status for the ranking), and draws each text from
a QStaticText kept per text. Where it lays a cell out it asks the style once (the margins, where an icon goes), so a
cell looks as Qt's delegate draws it. A selected or focused cell, or one with a font of its own, is left to Qt's
delegate (the style's highlight and focus frame). The table's repaints are done in one pass over their dirty
cells (`quick_pass.paint_cells`, from the viewport's paint event), which draws each with `draw`, as `paint` does.

What holds for every cell of one repaint (the font and icon size the margins were measured for, the palette's text
colour) is looked at once per repaint, at its first cell: reading the font's key or the palette at each cell took
about half of a cell's time.

Each call into Qt from Python here would take a reference from None with PySide6 6.12 on CPython 3.11; the window
gives None a reserve no call uses up (singletons.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QIcon, QImage, QPainter, QPaintEvent, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from repm_bids.gui.quick_pass import hover_unseen, paint_cells
from repm_bids.gui.table_model import RowTableModel

_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FONT = Qt.ItemDataRole.FontRole
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight
_BY_QT = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus).value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_PAINT = QEvent.Type.Paint
_Index = QModelIndex | QPersistentModelIndex
KEPT_TEXTS = 20_000  # texts kept ready to draw; past that they are made again as shown

Look = tuple[QBrush | None, QColor | None, QIcon | None, bool]  # fill, text colour, icon, aligned right
Cell = tuple[int, int, int, int]  # x, y, width, height


class QuickCells(QStyledItemDelegate):
    """The delegate of a table over a RowTableModel (set on the view with `view.setItemDelegate`)."""

    def __init__(self, view: QTableView, model: RowTableModel[Any]) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self._looks: dict[tuple[Any, int], Look] = {}  # by (paint key, column)
        self._texts: dict[str, tuple[QStaticText, int]] = {}  # a text ready to draw, and its width
        self._elided: dict[tuple[str, int], tuple[QStaticText, int]] = {}
        self._metrics: tuple[Any, ...] | None = None  # what the margins were measured for
        self._height = -1  # the row height they were measured for
        self._margins: dict[bool, tuple[int, int, int, QRect]] = {}  # icon or not: left, right, top, icon place
        self._fm = QFontMetrics(view.font())
        self._checked = False  # this repaint's font, icon size and palette were looked at
        self._pens: dict[bool, QColor] = {}  # this repaint's text colour, for an enabled cell and a disabled one
        self.one_pass = (
            True  # the view's repaints painted by `paint_cells` where it can (False: by Qt, a cell at a time)
        )
        self._hover_style: QStyle | None = None
        self._hover_unseen = False
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == _PAINT and isinstance(event, QPaintEvent):
            self._checked = False  # a repaint starts: its first cell looks at the font and palette again
            return self.one_pass and paint_cells(self, event)  # painted here in one pass, or by Qt a cell at a time
        return False

    def hover_unseen(self) -> bool:
        """Whether the view's style draws the cell under the mouse as any other (asked once for each style)."""
        style = self.view.style()
        if self._hover_style is not style:
            self._hover_style, self._hover_unseen = style, hover_unseen(self.view)
        return self._hover_unseen

    # -- what a cell looks like --------------------------------------------------------------------------------------
    def look(self, row: Any, column: int) -> Look | None:
        """The cell's fill, text colour and icon, as the model's `style` gives them; None when it sets a font."""
        m = self.model
        key = m.paint_key(row)
        if key is not None:
            kept = self._looks.get((key, column))
            if kept is not None:
                return kept
        if m.style(row, column, _FONT) is not None:
            return None
        fill = m.style(row, column, _BACKGROUND)
        pen = m.style(row, column, _FOREGROUND)
        icon = m.style(row, column, _DECORATION)
        align = m.COLUMNS[column].align
        made: Look = (
            fill if isinstance(fill, QBrush) else None,
            pen.color() if isinstance(pen, QBrush) else pen if isinstance(pen, QColor) else None,
            icon if isinstance(icon, QIcon) else None,
            bool(align is not None and align & _RIGHT),
        )
        if key is not None:
            self._looks[(key, column)] = made
        return made

    def forget_looks(self) -> None:
        """The model's colours or icons changed for the same paint keys (a subclass's choice): looked up again."""
        self._looks.clear()

    # -- painting ----------------------------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        m = self.model
        r = index.row()
        state = option.state.value
        if state & _BY_QT or not 0 <= r < len(m.rows):
            super().paint(painter, option, index)
            return
        c = index.column()
        look = self.look(m.rows[r], c)
        if look is None:
            super().paint(painter, option, index)
            return
        self.draw(painter, option, _corner_and_size(option.rect), r, c, look, bool(state & _ENABLED))

    def draw(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cell: Cell,
        r: int,
        c: int,
        look: Look,
        enabled: bool,
        filled: bool = False,
    ) -> None:
        """Draw the cell at `cell` (x, y, width, height) of row r, column c, as it looks (its fill too, unless `filled`
        says it is there already); `option` is the view's (its font, icon size and palette; its rectangle as high as
        the cell)."""
        fill, colour, icon, right = look
        x, y, w, h = cell
        if fill is not None and not filled:
            painter.fillRect(x, y, w, h, fill)
        if not self._checked or h != self._height:
            self._check(option)
        left, inset, top, icon_at = self._margins.get(icon is not None) or self._layout(option, icon is not None)
        if icon is not None:
            icon.paint(painter, icon_at.translated(x, y))
        text = self.model.texts(r)[c]
        if not text:
            return
        x0, x1 = x + left, x + w - inset
        static, width = self._ready(text, x1 - x0)
        if colour is None:
            colour = self._pens.get(enabled)
            if colour is None:
                colour = self._pens[enabled] = option.palette.text().color()
        painter.setPen(colour)
        painter.drawStaticText(x1 - width if right else x0, y + top, static)

    def _check(self, option: QStyleOptionViewItem) -> None:
        """The first cell of a repaint (or a row of another height): the margins still fit the font and icon size,
        and the text colour is the palette's now."""
        self._checked = True
        self._pens = {}
        self._layout(option, False)

    def _ready(self, text: str, room: int) -> tuple[QStaticText, int]:
        """The text ready to draw and its width; cut short with an ellipsis where it does not fit in `room`."""
        kept = self._texts.get(text)
        if kept is None:
            if len(self._texts) > KEPT_TEXTS:
                self._texts.clear()
            kept = self._texts[text] = _static(text, self._fm.horizontalAdvance(text))
        if kept[1] <= room:
            return kept
        cut = self._elided.get((text, room))
        if cut is None:
            if len(self._elided) > KEPT_TEXTS:
                self._elided.clear()
            short = self._fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
            cut = self._elided[(text, room)] = _static(short, self._fm.horizontalAdvance(short))
        return cut

    def _layout(self, option: QStyleOptionViewItem, with_icon: bool) -> tuple[int, int, int, QRect]:
        """Where Qt's delegate puts a cell's text (its left and right insets) and its icon, as the style says; asked
        once for each font, icon size and row height."""
        font = option.font
        size: QSize = option.decorationSize
        height = option.rect.height()
        now = (font.key(), size.width(), size.height(), height)
        if now != self._metrics:
            self._metrics, self._height = now, height
            self._margins = {}
            self._fm = QFontMetrics(font)
            self._texts.clear()
            self._elided.clear()
        kept = self._margins.get(with_icon)
        if kept is None:
            kept = self._margins[with_icon] = self._measure(option, with_icon)
        return kept

    def _measure(self, option: QStyleOptionViewItem, with_icon: bool) -> tuple[int, int, int, QRect]:
        probe = QStyleOptionViewItem(option)
        width = 400
        probe.rect = QRect(0, 0, width, option.rect.height())
        probe.text = "0"
        probe.displayAlignment = _LEFT
        features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if with_icon:
            features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            probe.decorationPosition = QStyleOptionViewItem.Position.Left
        probe.features = features
        style = self.view.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, probe, self.view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
        icon = (
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, probe, self.view)
            if with_icon
            else QRect()
        )
        left = text.x() + margin
        top = self._text_top(probe, left)
        return left, width - (text.x() + text.width()) + margin, top, icon

    def _text_top(self, probe: QStyleOptionViewItem, left: int) -> int:
        """Where a text's box starts below the cell's top when Qt's delegate draws it: found by drawing a figure both
        ways once (the style rounds the line's height its own way, which moves the text by a pixel)."""
        dpr = self.view.devicePixelRatioF()
        size = probe.rect.size()
        probe.text = "0"
        style, view = self.view.style(), self.view
        by_qt = _ink_top(dpr, size, lambda p: style.drawControl(QStyle.ControlElement.CE_ItemViewItem, probe, p, view))
        ours = _ink_top(dpr, size, lambda p: p.drawStaticText(left, 0, _static("0", 0)[0]))
        if by_qt is None or ours is None:
            return (size.height() - self._fm.height()) // 2
        return round((by_qt - ours) / dpr)


def _ink_top(dpr: float, size: QSize, draw: Callable[[QPainter], None]) -> int | None:
    """The first row of device pixels that `draw` inks in an image of `size`."""
    image = QImage(size * dpr, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setPen(QColor("#000000"))
    draw(painter)
    painter.end()
    for y in range(image.height()):
        if any(image.pixelColor(x, y).alpha() for x in range(image.width())):
            return y
    return None


def _corner_and_size(rect: QRect) -> tuple[int, int, int, int]:
    """x, y, width, height in one call into Qt."""
    return rect.getRect()  # type: ignore[return-value]  # the bindings declare it as object


def _static(text: str, width: int) -> tuple[QStaticText, int]:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    return static, width
