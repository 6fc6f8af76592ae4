"""The committee's decisions on one bid: technically qualified or not, and, for a quote flagged abnormally low,
whether the quote is accepted; each may be left undecided. A "no" needs the remark the award statement gives."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from repm_bids.domain.models import Decision
from repm_bids.gui.dialog_parts import error_line, ok_cancel
from repm_bids.gui.literal import esc


class DecisionDialog(QDialog):
    def __init__(self, bid_ref: str, bidder: str, current: Decision | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Committee decision: {bid_ref}")
        self.setAccessibleName("Committee decision")
        self.undecided = QRadioButton("&No technical decision recorded")
        self.qualified = QRadioButton("Technically &qualified")
        self.not_qualified = QRadioButton("No&t technically qualified")
        self.group = QButtonGroup(self)
        for b in (self.undecided, self.qualified, self.not_qualified):
            self.group.addButton(b)
        self.low_undecided = QRadioButton("No decision on the &low quote")
        self.low_accepted = QRadioButton("Low quote &accepted")
        self.low_rejected = QRadioButton("Low quote re&jected")
        self.low_group = QButtonGroup(self)
        for b in (self.low_undecided, self.low_accepted, self.low_rejected):
            self.low_group.addButton(b)
        self.remarks = QPlainTextEdit()
        self.remarks.setAccessibleName("Remarks")
        self.remarks.setPlaceholderText(
            "The reason the award statement will give (required for not qualified or a low quote rejected), or the "
            "justification of a low quote accepted"
        )
        self.remarks.setTabChangesFocus(True)
        self.remarks.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.message = error_line()
        self.buttons = ok_cancel(self)

        form = QFormLayout()
        form.addRow(QLabel(f"<b>{esc(bid_ref)}</b> — {esc(bidder)}"))
        form.addRow(self.undecided)
        form.addRow(self.qualified)
        form.addRow(self.not_qualified)
        low = QLabel("Abnormally low quote (only where the evaluation flags one):")
        low.setWordWrap(True)
        form.addRow(low)
        form.addRow(self.low_undecided)
        form.addRow(self.low_accepted)
        form.addRow(self.low_rejected)
        label = QLabel("&Remarks:")
        label.setBuddy(self.remarks)
        form.addRow(label, self.remarks)
        form.addRow(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        qualified = current.qualified if current else None
        {None: self.undecided, True: self.qualified, False: self.not_qualified}[qualified].setChecked(True)
        low_quote = current.low_quote if current else None
        {None: self.low_undecided, True: self.low_accepted, False: self.low_rejected}[low_quote].setChecked(True)
        self.remarks.setPlainText(current.remarks if current else "")
        self.group.buttonToggled.connect(self._validate)
        self.low_group.buttonToggled.connect(self._validate)
        self.remarks.textChanged.connect(self._validate)
        self._validate()
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().boundingRect("M" * 40).size()))

    def choice(self) -> tuple[bool | None, str, bool | None]:
        """(technically qualified, remarks, low quote accepted), each decision None where not taken."""
        remarks = self.remarks.toPlainText().strip()
        qualified = True if self.qualified.isChecked() else False if self.not_qualified.isChecked() else None
        low_quote = True if self.low_accepted.isChecked() else False if self.low_rejected.isChecked() else None
        if qualified is None and low_quote is None:
            return None, "", None
        return qualified, remarks, low_quote

    def _validate(self, *_: object) -> None:
        qualified, remarks, low_quote = self.choice()
        ok = not ((qualified is False or low_quote is False) and not remarks)
        what = "has its low quote rejected" if qualified is not False else "is marked not technically qualified"
        self.message.setText("" if ok else f"A remark is required when a bid {what}.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
