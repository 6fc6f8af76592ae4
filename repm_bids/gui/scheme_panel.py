"""The scheme panel: every parameter with a widget that fits it, a validation message beside the field (from
domain.scheme.validate_scheme), reset to defaults, load and save a scheme file. Titles, units, bounds, choices,
steps and tooltips all come from the parameters' declarations (domain.scheme.PARAMS).

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

from repm_bids.domain.scheme import PARAMS, ParamInfo, Scheme, scheme_to_dict, validate_scheme
from repm_bids.domain.security_forms import security_form
from repm_bids.gui.look import in_error_colour
from repm_bids.gui.scheme_widgets import CriteriaEditor, SlabsEditor, TieBreakList, spin

CHOICES: dict[str, tuple[tuple[str, str], ...]] = {p.key: p.choices for p in PARAMS if p.choices}
TITLES: dict[str, str] = {p.key: p.title for p in PARAMS}
GROUP_TITLES = {
    "scheme": "Scheme",
    "eligibility": "Eligibility",
    "evaluation": "Evaluation",
    "allocation": "Allocation",
    "process": "Process",
}
WIDE = ("net_worth_slabs", "capital_subsidy_slabs", "bid_security_slabs", "criteria", "tie_break")
NAME_LISTS = ("land_border_countries", "bid_security_forms")  # names typed in one line, separated by commas
QCBS_ONLY = ("technical_weight", "financial_weight", "min_technical_score", "criteria")
LINKED_WEIGHTS = {"technical_weight": "financial_weight", "financial_weight": "technical_weight"}
_LARGEST = {"int": 1_000, "float": 1_000_000}  # the most a spin box takes where the declaration sets no bound
_TYPES = {f.name: str(f.type) for f in fields(Scheme)}


def _line_text(value: object) -> str:
    return ", ".join(value) if isinstance(value, tuple) else str(value)


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
    rule = info.rule()
    bounds = f"\nMust be {rule}" + (f" ({info.why})" if info.why else "") if rule else ""
    return f"{info.meaning}{bounds}\nSource: {info.source} ({info.status})\nScheme file key: {info.name}"


def label_text(info: ParamInfo, changed: bool = False) -> str:
    """The label beside a parameter's editor: its declared title, starred when the default is assumed, and marked
    when the committee changed the default."""
    return f"{info.title}{' *' if info.assumed else ''}{' (changed)' if changed else ''}:"


_DEFAULTS = scheme_to_dict(Scheme())


def changed_keys(scheme: Scheme) -> set[str]:
    """The parameters whose value in this scheme is not the default (the committee changed them)."""
    doc = scheme_to_dict(scheme)
    return {p.key for p in PARAMS if doc[p.table][p.key] != _DEFAULTS[p.table][p.key]}


def spin_range(info: ParamInfo, kind: str) -> tuple[float, float]:
    """What a spin box takes: the declared bounds; a weight of the linked pair takes any fraction, so that editing
    one always sets the other exactly (the bound is then shown as a message, not clamped)."""
    if info.key in LINKED_WEIGHTS:
        return 0.0, 1.0
    lo = info.lo if info.lo is not None else 0.0
    hi = info.hi if info.hi is not None else float(_LARGEST[kind])
    return lo, hi


class SchemePanel(QWidget):
    scheme_edited = Signal(object, str)  # Scheme, the key edited
    reset_requested = Signal()
    load_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scheme parameters")
        self.scheme = Scheme()
        # whether every editor shows `scheme` as `set_scheme` put it there: a new scheme then sets only the editors
        # of the values that changed (asking every editor at every scheme change took about a millisecond)
        self._in_step = False
        self._marked: dict[str, bool] = {}  # each label's mark as shown: changed from the default or not
        self._problems: list[str] = []  # the messages shown
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        in_error_colour(self.summary)
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
            editor.setAccessibleName(info.title)
            editor.setAccessibleDescription(info.meaning)
            msg = QLabel()
            msg.setWordWrap(True)
            in_error_colour(msg)
            msg.setVisible(False)
            cell = QWidget()
            cl = QVBoxLayout(cell)
            cl.setContentsMargins(0, 0, 0, 0)
            cl.setSpacing(2)
            cl.addWidget(editor)
            cl.addWidget(msg)
            label = QLabel(label_text(info))
            label.setToolTip(_tooltip(info))
            label.setBuddy(editor)
            if info.key in WIDE:
                forms[info.table].addRow(label)  # a composite editor gets the panel's whole width
                forms[info.table].addRow(cell)
            else:
                forms[info.table].addRow(label, cell)
            self.editors[info.key] = editor
            self.messages[info.key] = msg
            self.labels[info.key] = label
        note = QLabel(
            "* assumed default: no public source settled it (hover a field for its source). (changed): the committee "
            "changed the default. A value not marked changed is the default: the published figure, or an assumed "
            "one where starred."
        )
        note.setWordWrap(True)
        body_layout.insertWidget(body_layout.count() - 1, note)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area = scroll

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

        def edited(*_: object) -> None:  # one slot for every kind of editor's signal
            self._edited(key)

        if key == "tie_break":
            rules = TieBreakList()
            rules.changed.connect(edited)
            return rules
        if key in ("net_worth_slabs", "capital_subsidy_slabs", "bid_security_slabs"):
            what = "least bid security" if key == "bid_security_slabs" else "least net worth"
            slabs = SlabsEditor(subsidy=key == "capital_subsidy_slabs", what=what)
            slabs.changed.connect(edited)
            return slabs
        if key in NAME_LISTS:
            names = QLineEdit()
            names.setPlaceholderText("Names separated by commas")
            names.editingFinished.connect(edited)
            return names
        if key == "irel_split":
            split = QLineEdit()
            split.setPlaceholderText("pro_rata, equal, or MTPA by rank: 200, 175, 125")
            split.editingFinished.connect(edited)
            return split
        if key == "criteria":
            criteria = CriteriaEditor()
            criteria.changed.connect(edited)
            return criteria
        if key in CHOICES:
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            for value, text in CHOICES[key]:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(edited)
            return combo
        kind = _TYPES[key]
        if kind == "bool":
            check = QCheckBox("required")
            check.toggled.connect(edited)
            return check
        if kind == "str":
            line = QLineEdit()
            line.editingFinished.connect(edited)
            return line
        if kind == "int":
            whole = QSpinBox()
            lo, hi = spin_range(info, "int")
            whole.setRange(int(lo), int(hi))
            if info.unit:
                whole.setSuffix(f" {info.unit}")
            whole.setKeyboardTracking(False)
            whole.setAlignment(Qt.AlignmentFlag.AlignRight)
            whole.valueChanged.connect(edited)
            return whole
        lo, hi = spin_range(info, "float")
        number = spin(lo, hi, info.decimals, info.unit, info.step)
        number.valueChanged.connect(edited)
        return number

    def set_scheme(self, scheme: Scheme) -> None:
        """Show a scheme (the session's, after an undo or a load) without emitting edits."""
        old, self.scheme = self.scheme, scheme
        keys = (
            [k for k in self.editors if getattr(old, k) != getattr(scheme, k)] if self._in_step else list(self.editors)
        )
        for key in keys:
            w = self.editors[key]
            value = getattr(scheme, key)
            if self._shows(key, w, value):
                continue  # set again, a widget repaints and may lay the panel out again
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
                w.setText(split_text(value) if key == "irel_split" else _line_text(value))
                w.setCursorPosition(0)
            elif isinstance(w, QSpinBox | QDoubleSpinBox):
                w.setValue(value)
            w.blockSignals(False)
        self._in_step = True
        self._show_messages([])
        self._enable_qcbs(scheme.method == "qcbs")
        self._mark_changed(scheme)

    @staticmethod
    def _shows(key: str, w: QWidget, value: Any) -> bool:
        """Whether a widget shows this value already."""
        if isinstance(w, TieBreakList):
            return bool(w.rules() == value)
        if isinstance(w, SlabsEditor):
            return w.slabs() == tuple(value)
        if isinstance(w, CriteriaEditor):
            return w.criteria() == tuple(value)
        if isinstance(w, QComboBox):
            return w.currentIndex() == max(w.findData(value), 0)
        if isinstance(w, QCheckBox):
            return w.isChecked() == bool(value)
        if isinstance(w, QLineEdit):
            return w.text() == (split_text(value) if key == "irel_split" else _line_text(value))
        if isinstance(w, QSpinBox | QDoubleSpinBox):
            return bool(w.value() == value)
        return False

    def _mark_changed(self, scheme: Scheme) -> None:
        """Each label says whether its value is the default (published or assumed) or the committee's change."""
        changed = changed_keys(scheme)
        for info in PARAMS:
            is_changed = info.key in changed
            if self._marked.get(info.key) is is_changed:
                continue
            self._marked[info.key] = is_changed
            label = self.labels[info.key]
            text = label_text(info, is_changed)
            if label.text() != text:  # a label set again lays the panel out again, at every scheme change
                label.setText(text)
            font = label.font()
            if font.bold() != is_changed:
                font.setBold(is_changed)
                label.setFont(font)

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
            elif isinstance(w, QLineEdit) and key in NAME_LISTS:
                names = tuple(x.strip() for x in w.text().split(",") if x.strip())
                # a form as the bidder would write it ("BG", "bank guarantee") is taken as the form it names
                values[key] = tuple(security_form(x) or x for x in names) if key == "bid_security_forms" else names
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
        self._in_step = False  # an editor may show its value as typed: the next scheme shown looks at every one
        self._show_messages(problems)
        if not problems and new != self.scheme:
            self.scheme = new
            self._mark_changed(new)
            self.scheme_edited.emit(new, key)

    def _link_weights(self, key: str) -> None:
        """Technical and financial weights sum to 1: editing one sets the other."""
        if key in LINKED_WEIGHTS:
            a, b = self.editors[key], self.editors[LINKED_WEIGHTS[key]]
            assert isinstance(a, QDoubleSpinBox) and isinstance(b, QDoubleSpinBox)
            b.blockSignals(True)
            b.setValue(round(1 - a.value(), 6))
            b.blockSignals(False)

    def _enable_qcbs(self, on: bool) -> None:
        for key in QCBS_ONLY:
            self.editors[key].setEnabled(on)

    def _show_messages(self, problems: list[str]) -> None:
        if not problems and not self._problems:
            return  # none shown, none to show
        self._problems = list(problems)
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
