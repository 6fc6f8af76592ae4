"""The committee's technical decision on one bid: qualified, not qualified (with the required remark), or none."""

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
from repm_bids.gui.literal import esc
from repm_bids.gui.look import ERROR_TEXT


class DecisionDialog(QDialog):
    def __init__(self, bid_ref: str, bidder: str, current: Decision | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Committee decision: {bid_ref}")
        self.setAccessibleName("Committee decision")
        self.undecided = QRadioButton("&No decision recorded")
        self.qualified = QRadioButton("Technically &qualified")
        self.not_qualified = QRadioButton("No&t technically qualified")
        self.group = QButtonGroup(self)
        for b in (self.undecided, self.qualified, self.not_qualified):
            self.group.addButton(b)
        self.remarks = QPlainTextEdit()
        self.remarks.setAccessibleName("Remarks")
        self.remarks.setPlaceholderText("The reason the award statement will give (required when not qualified)")
        self.remarks.setTabChangesFocus(True)
        self.remarks.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {ERROR_TEXT}")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(QLabel(f"<b>{esc(bid_ref)}</b> — {esc(bidder)}"))
        form.addRow(self.undecided)
        form.addRow(self.qualified)
        form.addRow(self.not_qualified)
        label = QLabel("&Remarks:")
        label.setBuddy(self.remarks)
        form.addRow(label, self.remarks)
        form.addRow(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        if current is None:
            self.undecided.setChecked(True)
        elif current.qualified:
            self.qualified.setChecked(True)
        else:
            self.not_qualified.setChecked(True)
        self.remarks.setPlainText(current.remarks if current else "")
        self.group.buttonToggled.connect(self._validate)
        self.remarks.textChanged.connect(self._validate)
        self._validate()
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().boundingRect("M" * 40).size()))

    def choice(self) -> tuple[bool | None, str]:
        remarks = self.remarks.toPlainText().strip()
        if self.qualified.isChecked():
            return True, remarks
        if self.not_qualified.isChecked():
            return False, remarks
        return None, ""

    def _validate(self, *_: object) -> None:
        qualified, remarks = self.choice()
        ok = not (qualified is False and not remarks)
        self.message.setText("" if ok else "A remark is required when a bid is marked not technically qualified.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
