"""The scheme panel: every parameter with a widget that fits it (units from PARAMS), a validation message beside the
field (from domain.scheme.validate_scheme), reset to defaults, load and save a scheme file.

A valid edit is emitted at once as `scheme_edited(new_scheme, key)`; the window turns it into an undoable command and
the evaluation follows. An invalid edit is not applied: the messages say what to fix.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from repm_bids.domain.scheme import PARAMS, ParamInfo, Scheme, validate_scheme
from repm_bids.gui.look import ERROR_TEXT
from repm_bids.gui.scheme_widgets import CriteriaEditor, SlabsEditor, TieBreakList, spin

TITLES = {
    "name": "Scheme name",
    "capacity_unit": "Capacity unit",
    "total_capacity": "Total capacity on offer",
    "max_beneficiaries": "Most beneficiaries",
    "min_capacity": "Least capacity per bid",
    "max_capacity": "Cap per beneficiary",
    "capacity_step": "Capacity step",
    "incentive_ceiling": "Incentive ceiling",
    "incentive_years": "Incentive years",
    "incentive_outlay_crore": "Incentive outlay",
    "capital_subsidy_rate": "Capital subsidy rate",
    "capital_subsidy_slabs": "Capital subsidy slabs",
    "capital_subsidy_outlay_crore": "Capital subsidy outlay",
    "total_outlay_crore": "Total outlay",
    "quote_basis": "Bids quote",
    "min_quote": "Least quote accepted",
    "abnormally_low": "Abnormally low below",
    "irel_split": "IREL oxide split",
    "net_worth_slabs": "Net worth slabs",
    "min_investment_crore_per_unit": "Least investment",
    "max_commissioning_months": "Latest commissioning",
    "min_lead_equity_pct": "Consortium lead equity",
    "require_all_stages": "All three stages",
    "require_dpr": "Detailed Project Report",
    "require_bid_security": "Bid security",
    "group_rule": "Group rule",
    "method": "Method",
    "technical_weight": "Technical weight",
    "financial_weight": "Financial weight",
    "min_technical_score": "Least technical score",
    "score_decimals": "Score decimals",
    "criteria": "Technical criteria",
    "partial": "Partial awards",
    "tie_break": "Tie-break order",
    "lot_seed": "Lot seed",
    "irel_pool": "IREL NdPr oxide pool",
    "irel_ranks": "IREL shared by first",
}
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "method": (("lcs", "LCS: lowest quote first"), ("qcbs", "QCBS: highest combined score first")),
    "group_rule": (
        ("reject_all", "Reject every bid of a group that bid twice"),
        ("cap", "Cap a group's awards together"),
        ("none", "No group rule"),
    ),
    "partial": (("allow", "Allow a partial award"), ("none", "Whole bids only")),
    "quote_basis": (("per_kg", "INR per kg sold"), ("total_crore", "Total incentive, INR crore")),
}
GROUP_TITLES = {
    "scheme": "Scheme",
    "eligibility": "Eligibility",
    "evaluation": "Evaluation",
    "allocation": "Allocation",
}
WIDE = ("net_worth_slabs", "capital_subsidy_slabs", "criteria", "tie_break")
QCBS_ONLY = ("technical_weight", "financial_weight", "min_technical_score", "criteria")
_DECIMALS = {
    "capital_subsidy_rate": 3,
    "abnormally_low": 3,
    "technical_weight": 3,
    "financial_weight": 3,
    "min_investment_crore_per_unit": 3,
    "min_technical_score": 2,
}
_STEPS = {
    "capital_subsidy_rate": 0.01,
    "abnormally_low": 0.05,
    "technical_weight": 0.05,
    "financial_weight": 0.05,
    "min_investment_crore_per_unit": 0.05,
}
_MAXIMA = {
    "capital_subsidy_rate": 1,
    "abnormally_low": 0.999,
    "capital_subsidy_outlay_crore": 1_000_000,
    "total_outlay_crore": 1_000_000,
    "technical_weight": 1,
    "financial_weight": 1,
    "min_lead_equity_pct": 100,
    "min_technical_score": 100,
    "min_investment_crore_per_unit": 100,
    "score_decimals": 6,
    "incentive_outlay_crore": 1_000_000,
}
_TYPES = {f.name: str(f.type) for f in fields(Scheme)}
_CAPACITY_KEYS = ("total_capacity", "min_capacity", "max_capacity", "capacity_step", "irel_pool")


def split_text(value: str | tuple[float, ...]) -> str:
    """The IREL split as typed: its name, or the MTPA by rank separated by commas."""
    return value if isinstance(value, str) else ", ".join(f"{x:g}" for x in value)


def split_value(text: str) -> str | tuple[float, ...]:
    """What was typed in the IREL split field: a name, or figures by rank (a name that is not one stays text, so
    that the scheme's check names the field)."""
    text = text.strip()
    try:
        return tuple(float(x) for x in text.replace(";", ",").split(",") if x.strip())
    except ValueError:
        return text


def _tooltip(info: ParamInfo) -> str:
    tag = "assumed default" if info.assumed else "published"
    return f"{info.meaning}\nSource: {info.source} ({tag})\nScheme file key: {info.table}.{info.key}"


class SchemePanel(QWidget):
    scheme_edited = Signal(object, str)  # Scheme, the key edited
    reset_requested = Signal()
    load_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scheme parameters")
        self.scheme = Scheme()
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {ERROR_TEXT}")
        self.summary.setAccessibleName("Scheme problems")

        body = QWidget()
        body_layout = QVBoxLayout(body)
        forms: dict[str, QFormLayout] = {}
        for table, title in GROUP_TITLES.items():
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            forms[table] = form
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        for info in PARAMS:
            editor = self._make_editor(info)
            editor.setToolTip(_tooltip(info))
            editor.setAccessibleName(TITLES.get(info.key, info.key))
            editor.setAccessibleDescription(info.meaning)
            msg = QLabel()
            msg.setWordWrap(True)
            msg.setStyleSheet(f"color: {ERROR_TEXT}")
            msg.setVisible(False)
            cell = QWidget()
            cl = QVBoxLayout(cell)
            cl.setContentsMargins(0, 0, 0, 0)
            cl.setSpacing(2)
            cl.addWidget(editor)
            cl.addWidget(msg)
            title = TITLES.get(info.key, info.key) + (" *" if info.assumed else "")
            label = QLabel(f"{title}:")
            label.setToolTip(_tooltip(info))
            label.setBuddy(editor)
            if info.key in WIDE:
                forms[info.table].addRow(label)  # a composite editor gets the panel's whole width
                forms[info.table].addRow(cell)
            else:
                forms[info.table].addRow(label, cell)
            self.editors[info.key] = editor
            self.messages[info.key] = msg
        note = QLabel("* assumed default: no public source settled it (hover a field for its source).")
        note.setWordWrap(True)
        body_layout.insertWidget(body_layout.count() - 1, note)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll = scroll

        self.reset = QPushButton("Reset to defa&ults")
        self.reset.clicked.connect(self.reset_requested)
        self.load = QPushButton("&Load…")
        self.load.setAccessibleName("Load a scheme file")
        self.load.clicked.connect(self.load_requested)
        self.save = QPushButton("S&ave…")
        self.save.setAccessibleName("Save the scheme to a file")
        self.save.clicked.connect(self.save_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset)
        buttons.addWidget(self.load)
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.set_scheme(self.scheme)

    # -- widgets ---------------------------------------------------------------------------------------------------
    def _make_editor(self, info: ParamInfo) -> QWidget:
        key = info.key
        w: Any
        if key == "tie_break":
            w = TieBreakList()
            w.changed.connect(lambda: self._edited(key))
        elif key in ("net_worth_slabs", "capital_subsidy_slabs"):
            w = SlabsEditor(subsidy=key == "capital_subsidy_slabs")
            w.changed.connect(lambda: self._edited(key))
        elif key == "irel_split":
            w = QLineEdit()
            w.setPlaceholderText("pro_rata, equal, or MTPA by rank: 200, 175, 125")
            w.editingFinished.connect(lambda: self._edited(key))
        elif key == "criteria":
            w = CriteriaEditor()
            w.changed.connect(lambda: self._edited(key))
        elif key in CHOICES:
            w = QComboBox()
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(14)
            for value, text in CHOICES[key]:
                w.addItem(text, value)
            w.currentIndexChanged.connect(lambda *_: self._edited(key))
        elif _TYPES[key] == "bool":
            w = QCheckBox("required")
            w.toggled.connect(lambda *_: self._edited(key))
        elif _TYPES[key] == "str":
            w = QLineEdit()
            w.editingFinished.connect(lambda: self._edited(key))
        elif _TYPES[key] == "int":
            w = QSpinBox()
            w.setRange(0, 2_147_483_647 if key == "lot_seed" else _MAXIMA.get(key, 1_000))
            if info.unit:
                w.setSuffix(f" {info.unit}")
            w.setKeyboardTracking(False)
            w.setAlignment(Qt.AlignmentFlag.AlignRight)
            w.valueChanged.connect(lambda *_: self._edited(key))
        else:
            decimals = _DECIMALS.get(key, 0 if key in _CAPACITY_KEYS else 2)
            top = _MAXIMA.get(key, 100_000)
            w = spin(0, top, decimals, info.unit, _STEPS.get(key, 100 if key in _CAPACITY_KEYS else 1))
            w.valueChanged.connect(lambda *_: self._edited(key))
        return w

    def set_scheme(self, scheme: Scheme) -> None:
        """Show a scheme (the session's, after an undo or a load) without emitting edits."""
        self.scheme = scheme
        for key, w in self.editors.items():
            value = getattr(scheme, key)
            w.blockSignals(True)
            if isinstance(w, TieBreakList):
                w.set_rules(value)
            elif isinstance(w, SlabsEditor):
                w.set_slabs(value)
            elif isinstance(w, CriteriaEditor):
                w.set_criteria(value)
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(w.findData(value), 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QLineEdit):
                w.setText(split_text(value) if key == "irel_split" else str(value))
                w.setCursorPosition(0)
            elif isinstance(w, QSpinBox | QDoubleSpinBox):
                w.setValue(value)
            w.blockSignals(False)
        self._show_messages([])
        self._enable_qcbs(scheme.method == "qcbs")

    def edited_scheme(self) -> Scheme:
        """The scheme the widgets show now (possibly invalid)."""
        values: dict[str, Any] = {}
        for key, w in self.editors.items():
            if isinstance(w, TieBreakList):
                values[key] = w.rules()
            elif isinstance(w, SlabsEditor):
                values[key] = w.slabs()
            elif isinstance(w, CriteriaEditor):
                values[key] = w.criteria()
            elif isinstance(w, QComboBox):
                values[key] = w.currentData()
            elif isinstance(w, QCheckBox):
                values[key] = w.isChecked()
            elif isinstance(w, QLineEdit) and key == "irel_split":
                values[key] = split_value(w.text())
            elif isinstance(w, QLineEdit):
                values[key] = w.text().strip()
            elif isinstance(w, QSpinBox):
                values[key] = int(w.value())
            elif isinstance(w, QDoubleSpinBox):
                values[key] = float(w.value())
        return replace(self.scheme, **values)

    # -- editing ---------------------------------------------------------------------------------------------------
    def _edited(self, key: str) -> None:
        self._link_weights(key)
        new = self.edited_scheme()
        self._enable_qcbs(new.method == "qcbs")
        problems = validate_scheme(new)
        if key in ("name", "capacity_unit") and not getattr(new, key):
            problems.append(f"scheme.{key}: must not be empty")
        self._show_messages(problems)
        if not problems and new != self.scheme:
            self.scheme = new
            self.scheme_edited.emit(new, key)

    def _link_weights(self, key: str) -> None:
        """Technical and financial weights sum to 1: editing one sets the other."""
        pair = {"technical_weight": "financial_weight", "financial_weight": "technical_weight"}
        if key in pair:
            a, b = self.editors[key], self.editors[pair[key]]
            assert isinstance(a, QDoubleSpinBox) and isinstance(b, QDoubleSpinBox)
            b.blockSignals(True)
            b.setValue(round(1 - a.value(), 6))
            b.blockSignals(False)

    def _enable_qcbs(self, on: bool) -> None:
        for key in QCBS_ONLY:
            self.editors[key].setEnabled(on)

    def _show_messages(self, problems: list[str]) -> None:
        by_key: dict[str, list[str]] = {}
        loose: list[str] = []
        for p in problems:
            head, _, text = p.partition(": ")
            key = head.split(".", 1)[-1].split("[", 1)[0]
            (by_key.setdefault(key, []) if key in self.messages else loose).append(text if key in self.messages else p)
        for key, label in self.messages.items():
            msgs = by_key.get(key, [])
            label.setText("\n".join(m[:1].upper() + m[1:] for m in msgs))
            label.setVisible(bool(msgs))
        if problems:
            self.summary.setText(
                "Not applied yet: the evaluation keeps the last valid scheme until the marked values are fixed."
                + "".join(f"\n{m}" for m in loose)
            )
        else:
            self.summary.clear()
        self.summary.setVisible(bool(problems))

    def problems(self) -> dict[str, str]:
        """The messages shown beside fields now (for tests and screen readers)."""
        return {k: lab.text() for k, lab in self.messages.items() if lab.text()}
