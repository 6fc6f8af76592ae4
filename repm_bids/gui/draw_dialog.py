"""Record the committee's draw of lots for a tie the result names: the tied bids, put in the order drawn (best
first) by dragging them or with Move up / Move down, and the witnesses. Every part is required; the dialog offers
only the ties still waiting for a draw, so the order it gives is always one of those bids, each once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from repm_bids.domain.committee import Tie
from repm_bids.domain.result import BidOutcome
from repm_bids.domain.shown import shown
from repm_bids.gui.dialog_parts import error_line, ok_cancel
from repm_bids.gui.formats import indian

REF = Qt.ItemDataRole.UserRole  # an item's bid reference itself


def _bid_line(ref: str, outcome: BidOutcome | None) -> str:
    """The bid as the committee calls it out: reference, bidder, capacity offered (never its price: a draw is about
    the bids, and the dialog stays free of figures the committee did not draw for)."""
    if outcome is None:
        return ref
    name = f" — {outcome.bidder_name}" if outcome.bidder_name else ""
    offered = f" ({indian(outcome.capacity_offered)} MTPA offered)" if outcome.capacity_offered else ""
    return f"{ref}{name}{offered}"


class DrawDialog(QDialog):
    """`choice()` gives (the order drawn, best first; the witnesses)."""

    def __init__(self, ties: Sequence[Tie], outcomes: Sequence[BidOutcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record the committee's draw")
        self.setAccessibleName("Record the committee's draw")
        self.ties = list(ties)
        self.outcomes = {o.bid_ref: o for o in outcomes if o.bid_ref}
        self.tie = QComboBox()
        self.tie.setAccessibleName("Tie")
        for t in self.ties:
            self.tie.addItem(shown(" and ".join(t.bids)))
        self.tie.setVisible(len(self.ties) > 1)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.order = QListWidget()
        self.order.setAccessibleName("Order drawn, best first")
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.up = QPushButton("Move &up")
        self.down = QPushButton("Move &down")
        self.witnesses = QLineEdit()
        self.witnesses.setAccessibleName("Witnesses")
        self.witnesses.setPlaceholderText("Who witnessed the draw, e.g. the bidders' representatives present")
        self.message = error_line()
        self.buttons = ok_cancel(self, "&Record the draw…")

        moves = QVBoxLayout()
        moves.addWidget(self.up)
        moves.addWidget(self.down)
        moves.addStretch(1)
        lists = QHBoxLayout()
        lists.addWidget(self.order, 1)
        lists.addLayout(moves)
        form = QFormLayout()
        if len(self.ties) > 1:
            tie_label = QLabel("&Tie:")
            tie_label.setBuddy(self.tie)
            form.addRow(tie_label, self.tie)
        order_label = QLabel("&Order drawn:")
        order_label.setBuddy(self.order)
        form.addRow(order_label, lists)
        witness_label = QLabel("&Witnesses:")
        witness_label.setBuddy(self.witnesses)
        form.addRow(witness_label, self.witnesses)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.tie.currentIndexChanged.connect(self._show_tie)
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        self.witnesses.textChanged.connect(self._validate)
        self.order.model().rowsMoved.connect(self._validate)
        self.order.currentRowChanged.connect(self._validate)
        self._show_tie()
        widest = self.order.sizeHintForColumn(0) if self.order.count() else 0
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().boundingRect("M" * 46).size()))
        self.resize(max(self.width(), widest + self.up.sizeHint().width() + 160), self.height())

    def _show_tie(self, *_: object) -> None:
        tie = self.ties[self.tie.currentIndex()] if self.ties else None
        self.order.clear()
        for ref in tie.bids if tie is not None else ():
            item = QListWidgetItem(shown(_bid_line(ref, self.outcomes.get(ref))))
            item.setData(REF, ref)
            self.order.addItem(item)
        if self.order.count():
            self.order.setCurrentRow(0)
        rows = max(2, min(self.order.count(), 6))  # the list as tall as the tie (a long one scrolls)
        frame = 2 * self.order.frameWidth() + 4
        self.order.setFixedHeight(rows * max(self.order.sizeHintForRow(0), self.fontMetrics().height()) + frame)
        self.about.setText(
            "The objective rules leave these bids tied, and their order decides the award: the result stays "
            "provisional until the committee's draw of lots is recorded. Put the bids in the order drawn, the first "
            "drawn at the top, and name the witnesses."
        )
        self._validate()

    def move_selected(self, step: int) -> None:
        """Move the selected bid up (-1) or down (1) in the order drawn."""
        row = self.order.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(to, item)
        self.order.setCurrentRow(to)
        self._validate()

    def choice(self) -> tuple[list[str], str]:
        """(the bid references in the order drawn, best first; the witnesses)."""
        order = [str(self.order.item(i).data(REF)) for i in range(self.order.count())]
        return order, self.witnesses.text().strip()

    def set_order(self, refs: Sequence[str]) -> None:
        """Put the bids in this order (as a committee member would by dragging them)."""
        items = [self.order.takeItem(0) for _ in range(self.order.count())]
        by_ref = {str(i.data(REF)): i for i in items}
        for ref in [*refs, *(r for r in by_ref if r not in refs)]:
            if ref in by_ref:
                self.order.addItem(by_ref.pop(ref))
        self._validate()

    def _validate(self, *args: Any) -> None:
        order, witnesses = self.choice()
        missing = []
        if len(order) < 2:
            missing.append("a tie to draw for")
        if not witnesses:
            missing.append("the witnesses")
        self.message.setText(f"Give {' and '.join(missing)}." if missing else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not missing)
        row = self.order.currentRow()
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < self.order.count() - 1)
