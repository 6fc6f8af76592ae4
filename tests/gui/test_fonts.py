"""The shipped Devanagari font: registered for a computer that has none, and it draws the script and the ₹ sign."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from repm_bids.gui.fonts import register_shipped_fonts


def test_the_shipped_font_covers_devanagari_and_the_rupee_sign(qapp):
    families = register_shipped_fonts(only_if_missing=False)
    assert families == ["Noto Sans Devanagari"]
    assert "Noto Sans Devanagari" in QFontDatabase.families(QFontDatabase.WritingSystem.Devanagari)
    metrics = QFontMetrics(QFont("Noto Sans Devanagari"))
    for char in "कावेरी₹":
        assert metrics.inFontUcs4(ord(char)), char


def test_nothing_is_added_when_the_computer_has_a_devanagari_font(qapp):
    register_shipped_fonts(only_if_missing=False)
    assert register_shipped_fonts() == []
