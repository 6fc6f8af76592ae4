"""Safe input widgets: the wheel changes a spin box or combo box only when it has the focus; Ctrl+Z / Ctrl+Y in a
scheme field go to the evaluation's undo stack; removing an awarded bid asks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QSpinBox

from tests.gui.conftest import answer_with


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def _wheel(widget, notches: int = 2) -> None:  # type: ignore[no-untyped-def]
    pos = QPointF(widget.rect().center())
    for _ in range(notches):
        event = QWheelEvent(
            pos,
            QPointF(widget.mapToGlobal(pos.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def _spin(demo, key: str = "total_capacity"):  # type: ignore[no-untyped-def]
    demo.scheme_dock.show()
    return demo.scheme_panel.editors[key]


def test_a_wheel_over_an_unfocused_spin_box_changes_nothing(qtbot, demo):
    spin = _spin(demo)
    before, scheme = spin.value(), demo.session.scheme
    demo.bids.table.setFocus()
    _wheel(spin)
    assert spin.value() == before and demo.session.scheme == scheme and demo.undo_stack.count() == 0
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not give it the focus either


def test_a_wheel_over_an_unfocused_combo_box_changes_nothing(qtbot, demo):
    method = _spin(demo, "method")
    index = method.currentIndex()
    demo.bids.table.setFocus()
    _wheel(method, 1)
    assert method.currentIndex() == index and demo.session.scheme.method == "lcs"


def test_a_wheel_over_the_focused_spin_box_changes_it(qtbot, demo):
    spin = _spin(demo)
    demo.activateWindow()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=5000)
    before = spin.value()
    _wheel(spin)
    assert spin.value() < before and demo.undo_stack.count() >= 1


def test_ctrl_z_in_a_scheme_field_undoes_the_scheme_edit(qtbot, demo):
    spin = _spin(demo)
    demo.activateWindow()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=5000)
    before = demo.session.scheme.total_capacity
    spin.setValue(spin.value() - 500)
    assert demo.session.scheme.total_capacity == before - 500
    editor = spin.findChild(QSpinBox) or spin.lineEdit()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo.session.scheme.total_capacity == before and spin.value() == before
    qtbot.keyClick(editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert demo.session.scheme.total_capacity == before - 500


def test_removing_an_awarded_bid_asks_first(qtbot, demo, asked):
    demo.bids.select_ref("REPM-2026-002")
    answer_with(QMessageBox.StandardButton.Cancel)
    demo.remove_current_bid()
    assert asked == ["Remove an awarded bid?"] and len(demo.session.bids) == 10
    demo.bids.select_ref("REPM-2026-009")  # rejected: removed at once, and Ctrl+Z puts it back
    demo.remove_current_bid()
    assert asked == ["Remove an awarded bid?"] and len(demo.session.bids) == 9
