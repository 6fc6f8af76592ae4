"""Editors for the scheme's composite parameters: the tie-break order (a reorderable list), the net-worth slabs and
the QCBS criteria (rows of spin boxes whose weights must sum to 1). Each emits `changed` after an edit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from repm_bids.domain.fields import FIELDS_BY_KEY, NUMERIC_KEYS
from repm_bids.domain.labels import CAPACITY, CRORE
from repm_bids.domain.scheme import DIRECTIONS, PARAMS_BY_KEY, Criterion, NetWorthSlab, SubsidySlab
from repm_bids.gui.formats import screen_label
from repm_bids.gui.look import ERROR_TEXT

TIE_BREAK_TITLES = dict(PARAMS_BY_KEY["tie_break"].choices)


def spin(lo: float, hi: float, decimals: int = 0, suffix: str = "", step: float = 1.0) -> QDoubleSpinBox:
    w = QDoubleSpinBox()
    w.setRange(lo, hi)
    w.setDecimals(decimals)
    w.setSingleStep(step)
    if suffix:
        w.setSuffix(f" {suffix}")
    w.setKeyboardTracking(False)  # apply on Enter, focus out or arrows, not on every digit typed
    w.setGroupSeparatorShown(True)
    w.setAlignment(Qt.AlignmentFlag.AlignRight)
    return w


class TieBreakList(QWidget):
    """The tie-break rules in order; reorder by dragging or with the Up/Down buttons (Alt+Up / Alt+Down)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Tie-break order")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(lambda *_: self.changed.emit())
        self.up = QPushButton("Up")
        self.up.setAccessibleName("Move the selected rule up")
        self.up.setShortcut("Alt+Up")
        self.down = QPushButton("Down")
        self.down.setAccessibleName("Move the selected rule down")
        self.down.setShortcut("Alt+Down")
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_rules(self, rules: tuple[str, ...]) -> None:
        self.list.blockSignals(True)
        self.list.model().blockSignals(True)
        self.list.clear()
        for i, r in enumerate(rules, 1):
            item = QListWidgetItem(f"{i}. {TIE_BREAK_TITLES.get(r, r)}")
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.list.addItem(item)
        self.list.model().blockSignals(False)
        self.list.blockSignals(False)
        h = self.list.sizeHintForRow(0)
        self.list.setFixedHeight(h * max(len(rules), 1) + 2 * self.list.frameWidth() + 2)

    def rules(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))

    def _move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        rules = list(self.rules())
        rules[row], rules[target] = rules[target], rules[row]
        self.set_rules(tuple(rules))
        self.list.setCurrentRow(target)
        self.changed.emit()


class SlabsEditor(QWidget):
    """Slabs by capacity: for capacity up to X, a net worth of at least Y crore (or, with `subsidy`, a capital
    subsidy of at most Y crore)."""

    changed = Signal()

    def __init__(
        self, unit: str = CAPACITY, parent: QWidget | None = None, subsidy: bool = False, what: str = "least net worth"
    ) -> None:
        super().__init__(parent)
        self.unit = unit
        self.subsidy = subsidy
        self.what = "most capital subsidy" if subsidy else what
        self.may_be_empty = what != "least net worth" and not subsidy  # bid security: no slabs, the amount per MTPA
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QDoubleSpinBox, QDoubleSpinBox]] = []
        self.add = QPushButton("Add slab")
        self.add.clicked.connect(self._add)
        self.remove = QPushButton("Remove last slab")
        self.remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)

    def _slab(self, up_to: float, crore: float) -> NetWorthSlab | SubsidySlab:
        return SubsidySlab(up_to, crore) if self.subsidy else NetWorthSlab(up_to, crore)

    def set_slabs(self, slabs: Sequence[NetWorthSlab | SubsidySlab]) -> None:
        while len(self.rows) > len(slabs):
            self._drop_row()
        while len(self.rows) < len(slabs):
            self._new_row()
        for (up, mc), s in zip(self.rows, slabs, strict=True):
            crore = s.max_crore if isinstance(s, SubsidySlab) else s.min_crore
            for w, v in ((up, s.up_to), (mc, crore)):
                w.blockSignals(True)
                w.setValue(v)
                w.blockSignals(False)
        self.remove.setEnabled(len(self.rows) > (0 if self.may_be_empty else 1))

    def slabs(self) -> tuple[NetWorthSlab | SubsidySlab, ...]:
        return tuple(self._slab(up.value(), mc.value()) for up, mc in self.rows)

    def _new_row(self) -> None:
        i = len(self.rows)
        up = spin(0, 100_000, 0, self.unit, 100)
        mc = spin(0, 100_000, 2, PARAMS_BY_KEY["net_worth_slabs"].unit or CRORE, 5)
        up.setAccessibleName(f"Slab {i + 1}: capacity up to")
        mc.setAccessibleName(f"Slab {i + 1}: {self.what}")
        up.valueChanged.connect(lambda *_: self.changed.emit())
        mc.valueChanged.connect(lambda *_: self.changed.emit())
        self.grid.addWidget(QLabel("up to"), i, 0)
        self.grid.addWidget(up, i, 1)
        self.grid.addWidget(QLabel("at most" if self.subsidy else "needs"), i, 2)
        self.grid.addWidget(mc, i, 3)
        self.rows.append((up, mc))

    def _drop_row(self) -> None:
        i = len(self.rows) - 1
        for c in range(4):
            item = self.grid.itemAtPosition(i, c)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.pop()

    def _add(self) -> None:
        last = self.rows[-1][0].value() if self.rows else 0
        slabs = (*self.slabs(), self._slab(last + 100, self.rows[-1][1].value() if self.rows else 0))
        self.set_slabs(slabs)
        self.changed.emit()

    def _remove(self) -> None:
        if len(self.rows) > (0 if self.may_be_empty else 1):
            self.set_slabs(self.slabs()[:-1])
            self.changed.emit()


class CriteriaEditor(QWidget):
    """QCBS technical criteria: field, weight, better higher or lower; the weights' sum is shown beside them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QComboBox, QDoubleSpinBox, QComboBox]] = []
        self.sum = QLabel()
        self.sum.setAccessibleName("Sum of the criteria weights")
        self.add = QPushButton("Add criterion")
        self.add.clicked.connect(self._add)
        self.remove = QPushButton("Remove last")
        self.remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addWidget(self.sum, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)

    def set_criteria(self, criteria: tuple[Criterion, ...]) -> None:
        while len(self.rows) > len(criteria):
            self._drop_row()
        while len(self.rows) < len(criteria):
            self._new_row()
        for (key, weight, better), c in zip(self.rows, criteria, strict=True):
            for w in (key, weight, better):
                w.blockSignals(True)
            key.setCurrentIndex(max(key.findData(c.key), 0))
            weight.setValue(c.weight)
            better.setCurrentIndex(max(better.findData(c.better), 0))
            for w in (key, weight, better):
                w.blockSignals(False)
        self._show_sum()

    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(Criterion(k.currentData(), w.value(), b.currentData()) for k, w, b in self.rows)

    def _show_sum(self) -> None:
        total = sum(w.value() for _, w, _ in self.rows)
        ok = abs(total - 1) < 1e-9
        self.sum.setText(f"Weights sum to {total:.3f}" + ("" if ok else " (must be 1)"))
        self.sum.setStyleSheet("" if ok else f"color: {ERROR_TEXT}; font-weight: bold")
        self.remove.setEnabled(len(self.rows) > 1)

    def _emit(self) -> None:
        self._show_sum()
        self.changed.emit()

    def _new_row(self) -> None:
        i = len(self.rows)
        key = QComboBox()
        key.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        key.setMinimumContentsLength(12)
        for k in NUMERIC_KEYS:
            key.addItem(screen_label(FIELDS_BY_KEY[k].label), k)
        key.setAccessibleName(f"Criterion {i + 1}: bid field")
        weight = spin(0, 1, 3, "", 0.05)
        weight.setAccessibleName(f"Criterion {i + 1}: weight")
        better = QComboBox()
        for d in DIRECTIONS:
            better.addItem(f"{d} is better", d)
        better.setAccessibleName(f"Criterion {i + 1}: direction")
        key.currentIndexChanged.connect(lambda *_: self._emit())
        weight.valueChanged.connect(lambda *_: self._emit())
        better.currentIndexChanged.connect(lambda *_: self._emit())
        self.grid.addWidget(key, i, 0)
        self.grid.addWidget(weight, i, 1)
        self.grid.addWidget(better, i, 2)
        self.rows.append((key, weight, better))

    def _drop_row(self) -> None:
        i = len(self.rows) - 1
        for c in range(3):
            item = self.grid.itemAtPosition(i, c)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows.pop()

    def _add(self) -> None:
        used = {c.key for c in self.criteria()}
        free = next((k for k in NUMERIC_KEYS if k not in used), NUMERIC_KEYS[0])
        self.set_criteria((*self.criteria(), Criterion(free, 0.0, "higher")))
        self._emit()

    def _remove(self) -> None:
        if len(self.rows) > 1:
            self.set_criteria(self.criteria()[:-1])
            self._emit()
