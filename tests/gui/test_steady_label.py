"""A SteadyLabel measures a new text once, and still makes room when the text, or the font set before it in the
same turn, needs more lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from repm_bids.gui.steady_label import SteadyLabel


class _Measured(QLabel):
    """Counts how often the height for a width is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def heightForWidth(self, width: int) -> int:
        self.asked += 1
        return super().heightForWidth(width)


def _window(qtbot: Any) -> tuple[QWidget, SteadyLabel, _Measured]:
    window = QWidget()
    label = _Measured()
    label.setWordWrap(True)
    box = SteadyLabel(label)
    layout = QVBoxLayout(window)
    layout.addWidget(box)
    layout.addStretch(1)
    qtbot.addWidget(window)
    window.resize(400, 1000)
    window.show()
    qtbot.waitExposed(window)
    box.set_text("<b>Awarded 1,200</b> of 1,500")
    for _ in range(3):
        QApplication.processEvents()
    return window, box, label


def test_a_new_text_in_the_same_lines_is_measured_once(qtbot):
    window, box, label = _window(qtbot)
    label.asked = 0
    box.set_text("<b>Awarded 1,300</b> of 1,500")
    QApplication.processEvents()
    QApplication.processEvents()
    assert label.asked == 1
    assert label.text() == "<b>Awarded 1,300</b> of 1,500"


def test_a_longer_text_and_a_larger_font_still_make_room(qtbot):
    window, box, label = _window(qtbot)
    height = box.height()
    box.set_text("<b>Awarded 1,300</b> of 1,500 " + "and a much longer explanation " * 8)
    QApplication.processEvents()
    QApplication.processEvents()
    taller = box.height()
    assert taller > height and taller >= label.heightForWidth(box.width())
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)  # a font and then a text in one turn: the text's measure sees the new font
    box.set_text("<b>Awarded 1,400</b> of 1,500 " + "and a much longer explanation " * 8)
    QApplication.processEvents()
    QApplication.processEvents()
    assert box.height() > taller and box.height() >= label.heightForWidth(box.width())
