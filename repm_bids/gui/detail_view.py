"""The bid detail: who and what, the committee's decision, every field as read (file, sheet, cell, normalisation)
and every check with its finding. Errors are red and name their cell."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from repm_bids.domain.covers import PRICE_KEY
from repm_bids.domain.models import Severity
from repm_bids.domain.result import Evaluation
from repm_bids.domain.shown import shown
from repm_bids.domain.wording import decision_words
from repm_bids.gui.bids_model import BidRow
from repm_bids.gui.bids_view import fit_columns, make_table, visible_rows
from repm_bids.gui.detail_models import ChecksTableModel, FieldsTableModel, field_rows
from repm_bids.gui.literal import literal
from repm_bids.gui.look import STATUS_FILL, STATUS_TEXT, in_error_colour


class BidDetailView(QWidget):
    decide = Signal()  # the member asked to record a decision on the bid shown
    remove = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Bid detail")
        self.row: BidRow | None = None
        self.title = QLabel("<i>Select a bid to see every field as read and every check.</i>")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.decision.setAccessibleName("Committee decision")
        self.decide_button = QPushButton("Committee &decision…")
        self.decide_button.setAccessibleName("Record the committee's decision")
        self.decide_button.clicked.connect(self.decide)
        self.remove_button = QPushButton("Remove bid")
        self.remove_button.setAccessibleName("Remove this bid from the evaluation")
        self.remove_button.clicked.connect(self.remove)
        self.other = QLabel()  # problems of the bid that name no field
        self.other.setWordWrap(True)
        in_error_colour(self.other)
        self.other.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.fields_model = FieldsTableModel(self)
        self.fields = make_table("Fields as read")
        self.fields.setSortingEnabled(False)
        self.fields.setModel(self.fields_model)
        self.checks_model = ChecksTableModel(self)
        self.checks = make_table("Checks")
        self.checks.setSortingEnabled(False)
        self.checks.setModel(self.checks_model)
        self.checks.doubleClicked.connect(self._check_activated)
        self.checks.activated.connect(self._check_activated)

        head = QHBoxLayout()
        head.addWidget(self.decision, 1)
        head.addWidget(self.decide_button)
        head.addWidget(self.remove_button)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("detail_split")
        self.split.addWidget(_titled("Fields as read", self.fields))
        self.split.addWidget(_titled("Checks", self.checks))
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(head)
        layout.addWidget(self.other)
        layout.addWidget(self.split, 1)
        self.show_row(None, None)

    def show_row(self, row: BidRow | None, evaluation: Evaluation | None) -> None:
        """Show a bid. The same bid again (its new evaluation after a change) keeps the selected field and check
        and the columns' widths, and repaints only the cells that changed."""
        same_bid = row is not None and self.row is not None and row.key == self.row.key
        self.row = row
        has = row is not None
        for w in (self.decide_button, self.remove_button):
            w.setEnabled(has)
        if row is None or evaluation is None:
            self.title.setText("<i>Select a bid to see every field as read and every check.</i>")
            for label in (self.status, self.decision, self.other):
                if label.text():  # cleared again, a label lays the detail out again
                    label.clear()
            for model in (self.fields_model, self.checks_model):
                if model.rows:
                    model.set_rows([])
            return
        o = row.outcome
        where = _esc(o.source.path.replace("\\", "/").rsplit("/", 1)[-1])
        self.title.setText(
            f"<b style='font-size:large'>{_esc(o.bid_ref or '(no reference)')} — {_esc(o.bidder_name or '(no name)')}"
            f"</b>&nbsp;&nbsp; from {where}"
        )
        self.title.setToolTip(literal(o.source.path))
        fill, ink = STATUS_FILL[o.status], STATUS_TEXT[o.status]
        reasons = "".join(f"<br>• {_esc(r)}" for r in o.reasons)
        self.status.setText(
            f"<span style='background:{fill}; color:{ink}; font-weight:bold'>&nbsp;{o.status.label}&nbsp;</span>"
            f"{reasons}"
        )
        d = row.decision
        if d is None:
            self.decision.setText("Committee decision: none recorded.")
        else:
            words = decision_words(d.qualified, d.low_quote).replace("qualified", "technically qualified", 1)
            self.decision.setText(
                f"Committee decision: <b>{_esc(words)}</b>" + (f" — {_esc(d.remarks)}" if d.remarks else "")
            )
        extra = tuple(
            p
            for p in evaluation.problems
            if p.bid_ref == o.bid_ref and p.bid_ref and p not in o.bid.errors and p not in o.bid.warnings
        )
        rows = field_rows(o.bid, extra, list(o.checks))
        if evaluation.stage == "technical":  # the price is in the sealed financial cover: no row for it yet
            rows = [r for r in rows if r.spec.key != PRICE_KEY]
        if same_bid:
            self.fields_model.update_rows(rows, visible_rows(self.fields))
            self.checks_model.update_rows(list(o.checks), visible_rows(self.checks))
        else:
            self.fields_model.set_rows(rows)
            self.checks_model.set_rows(list(o.checks))
        loose = [p for p in (*o.bid.errors, *o.bid.warnings, *extra) if p.field is None]
        self.other.setText(
            "<br>".join(
                f"{'Error' if p.severity is Severity.ERROR else 'Warning'}: {_esc(p.message)} ({_esc(p.where)})"
                for p in loose
            )
        )
        self.other.setVisible(bool(loose))
        if not same_bid:  # sized for this bid already: no column sizing at a scheme change
            fit_columns(self.fields, stretch=FieldsTableModel.NOTE, cap=260)
            fit_columns(self.checks, stretch=ChecksTableModel.SENTENCE, cap=240)

    def focus_field(self, key: str | None) -> bool:
        """Select the row of this field (the cell an error names) and move the keyboard focus there."""
        r = self.fields_model.row_for_field(key) if key else None
        if r is None:
            bad = next((i for i, fr in enumerate(self.fields_model.rows) if fr.has_error), None)
            if bad is None:
                return False
            r = bad
        idx = self.fields_model.index(r, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.fields.selectionModel().setCurrentIndex(idx, flags)
        self.fields.scrollTo(idx)
        self.fields.setFocus()
        return True

    def selected_field(self) -> str | None:
        idx = self.fields.currentIndex()
        return self.fields_model.rows[idx.row()].spec.key if idx.isValid() else None

    def _check_activated(self, index: QModelIndex) -> None:
        check = self.checks_model.rows[index.row()]
        self.focus_field(ChecksTableModel.field_of(check))


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    label = QLabel(f"<b>{title}</b>")
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


def _esc(text: str) -> str:
    return shown(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
