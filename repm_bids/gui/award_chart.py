"""Charts of the award (QtCharts, imported only when the ranking view is first shown: it is not on the first window's
path). One chart: awarded capacity per beneficiary against the per-beneficiary cap; one bar: the awards stacked
against the total capacity on offer."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import Evaluation, Status
from repm_bids.domain.shown import shown
from repm_bids.gui.formats import indian
from repm_bids.gui.look import STATUS_FILL, STATUS_TEXT

_UNAWARDED = "#F2F2F2"


def _set(name: str, status: Status | None, fill: str | None = None) -> QBarSet:
    s = QBarSet(name)
    s.setColor(QColor(fill or STATUS_FILL[status]))  # type: ignore[index]
    s.setBorderColor(QColor(STATUS_TEXT[status] if status else "#7F7F7F"))
    s.setLabelColor(QColor("#000000"))
    return s


def _set_values(bar_set: QBarSet, values: list[float]) -> None:
    """A bar set's values, changed only when they differ (each change lays the chart out again: one value is
    replaced, more are set anew in two steps)."""
    count = bar_set.count()
    now = [bar_set.at(i) for i in range(count)]
    if now == values:
        return
    differ = [i for i, (a, b) in enumerate(zip(now, values)) if a != b] if count == len(values) else None
    if differ is not None and len(differ) == 1:
        bar_set.replace(differ[0], values[differ[0]])
        return
    bar_set.remove(0, count)
    bar_set.append(values)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`, at most `most` of them (1, 2 or 5 times a power of ten apart)."""
    top = max(top, 1.0)
    raw = top / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def indian_axis(axis: QCategoryAxis, top: float, most: int = 5) -> None:
    """A value axis whose labels use Indian grouping (1,20,000), which Qt's printf-style label formats cannot."""
    for label in list(axis.categoriesLabels()):
        axis.remove(label)
    ticks = nice_ticks(top, most)
    axis.setStartValue(-top / 1e6)  # a sliver before 0, so that 0 has a label too
    for value in ticks:
        axis.append(indian(value), value)
    axis.setRange(-top / 1e6, ticks[-1])


def _value_axis() -> QCategoryAxis:
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setGridLineVisible(True)
    return axis


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    f = QFont()
    f.setBold(True)
    chart.setTitleFont(f)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.setLocale(QLocale(QLocale.Language.English, QLocale.Country.India))
    chart.setLocalizeNumbers(True)  # bar labels grouped as in India (1,200; 1,20,000), not "1200"
    return chart


class AwardChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Award chart")
        self.per_beneficiary = QChartView()
        self.per_beneficiary.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.per_beneficiary.setAccessibleName("Awarded capacity per beneficiary against the cap")
        self.total = QChartView()
        self.total.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.total.setAccessibleName("Awarded capacity against the total on offer")
        lines = self.fontMetrics().height()
        # below about 13 lines Qt shortens the rank labels and the axis title to "..."; the ranking scrolls instead
        self.per_beneficiary.setMinimumHeight(lines * 14)
        self.total.setMinimumHeight(lines * 8)
        self.total.setMaximumHeight(lines * 10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.per_beneficiary, 3)
        layout.addWidget(self.total, 1)
        self._build()
        self._key: tuple[object, ...] | None = None

    def _build(self) -> None:
        """Make both charts once; `set_evaluation` only changes their values (a few hundred microseconds)."""
        chart = _chart("")
        self.full = _set("In full", Status.AWARDED)
        self.partial = _set("In part", Status.PARTIAL)
        self.bars = QStackedBarSeries()
        self.bars.append(self.full)
        self.bars.append(self.partial)
        self.bars.setLabelsVisible(True)
        self.bars.setLabelsFormat("@value")
        chart.addSeries(self.bars)
        self.rank_axis = QBarCategoryAxis()
        self.rank_axis.setTitleText("Rank (as in the table)")
        self.capacity_axis = _value_axis()
        chart.addAxis(self.rank_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.capacity_axis, Qt.AlignmentFlag.AlignLeft)
        self.bars.attachAxis(self.rank_axis)
        self.bars.attachAxis(self.capacity_axis)
        self.cap = QLineSeries()
        pen = QPen(QColor("#C00000"))
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.cap.setPen(pen)
        chart.addSeries(self.cap)
        self.xv = QValueAxis()
        self.xv.setVisible(False)
        chart.addAxis(self.xv, Qt.AlignmentFlag.AlignTop)
        self.cap.attachAxis(self.xv)
        self.cap.attachAxis(self.capacity_axis)
        self._replace(self.per_beneficiary, chart)

        total = _chart("")
        self.stack = QHorizontalStackedBarSeries()
        self.stack.setLabelsVisible(True)
        self.stack.setLabelsFormat("@value")
        self.stack_sets: list[QBarSet] = []  # one a beneficiary, in rank order, then the capacity not awarded
        self._stack_names: list[tuple[str, Status]] | None = None
        total.addSeries(self.stack)
        cat = QBarCategoryAxis()
        cat.append(["total"])
        cat.setVisible(False)
        self.v = _value_axis()
        total.addAxis(cat, Qt.AlignmentFlag.AlignLeft)
        total.addAxis(self.v, Qt.AlignmentFlag.AlignBottom)
        self.stack.attachAxis(cat)
        self.stack.attachAxis(self.v)
        total.legend().setVisible(False)
        self._replace(self.total, total)

    def set_evaluation(self, ev: Evaluation) -> None:
        s = ev.scheme
        unit = s.capacity_unit
        awards = ev.awards()
        sealed = ev.stage == "technical"  # two covers, prices not opened: no award yet, not an award of 0
        key = (
            tuple((o.rank, o.bid_ref, o.awarded, o.status) for o in awards),
            s.max_capacity,
            s.total_capacity,
            unit,
            sealed,
        )
        if key == self._key:
            return  # nothing the charts show has changed
        self._key = key
        # -- per beneficiary, with the cap as a line --------------------------------------------------------------
        self.per_beneficiary.chart().setTitle(f"Awarded per beneficiary ({unit})")
        cats = [str(o.rank) for o in awards]
        for bar_set, status in ((self.full, Status.AWARDED), (self.partial, Status.PARTIAL)):
            _set_values(bar_set, [o.awarded if o.status is status else 0.0 for o in awards])
        self._set_categories(cats or ["(prices not opened yet)" if sealed else "(no awards)"])
        indian_axis(self.capacity_axis, max([s.max_capacity * 1.1, *(o.awarded for o in awards)]))
        self.capacity_axis.setTitleText(unit)
        n = max(len(cats), 1)
        self.cap.setName(f"Cap {indian_number(s.max_capacity)}")
        self.cap.replace([QPointF(-0.5, s.max_capacity), QPointF(n - 0.5, s.max_capacity)])
        self.xv.setRange(-0.5, n - 0.5)

        # -- the total on offer --------------------------------------------------------------------------------------
        awarded = sum(o.awarded for o in awards)
        offer = indian_number(s.total_capacity)
        self.total.chart().setTitle(
            f"Prices not opened yet: no award; {offer} {unit} on offer"
            if sealed
            else f"Awarded {indian_number(awarded)} of {offer} {unit} on offer"
        )
        self._set_stack(
            [(shown(o.bid_ref or ""), o.status, o.awarded) for o in awards], max(s.total_capacity - awarded, 0)
        )
        indian_axis(self.v, s.total_capacity, most=5)

    def _set_categories(self, cats: list[str]) -> None:
        """The rank axis's categories, changed only when they differ (each change to a chart lays it out again)."""
        now = self.rank_axis.categories()
        if now == cats:
            return
        if cats[: len(now)] == now:
            self.rank_axis.append(cats[len(now) :])
            return
        self.rank_axis.clear()
        self.rank_axis.append(cats)

    def _set_stack(self, awards: list[tuple[str, Status, float]], rest: float) -> None:
        """One bar set per award, then the capacity not awarded. The same beneficiaries as shown: only the values
        that changed are set; otherwise the sets are made again."""
        names = [(name, status) for name, status, _ in awards]
        if names == self._stack_names and len(self.stack_sets) == len(awards) + 1:
            for bar, value in zip(self.stack_sets, [*(v for _, _, v in awards), rest], strict=True):
                _set_values(bar, [value])
            return
        self.stack.clear()
        self.stack_sets = []
        for name, status, value in awards:
            b = _set(name, status)
            b.append(value)
            self.stack_sets.append(b)
        left = _set("Not awarded", None, _UNAWARDED)
        left.append(rest)
        self.stack_sets.append(left)
        self.stack.append(self.stack_sets)
        self._stack_names = names

    @staticmethod
    def _replace(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
