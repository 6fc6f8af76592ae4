"""The parts every committee dialog shares: the line that says why OK is not possible yet, and OK / Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from repm_bids.gui.look import in_error_colour


def error_line() -> QLabel:
    """Empty until a value is refused; then the sentence, in the error colour, wrapped."""
    label = QLabel()
    in_error_colour(label)
    label.setWordWrap(True)
    return label


def ok_cancel(dialog: QDialog, ok_text: str = "") -> QDialogButtonBox:
    """OK (named for what it does, when `ok_text` is given) and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok_text and ok is not None:
        ok.setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
