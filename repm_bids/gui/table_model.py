"""The template every table model follows (after Vorta's archive_table_model.py).

A model is a list of `Column`s over a list of plain row objects. `set_rows()` swaps the rows inside
beginResetModel/endResetModel; `update_rows()` takes a re-evaluation's rows and announces only what changed;
`SORT_ROLE` returns native values (numbers sort as numbers, missing values last). The model sorts and filters
itself on Python lists (`SortProxy`, a `QSortFilterProxyModel`, remains for the small tables of files, problems and
the audit trail). No data is ever copied into a QTableWidget.

A view asks `data()` for about seven roles of every cell it paints (a scheme change repaints a thousand cells or
more), so `data()` is kept short: a role no model here serves is refused first, a row's texts are made once, when
first shown, and kept until the rows change, and the models hand out shared brushes and fonts (`brush`, `bold`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
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
    """One brush per colour, shared by every cell that uses it.

    Made empty and then filled, the same solid brush as `QBrush(QColor(...))`: that constructor makes PySide6 try
    its gradient overloads first, which builds QGradient's enum classes (several hundred members) before the first
    paint."""
    solid = QBrush()
    solid.setColor(QColor(hex_rgb))
    solid.setStyle(Qt.BrushStyle.SolidPattern)
    return solid


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
    """Subclasses set COLUMNS and may override `style(row, column, role)` for colours, icons and fonts,
    `accepts(row)` for a filter, and `identity(row)` to say which rows of a new set are the same things.

    The model sorts and filters itself, on Python lists: `rows` are the rows shown (filtered, in the order shown),
    so a view's row r is `rows[r]` with no proxy in between (a proxy asked Python once a row to filter and once a
    comparison to sort, and doubled the cost of painting a cell). A column's sort keys are made once per set of
    rows. Sorting is stable: rows with equal keys keep the order they had, as in Qt's own proxy."""

    COLUMNS: Sequence[Column[Any]] = ()
    # Rows that leave and come are removed and inserted rather than reset (`update_rows`): for a table whose current
    # row nothing acts on (when the current row leaves, Qt makes its neighbour current).
    MOVES_ROWS = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.given: list[R] = []  # the rows as set, in their own order
        self.rows: list[R] = []  # the rows shown, in the order shown
        self._order: list[int] = []  # every given row's position, in the order sorted (before the filter)
        self._keys: dict[int, list[Any]] = {}  # a column's sort keys, one a given row
        self._texts: list[tuple[str, ...] | None] = []  # each shown row's texts, made when the row is first shown
        self._kept_ids: tuple[list[R], list[Any]] | None = None  # a list of rows and their identities (`_identities`)
        # the values each row's texts were made from (by the row's id, with the row), and, by identity, the values and
        # texts of the last set's rows that were shown (`_remake_texts`)
        self._values: dict[int, tuple[R, tuple[Any, ...]]] = {}
        self._shown_before: dict[Any, tuple[tuple[Any, ...], tuple[str, ...]]] = {}
        self.sort_column = -1  # -1: the rows' own order
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- rows ------------------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self._values, self._shown_before = {}, {}
        self.beginResetModel()
        self._take(rows)
        self.endResetModel()

    def _take(self, rows: Sequence[R]) -> None:
        self.given = list(rows)
        self._keys = {}
        self.forget()
        self._order = self._sorted(list(range(len(self.given))))
        self._filter()

    def forget(self) -> None:
        """New rows were set: a subclass drops what it kept about the old ones."""

    def _filter(self) -> None:
        given = self.given
        if self.accepts_all():
            self.rows = [given[i] for i in self._order]
        else:
            accepts = self.accepts
            self.rows = [row for row in (given[i] for i in self._order) if accepts(row)]
        self._texts = [None] * len(self.rows)

    def identity(self, row: R) -> Any:
        """What makes a row of a new set the same thing as a row of the old one (None: rows are not compared)."""
        return None

    def paint_key(self, row: R) -> Any:
        """Besides its texts, what decides how a row is painted (its colours, icons and fonts)."""
        return None

    def update_rows(self, rows: Sequence[R], visible: tuple[int, int] | None = None) -> None:
        """New rows for the same things (a re-evaluation). When the rows shown are the same ones in the same order,
        only the cells that changed are announced, so the view keeps its selection and scroll and repaints only
        those cells; when the same rows come in another order, the selection stays on the same rows (a layout
        change); in a model that MOVES_ROWS, when some rows left and others came (the waiting list as the award's
        cut moves), the rows that left are removed and those that came inserted, and the selection stays on the
        rows still shown; otherwise the model is reset. `visible` is the range of shown rows on screen (first,
        last): their texts are compared; the rows off screen are made again when shown."""
        if not self.rows or not rows or self.identity(rows[0]) is None:
            self.set_rows(rows)
            return
        identity = self.identity
        old_rows, old_texts = self.rows, self._texts
        old_ids = self._identities(old_rows)
        self._keep_shown(old_rows, old_ids, old_texts)
        given, keys, order = self.given, self._keys, self._order
        self._take(rows)
        new_ids = self._identities(self.rows)
        if new_ids == old_ids:
            self._announce(old_rows, old_texts, visible)
            return
        new_rows = self.rows
        self.rows, self._texts = old_rows, old_texts
        if self.MOVES_ROWS and self._move_rows(old_ids, new_ids, new_rows, visible):
            return
        if len(new_ids) != len(old_ids) or set(new_ids) != set(old_ids):
            no_texts: list[tuple[str, ...] | None] = [None] * len(new_rows)
            taken = self.given, self._keys, self._order, new_rows, no_texts
            self.given, self._keys, self._order = given, keys, order  # as they were until the reset
            self.beginResetModel()
            self.given, self._keys, self._order, self.rows, self._texts = taken
            self.endResetModel()
            return
        self._relayout(lambda: setattr(self, "rows", new_rows), identity, keep_texts=False)

    def _identities(self, rows: list[R]) -> list[Any]:
        """The rows' identities, in order; those of the last list asked about are kept (the rows shown after an update
        are the next update's old rows: their identities are not made again). Between updates the rows shown are
        replaced by another list, never changed in place."""
        kept = self._kept_ids
        if kept is not None and kept[0] is rows:
            return kept[1]
        identity = self.identity
        ids = [identity(r) for r in rows]
        self._kept_ids = (rows, ids)
        return ids

    def _move_rows(
        self, old_ids: list[Any], new_ids: list[Any], new_rows: list[R], visible: tuple[int, int] | None
    ) -> bool:
        """Go from the rows shown (`self.rows`) to `new_rows` by removing the rows that left, putting those that
        stay in their new order (a layout change, only when it differs) and inserting those that came, when that
        is a few runs of rows (a reset would drop the selection, and make the view lay its header out and repaint
        it); False, with nothing announced, otherwise."""
        new_set, old_set = set(new_ids), set(old_ids)
        if len(new_set) != len(new_ids) or len(old_set) != len(old_ids):
            return False  # rows that are not told apart
        gone = _runs([r for r, i in enumerate(old_ids) if i not in new_set])
        came = _runs([r for r, i in enumerate(new_ids) if i not in old_set])
        if len(gone) + len(came) > MOST_RUNS:
            return False
        rows, texts = list(self.rows), list(self._texts)
        self.rows, self._texts = rows, texts
        root = QModelIndex()
        for first, last in reversed(gone):
            self.beginRemoveRows(root, first, last)
            del rows[first : last + 1]
            del texts[first : last + 1]
            self.endRemoveRows()
        identity = self.identity
        place = {i: r for r, i in enumerate(i for i in new_ids if i in old_set)}
        stay = [place[i] for i in old_ids if i in new_set]  # where each row that stays goes among them
        if stay != list(range(len(stay))):  # those that stay, in another order

            def reorder() -> None:
                order = sorted(range(len(rows)), key=lambda r: place[identity(rows[r])])
                rows[:] = [rows[r] for r in order]
                texts[:] = [texts[r] for r in order]
                self.rows = rows

            self._relayout(reorder, identity, keep_texts=False)
            rows, texts = self.rows, self._texts  # (no texts kept: the view repaints every row after a new order)
        for first, last in came:
            self.beginInsertRows(root, first, last)
            rows[first:first] = new_rows[first : last + 1]
            texts[first:first] = [None] * (last - first + 1)
            self.endInsertRows()
        # the rows now stand where the new ones do: those that stayed are told apart by their texts
        self.rows, self._texts = new_rows, [None] * len(new_rows)
        self._announce(rows, texts, visible)
        return True

    def _announce(
        self, old_rows: list[R], old_texts: list[tuple[str, ...] | None], visible: tuple[int, int] | None
    ) -> None:
        """The same rows in the same places. Not on screen (`visible` None): every row is announced as changed.
        On screen: only the cells of the rows in view that changed; a row out of view is asked for afresh when the
        view scrolls to it, and announcing it would repaint the whole view (Qt repaints the whole viewport for a
        range of more than a few dozen rows, even one wholly out of view)."""
        n, last_col = len(self.rows), len(self.COLUMNS) - 1
        if last_col < 0 or n == 0:
            return
        if visible is None:
            self.dataChanged.emit(self.index(0, 0), self.index(n - 1, last_col))
            return
        paint_key = self.paint_key
        for r in range(max(visible[0], 0), min(visible[1], n - 1) + 1):
            before = old_texts[r]
            now = self.texts(r)
            if before is None or paint_key(old_rows[r]) != paint_key(self.rows[r]):
                self.dataChanged.emit(self.index(r, 0), self.index(r, last_col))
                continue
            changed = [c for c, (a, b) in enumerate(zip(before, now, strict=True)) if a != b]
            if changed:
                self.dataChanged.emit(self.index(r, changed[0]), self.index(r, changed[-1]))

    def _relayout(self, change: Callable[[], None], identity: Callable[[R], Any] = id, keep_texts: bool = True) -> None:
        """Change which rows are shown or their order, keeping the selection and the current row on the same rows
        (a row no longer shown leaves the selection); the texts made are kept for the same row objects."""
        _layout_signal(self.layoutAboutToBeChanged).emit([], _ROWS_ONLY)  # the columns stay: their header is left
        before = self.persistentIndexList()
        old_rows = self.rows
        made = {id(row): t for row, t in zip(old_rows, self._texts, strict=True) if t is not None and keep_texts}
        held = [identity(old_rows[i.row()]) if 0 <= i.row() < len(old_rows) else None for i in before]
        change()
        place = {identity(row): r for r, row in enumerate(self.rows)}
        self._texts = [made.get(id(row)) for row in self.rows] if made else [None] * len(self.rows)
        after = []
        for index, key in zip(before, held, strict=True):
            r = place.get(key) if key is not None else None
            after.append(QModelIndex() if r is None else self.index(r, index.column()))
        self.changePersistentIndexList(before, after)
        _layout_signal(self.layoutChanged).emit([], _ROWS_ONLY)

    # -- sorting and filtering -------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (-1: the rows' own order), from the order shown now (stable, as Qt's proxy)."""
        if column >= len(self.COLUMNS):
            return

        def change() -> None:
            self.sort_column, self.sort_order = column, order
            self._order = self._sorted(self._order)
            self._filter()

        self._relayout(change)

    def _sorted(self, order: list[int]) -> list[int]:
        c = self.sort_column
        if c < 0:
            return sorted(order)
        keys = self._keys.get(c)
        if keys is None:
            col = self.COLUMNS[c]
            keys = self._keys[c] = [sort_key(col.value(row)) for row in self.given]
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        try:
            return sorted(order, key=keys.__getitem__, reverse=descending)
        except TypeError:  # text and numbers in one column: numbers first, then text
            mixed = [(k[0], isinstance(k[1], str), k[1]) for k in keys]
            return sorted(order, key=mixed.__getitem__, reverse=descending)

    def accepts(self, row: R) -> bool:
        return True

    def accepts_all(self) -> bool:
        """No filter is set: every row is shown without a look at it. A subclass with `accepts` says when its
        filter is off."""
        return type(self).accepts is RowTableModel.accepts

    def refilter(self, change: Callable[[], None]) -> None:
        """Change what `accepts` looks at, then filter again (the selection stays on the rows still shown)."""

        def again() -> None:
            change()
            self._filter()

        self._relayout(again)

    def texts(self, r: int) -> tuple[str, ...]:
        """The texts row r shows, one a column (a bid's text or a file name: controls escaped)."""
        made = self._texts[r]
        if made is None:
            row = self.rows[r]
            values = tuple(c.value(row) for c in self.COLUMNS)
            self._values[id(row)] = (row, values)
            before = self._shown_before.get(self.identity(row)) if self._shown_before else None
            made = self._texts[r] = self._remake_texts(values, *before) if before else self._make_texts(values)
        return made

    def _make_texts(self, values: tuple[Any, ...]) -> tuple[str, ...]:
        return tuple(shown(c.text(v)) for c, v in zip(self.COLUMNS, values, strict=True))

    def _remake_texts(
        self, values: tuple[Any, ...], old_values: tuple[Any, ...], old_texts: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The texts of a re-evaluated row that was shown before: a column's text is made again only where its value
        changed (a column's text is made from its value alone, and most of a re-evaluated row's figures stay)."""
        return tuple(
            text if value == old and type(value) is type(old) else shown(c.text(value))
            for c, value, old, text in zip(self.COLUMNS, values, old_values, old_texts, strict=True)
        )

    def _keep_shown(self, rows: list[R], ids: list[Any], texts: list[tuple[str, ...] | None]) -> None:
        """Before new rows replace `rows`: the values and texts of those shown, by identity, for `_remake_texts`."""
        values, kept = self._values, {}
        for r, made in enumerate(texts):
            if made is not None:
                row = rows[r]
                had = values.get(id(row))
                if had is not None and had[0] is row:
                    kept[ids[r]] = (had[1], made)
        self._values, self._shown_before = {}, kept

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


_ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint


def _layout_signal(signal: Any) -> Any:
    """The layout signal's overload that says which way the layout changed."""
    return signal["QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"]


MOST_RUNS = 8  # more runs of rows leaving and coming than this: the model is reset (fewer signals than rows)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Row numbers in ascending order as runs of consecutive rows: (first, last) each."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


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
        if self.accepts_all():
            return True
        model = self.sourceModel()
        if isinstance(model, RowTableModel) and source_row < len(model.rows):
            return self.accepts(model.rows[source_row])
        return True

    def accepts(self, row: Any) -> bool:
        return True

    def accepts_all(self) -> bool:
        """No filter is set, so every row is shown without a look at it (Qt asks once a row at every reset: 20,000
        times for a large bids table). A subclass with `accepts` says when its filter is off."""
        return type(self).accepts is SortProxy.accepts

    def refilter(self, change: Callable[[], None]) -> None:
        """Change what `accepts` looks at, then filter again (Qt 6.9+: begin/endFilterChange)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # older Qt
            change()
            self.invalidateFilter()
