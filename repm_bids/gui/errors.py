"""Unexpected faults: a plain message with a "Copy details" button, and the traceback in the log, never on screen.

Bad input is not a fault: it shows in the views as errors with their cells. Only a bug lands here.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from repm_bids import __version__

log = logging.getLogger("repm_bids.gui")


def details_text(exc: BaseException) -> str:
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return f"repm-bids {__version__}, Python {sys.version.split()[0]}\n{tb}"


def show_unexpected(parent: QWidget | None, exc: BaseException, doing: str = "") -> None:
    """Log the fault and tell the member in one plain sentence; the details go to the clipboard on request."""
    details = details_text(exc)
    log.error("unexpected error%s: %s", f" while {doing}" if doing else "", details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Something went wrong")
    what = f" while {doing}" if doing else ""
    box.setText(
        f"Something unexpected went wrong{what}. Nothing already recorded has been lost.\n\n"
        "Please report it with the details (the Copy details button puts them on the clipboard)."
    )
    box.setAccessibleName("Unexpected error")
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.open()
    _open_boxes.append(box)
    box.finished.connect(lambda *_: _open_boxes.remove(box) if box in _open_boxes else None)


_open_boxes: list[QMessageBox] = []


def install_excepthook(parent_getter: Callable[[], QWidget | None]) -> None:
    """Route uncaught exceptions in slots to `show_unexpected` instead of a console traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        try:
            show_unexpected(parent_getter(), exc)
        except Exception:  # the hook itself must never raise
            log.exception("could not show the error message")

    sys.excepthook = hook
