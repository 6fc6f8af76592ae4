"""Right-click menus on every table: the committee's decision (for one bid or several), copy, open the source file
and show it in its folder, and remove. What a row offers follows from what it is (a bid, a problem, an input file,
an audit entry)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu, QTableView

from repm_bids.gui.bids_view import table_tsv
from repm_bids.gui.table_model import RowTableModel


def selected_rows(view: QTableView) -> list[Any]:
    """The row objects selected in a table (through its sort/filter proxy), in the order shown."""
    model = view.model()
    proxy = model if isinstance(model, QSortFilterProxyModel) else None
    source = proxy.sourceModel() if proxy is not None else model
    if not isinstance(source, RowTableModel) or view.selectionModel() is None:
        return []
    picked = sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())
    rows = [proxy.mapToSource(i).row() if proxy is not None else i.row() for i in picked]
    return [source.rows[r] for r in rows if 0 <= r < len(source.rows)]


def row_path(row: Any) -> str | None:
    """The file a row came from: a bid's form or table, a problem's file, an input file."""
    outcome = getattr(row, "outcome", row)
    source = getattr(outcome, "source", None)
    path = getattr(source, "path", None) or getattr(row, "path", None)
    return str(path) if path else None


def row_ref(row: Any) -> str | None:
    outcome = getattr(row, "outcome", row)
    return getattr(outcome, "bid_ref", None)


def open_path(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def show_in_folder(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


class TableMenus:
    """Gives tables their right-click menu. `decide(refs)` records a decision for the bids named; `remove(row)`
    removes a bid or a file (the window's own undoable commands)."""

    def __init__(
        self,
        decide: Callable[[list[str]], object],
        copied: Callable[[str], object],
        remove: dict[QTableView, Callable[[Any], object]] | None = None,
    ) -> None:
        self.decide = decide
        self.copied = copied
        self.remove = remove or {}
        self.last_menu: QMenu | None = None
        # more entries for the rows selected (the Stage menu's steps on an awarded bid): (menu, view, rows)
        self.extras: list[Callable[[QMenu, QTableView, list[Any]], object]] = []

    def install(self, *views: QTableView) -> None:
        for view in views:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self.show(v, pos))

    def menu_for(self, view: QTableView) -> QMenu:
        rows = selected_rows(view)
        menu = QMenu(view)
        refs = [r for r in (row_ref(row) for row in rows) if r]
        if refs and view.property("bids_table"):
            many = f" for {len(refs)} bids" if len(refs) > 1 else ""
            menu.addAction(f"Committee &decision{many}…", lambda: self.decide(refs))
        for extra in self.extras:
            extra(menu, view, rows)
        menu.addAction("&Copy rows", lambda: self._copy(view))
        path = row_path(rows[0]) if len(rows) == 1 else None
        if path:
            menu.addSeparator()
            menu.addAction("&Open the source file", lambda: open_path(path))
            menu.addAction("Show in &folder", lambda: show_in_folder(path))
        remove = self.remove.get(view)
        if remove is not None and len(rows) == 1:
            menu.addSeparator()
            menu.addAction("&Remove…" if view.property("bids_table") else "&Remove", lambda: remove(rows[0]))
        return menu

    def show(self, view: QTableView, pos: QPoint) -> QMenu:
        index = view.indexAt(pos)
        if index.isValid() and not view.selectionModel().isRowSelected(index.row(), index.parent()):
            view.selectRow(index.row())
        menu = self.menu_for(view)
        self.last_menu = menu
        menu.popup(view.viewport().mapToGlobal(pos))
        return menu

    def _copy(self, view: QTableView) -> None:
        text = table_tsv(view)
        QApplication.clipboard().setText(text)
        self.copied(text)
