"""Names in Indian scripts must never show as empty boxes: register the shipped Devanagari font when the computer
has no font for the script (a bare Linux desktop, the desktop bundle on a new machine). Windows and macOS ship one."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from repm_bids.services.resources import font_files


def register_shipped_fonts(only_if_missing: bool = True) -> list[str]:
    """Add the shipped fonts to the application's font database; returns the families added (none if the computer
    already has a Devanagari font and `only_if_missing`). Needs the QApplication."""
    if only_if_missing and QFontDatabase.families(QFontDatabase.WritingSystem.Devanagari):
        return []
    families: list[str] = []
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    return families
