"""Input widgets that never change the evaluation by accident.

- The mouse wheel changes a spin box or a combo box only when it has the keyboard focus; otherwise the wheel scrolls
  the panel around it (two notches over "Incentive years" must not change the liability).
- Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) in a field go to the evaluation's undo stack, not to the field's own text undo,
  because every valid edit is already a step on that stack.

One event filter, installed on a panel and on every widget it holds or later gets (rows added to a table of slabs
or criteria are guarded as they arrive), except the widgets that can neither be one of those input widgets nor
get one: labels, buttons, scroll bars and text fields of their own. Every event of a filtered widget calls into
Python; the scheme panel's labels and buttons alone made a thousand such calls while the first window was shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QWidget

Key = QKeySequence.StandardKey


def _is_undo(event: QKeyEvent) -> bool:
    return event.matches(Key.Undo)


def _is_redo(event: QKeyEvent) -> bool:
    if event.matches(Key.Redo):
        return True
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl = Qt.KeyboardModifier.ControlModifier
    return (event.key() == Qt.Key.Key_Y and mods == ctrl) or (
        event.key() == Qt.Key.Key_Z and mods == ctrl | Qt.KeyboardModifier.ShiftModifier
    )


def _value_widget(obj: QObject) -> QWidget | None:
    """The spin box or combo box `obj` is, or belongs to (a spin box's line edit)."""
    if isinstance(obj, QAbstractSpinBox | QComboBox):
        return obj
    parent = obj.parent() if isinstance(obj, QWidget) else None
    return parent if isinstance(parent, QAbstractSpinBox | QComboBox) else None


def _never_input(w: QWidget) -> bool:
    """A widget that is no spin box or combo box, not part of one, and never holds one."""
    if isinstance(w, QLineEdit):
        return _value_widget(w) is None  # a spin box's own line edit gets the keys typed into it
    return isinstance(w, QLabel | QAbstractButton | QAbstractSlider)


class InputGuard(QObject):
    def __init__(self, undo: Callable[[], None], redo: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._undo = undo
        self._redo = redo

    def guard(self, root: QWidget) -> None:
        """Guard `root` and everything in it (and, through ChildAdded, what is added later)."""
        for w in [root, *root.findChildren(QWidget)]:
            self._install(w)

    def _install(self, w: QWidget) -> None:
        if w.property("input_guarded") or _never_input(w):
            return
        w.setProperty("input_guarded", True)
        w.installEventFilter(self)
        if isinstance(w, QAbstractSpinBox | QComboBox):
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel never gives them the focus

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildAdded:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget):
                self.guard(child)
        elif kind == QEvent.Type.Wheel:
            box = _value_widget(obj)
            if box is not None and not box.hasFocus():
                event.ignore()  # Qt then offers it to the parents: the panel scrolls
                return True
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and _value_widget(obj) is not None:
            assert isinstance(event, QKeyEvent)
            step = self._undo if _is_undo(event) else self._redo if _is_redo(event) else None
            if step is not None:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    step()
                return True
        return False
