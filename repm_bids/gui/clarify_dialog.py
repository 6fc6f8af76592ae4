"""Record a clarification: the committee's verified value for a technical field of one bid, with its reason and the
document it rests on. The bid's declared value is shown beside, as the committee reads it before deciding."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from repm_bids.domain.clarifications import NOT_CLARIFIABLE
from repm_bids.domain.fields import FIELDS, Cover
from repm_bids.domain.models import Bid
from repm_bids.domain.shown import shown
from repm_bids.gui.detail_models import value_text
from repm_bids.gui.dialog_parts import error_line, ok_cancel
from repm_bids.gui.formats import screen_label

CLARIFIABLE = tuple(f for f in FIELDS if f.cover is Cover.TECHNICAL and f.key not in NOT_CLARIFIABLE)


class ClarifyDialog(QDialog):
    def __init__(self, bid: Bid, field: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bid = bid
        ref = bid.bid_ref or ""
        self.setWindowTitle(f"Record a clarification: {shown(ref)}")
        self.setAccessibleName("Record a clarification")
        self.field = QComboBox()
        for spec in CLARIFIABLE:
            self.field.addItem(screen_label(spec.label), spec.key)
        keys = [f.key for f in CLARIFIABLE]
        if field in keys:
            self.field.setCurrentIndex(keys.index(field))
        self.declared = QLabel()
        self.declared.setAccessibleName("Declared value")
        self.value = QLineEdit()
        self.value.setAccessibleName("Verified value")
        self.value.setPlaceholderText("The value the committee verified, as it would be written on the form")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why the declared value does not stand (required)")
        self.document = QLineEdit()
        self.document.setAccessibleName("Document")
        self.document.setPlaceholderText("The document it rests on, e.g. a CA certificate's reference")
        self.message = error_line()
        self.buttons = ok_cancel(self)

        form = QFormLayout()
        form.addRow(QLabel(f"<b>{shown(ref)}</b> — {shown(str(bid.values.get('bidder_name') or ''))}"))
        for text, widget in (
            ("&Field:", self.field),
            ("Declared:", self.declared),
            ("&Verified value:", self.value),
            ("&Reason:", self.reason),
            ("Docu&ment:", self.document),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.field.currentIndexChanged.connect(self._show_declared)
        self.value.textChanged.connect(self._validate)
        self.reason.textChanged.connect(self._validate)
        self._show_declared()
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().boundingRect("M" * 44).size()))

    def _show_declared(self, *_: object) -> None:
        key = str(self.field.currentData())
        reading = self.bid.readings.get(key)
        raw = reading.raw if reading is not None and reading.raw else value_text(self.bid.values.get(key))
        cell = f" ({reading.sheet}!{reading.cell})" if reading is not None and reading.cell and reading.sheet else ""
        self.declared.setText(shown(f"{raw or '(empty)'}{cell}"))
        self._validate()

    def choice(self) -> tuple[str, str, str, str]:
        """(field key, verified value, reason, document)."""
        return (
            str(self.field.currentData()),
            self.value.text().strip(),
            self.reason.text().strip(),
            self.document.text().strip(),
        )

    def _validate(self, *args: Any) -> None:
        _key, value, reason, _document = self.choice()
        missing = [name for name, text in (("the verified value", value), ("a reason", reason)) if not text]
        self.message.setText(f"Give {' and '.join(missing)}." if missing else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not missing)
