"""A label whose new text lays the window out again only when the room it asks for changes.

A QLabel given a new text always tells its layout that its size may have changed, and the layout then lays out every
widget up to the window (and a word-wrapped rich text is laid out a dozen times on the way): about 1.5 ms for the
ranking's totals at every scheme change, although a new figure seldom needs another line. `SteadyLabel` holds the
label and stands for it in the layout: it answers the label's size hints, and after a new text (or a new font or
style) it asks the layout for a new pass only when the height the label needs differs from the height it needed
before. A new text is measured once, when set: the layout request the label then posts (which would measure it
again, a rich text's whole layout) is withdrawn, as the room it asks about was just measured with everything the
label has now (a font or style changed earlier in the same turn included).

For a label that spans its layout's width (the ranking's totals, a pane's title) only the height it needs at the
width it has is compared: its widths (the longest line or word of the text) do not move such a label, so a new text
that changes only them lays nothing out. A label laid out by its width too (the status bar's figures) compares its
size hints whole (`widths=True`): a new figure of as many digits lays nothing out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

Room = tuple[object, ...]


class SteadyLabel(QWidget):
    """The label's place in a layout (`label` is the QLabel itself: its text, buddy, accessible name)."""

    def __init__(self, label: QLabel, parent: QWidget | None = None, widths: bool = False) -> None:
        super().__init__(parent)
        self.label = label
        self.widths = widths
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self._asked: Room = self._room()

    def set_text(self, text: str) -> None:
        """Show `text`; the layout hears of it only when the label needs another size."""
        if text != self.label.text():
            self.label.setText(text)
            self._check()
            # the label asked for a layout pass (an event to this widget, which would measure it again): answered
            QCoreApplication.removePostedEvents(self, QEvent.Type.LayoutRequest)

    def text(self) -> str:
        return self.label.text()

    def _room(self) -> Room:
        """The height the label needs at its width: for a wrapped text, its height for that width; otherwise the
        heights of its size hints (the size hints whole with `widths`)."""
        label = self.label
        if self.widths:
            return label.sizePolicy(), label.sizeHint(), label.minimumSizeHint()
        if label.hasHeightForWidth():
            return label.sizePolicy(), label.heightForWidth(self.width()), -1
        return label.sizePolicy(), label.sizeHint().height(), label.minimumSizeHint().height()

    def _check(self) -> None:
        room = self._room()
        if room != self._asked:
            self._asked = room
            self.setSizePolicy(self.label.sizePolicy())
            self.updateGeometry()

    # -- what the layout asks -----------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.label.setGeometry(self.rect())
        self._asked = self._room()  # the height for the new width is what the layout gave
        super().resizeEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.LayoutRequest:  # the label changed otherwise (a font, a style): asked again
            self._check()
            return True
        return super().event(e)
