"""The template every table model follows (after Vorta's archive_table_model.py).

A model is a list of `Column`s over a list of plain row objects. `set_rows()` swaps the rows inside
beginResetModel/endResetModel; `SORT_ROLE` returns native values (numbers sort as numbers, missing values last);
a `QSortFilterProxyModel` does the sorting and filtering. No data is ever copied into a QTableWidget.

A view asks `data()` for about seven roles of every cell it paints (a scheme change repaints a thousand cells or
more), so `data()` is kept short: a role no model here serves is refused first, a row's texts are made once, when
first shown, and kept until the rows change, and the models hand out shared brushes and fonts (`brush`, `bold`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from repm_bids.domain.shown import shown
from repm_bids.gui.literal import literal

R = TypeVar("R")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

_Index = QModelIndex | QPersistentModelIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
# the roles any model here answers; a view also asks for the check state, the size hint and more, for every cell
SERVED_ROLES = frozenset(
    int(r)
    for r in (
        _DISPLAY,
        _TOOLTIP,
        _ALIGN,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
        SORT_ROLE,
        ROW_ROLE,
    )
)


@cache
def brush(hex_rgb: str) -> QBrush:
    """One brush per colour, shared by every cell that uses it."""
    return QBrush(QColor(hex_rgb))


@cache
def bold() -> QFont:
    f = QFont()
    f.setBold(True)
    return f


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]  # the native value (sort role); display is text(value)
    text: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    align: Qt.AlignmentFlag | None = None
    tooltip: str = ""


def sort_key(value: Any) -> Any:
    """Missing values sort after every real value, numbers as numbers, text case-insensitively."""
    if value is None:
        return (1, 0)
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses set COLUMNS and may override `style(row, column, role)` for colours, icons and fonts."""

    COLUMNS: Sequence[Column[Any]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[R] = []
        self._texts: list[tuple[str, ...] | None] = []  # each row's shown texts, made when the row is first shown

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [None] * len(self.rows)
        self.endResetModel()

    def texts(self, r: int) -> tuple[str, ...]:
        """The texts row r shows, one a column (a bid's text or a file name: controls escaped)."""
        made = self._texts[r]
        if made is None:
            row = self.rows[r]
            made = self._texts[r] = tuple(shown(c.text(c.value(row))) for c in self.COLUMNS)
        return made

    def row(self, index: _Index) -> R:
        return self.rows[index.row()]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            col = self.COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
                return col.tooltip
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in SERVED_ROLES:
            return None
        r = index.row()
        if not 0 <= r < len(self.rows):  # an invalid index has row -1
            return None
        if role == _DISPLAY:
            return self.texts(r)[index.column()]
        row = self.rows[r]
        col = self.COLUMNS[index.column()]
        if role == SORT_ROLE:
            return sort_key(col.value(row))
        if role == ROW_ROLE:
            return row
        if role == _ALIGN:
            return None if col.align is None else int(col.align)
        styled = self.style(row, index.column(), role)
        if role == _TOOLTIP and isinstance(styled, str) and styled:
            return literal(styled)  # a bid's text, shown as written even when it looks like markup
        return styled

    def style(self, row: R, column: int, role: int) -> Any:
        return None

    def sort_value(self, index: _Index) -> Any:
        """The native sort key of a cell, without a round trip through QVariant (the proxy's lessThan uses it)."""
        col = self.COLUMNS[index.column()]
        return sort_key(col.value(self.rows[index.row()]))

    def as_tsv(self, rows: Sequence[int] | None = None) -> str:
        """The table as tab-separated text with a header line (for the clipboard)."""
        picked = range(len(self.rows)) if rows is None else rows
        lines = ["\t".join(c.title for c in self.COLUMNS)]
        for r in picked:
            row = self.rows[r]
            lines.append("\t".join(_tsv_cell(c.text(c.value(row))) for c in self.COLUMNS))
        return "\n".join(lines) + "\n"


def _tsv_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


class SortProxy(QSortFilterProxyModel):
    """Sorts by the source model's native values; subclasses add `accepts(row) -> bool` for filtering."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            return bool(model.sort_value(left) < model.sort_value(right))
        return super().lessThan(left, right)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if isinstance(model, RowTableModel) and source_row < len(model.rows):
            return self.accepts(model.rows[source_row])
        return True

    def accepts(self, row: Any) -> bool:
        return True

    def refilter(self, change: Callable[[], None]) -> None:
        """Change what `accepts` looks at, then filter again (Qt 6.9+: begin/endFilterChange)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # older Qt
            change()
            self.invalidateFilter()
