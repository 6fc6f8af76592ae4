"""Copy a chart to the clipboard or save it as a PNG (right-click on the chart)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget


def chart_pixmap(view: QWidget) -> QPixmap:
    return view.grab()


def copy_chart(view: QWidget) -> None:
    QGuiApplication.clipboard().setPixmap(chart_pixmap(view))


def save_chart(view: QWidget, path: str) -> bool:
    """Write the chart as a PNG; False if it could not be written."""
    if not path.lower().endswith(".png"):
        path += ".png"
    return chart_pixmap(view).save(path, "PNG")


def ask_save_chart(view: QWidget, folder: str) -> bool:
    name = (view.accessibleName() or "chart").split(" against")[0].replace(" ", "-").lower()
    path, _ = QFileDialog.getSaveFileName(
        view.window(), "Save the chart", str(Path(folder) / f"{name}.png"), "PNG (*.png)"
    )
    return bool(path) and save_chart(view, path)


def install_chart_menu(view: QWidget, folder: str) -> None:
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = QMenu(view)
        menu.addAction("&Copy the chart", lambda: copy_chart(view))
        menu.addAction("&Save the chart as PNG…", lambda: ask_save_chart(view, folder))
        view.setProperty("last_menu", menu)
        menu.popup(view.mapToGlobal(pos))

    view.customContextMenuRequested.connect(show)
