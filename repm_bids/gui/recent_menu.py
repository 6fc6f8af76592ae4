"""The recent-files menus: a numbered mnemonic, the file's name and its folder (elided in the middle, so the
drive and the file's own folder both stay), and the full path as the tooltip and the status tip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from repm_bids.gui.literal import literal


def recent_text(index: int, path: str, menu: QMenu, width_em: int = 45) -> str:
    p = Path(path)
    metrics = menu.fontMetrics()
    folder = metrics.elidedText(str(p.parent), Qt.TextElideMode.ElideMiddle, metrics.horizontalAdvance("M") * width_em)
    mark = f"&{index} " if index < 10 else ""
    return f"{mark}{(p.name or path).replace('&', '&&')} — {folder.replace('&', '&&')}"


def fill_recent(
    menu: QMenu, paths: list[str], open_one: Callable[[str], object], clear: Callable[[], object] | None = None
) -> None:
    menu.clear()
    menu.setToolTipsVisible(True)
    for i, p in enumerate(paths, 1):
        action = menu.addAction(recent_text(i, p, menu))
        action.setToolTip(literal(p))
        action.setStatusTip(p)
        action.triggered.connect(lambda *_, path=p: open_one(path))
    if paths and clear is not None:
        menu.addSeparator()
        menu.addAction("&Clear the list", clear)
    menu.setEnabled(bool(paths))
