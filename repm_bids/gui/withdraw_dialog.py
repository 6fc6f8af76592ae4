"""Withdraw an awardee: which awarded bid withdrew after the award, and why (a letter, a board resolution). The
allocation then runs again without it and the waiting list moves up; the window asks once more before recording."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from repm_bids.domain.identity import ref_key
from repm_bids.domain.result import BidOutcome
from repm_bids.domain.shown import shown
from repm_bids.gui.dialog_parts import error_line, ok_cancel
from repm_bids.gui.formats import indian


def awardee_line(outcome: BidOutcome) -> str:
    name = f" — {outcome.bidder_name}" if outcome.bidder_name else ""
    return f"{outcome.bid_ref}{name} (awarded {indian(outcome.awarded)} MTPA)"


class WithdrawDialog(QDialog):
    """`choice()` gives (the awardee's bid reference, the reason)."""

    def __init__(
        self, awardees: Sequence[BidOutcome], bid_ref: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Withdraw an awardee")
        self.setAccessibleName("Withdraw an awardee")
        self.awardee = QComboBox()
        self.awardee.setAccessibleName("Awardee")
        for o in awardees:
            self.awardee.addItem(shown(awardee_line(o)), o.bid_ref)
        refs = [ref_key(o.bid_ref or "") for o in awardees]
        if bid_ref is not None and ref_key(bid_ref) in refs:
            self.awardee.setCurrentIndex(refs.index(ref_key(bid_ref)))
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why, and the document that says so, e.g. the bidder's letter of withdrawal")
        about = QLabel(
            "An awardee that withdraws after the award keeps its place in the record, marked withdrawn; the "
            "allocation runs again without it and the waiting list moves up."
        )
        about.setWordWrap(True)
        self.message = error_line()
        self.buttons = ok_cancel(self, "&Withdraw…")
        form = QFormLayout()
        for text, widget in (("&Awardee:", self.awardee), ("&Reason:", self.reason)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._validate)
        self._validate()
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().boundingRect("M" * 44).size()))

    def choice(self) -> tuple[str, str]:
        """(the awardee's bid reference, the reason)."""
        return str(self.awardee.currentData() or ""), self.reason.text().strip()

    def _validate(self, *args: Any) -> None:
        ref, reason = self.choice()
        missing = [name for name, text in (("an awardee", ref), ("a reason", reason)) if not text]
        self.message.setText(f"Give {' and '.join(missing)}." if missing else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not missing)
