"""Charts of the award (QtCharts, imported only when the ranking view is first shown: it is not on the first window's
path). One chart: awarded capacity per beneficiary against the per-beneficiary cap; one bar: the awards stacked
against the total capacity on offer."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from repm_bids.domain.result import Evaluation, Status
from repm_bids.gui.look import STATUS_FILL, STATUS_TEXT

_UNAWARDED = "#F2F2F2"


def _set(name: str, status: Status | None, fill: str | None = None) -> QBarSet:
    s = QBarSet(name)
    s.setColor(QColor(fill or STATUS_FILL[status]))  # type: ignore[index]
    s.setBorderColor(QColor(STATUS_TEXT[status] if status else "#7F7F7F"))
    s.setLabelColor(QColor("#000000"))
    return s


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
        self.total.setMinimumHeight(self.fontMetrics().height() * 9)
        self.total.setMaximumHeight(self.fontMetrics().height() * 11)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.per_beneficiary, 3)
        layout.addWidget(self.total, 1)

    def set_evaluation(self, ev: Evaluation) -> None:
        s = ev.scheme
        unit = s.capacity_unit
        awards = ev.awards()
        # -- per beneficiary, with the cap as a line --------------------------------------------------------------
        chart = _chart(f"Awarded per beneficiary ({unit})")
        full = _set("In full", Status.AWARDED)
        partial = _set("In part", Status.PARTIAL)
        cats = []
        for o in awards:
            cats.append(str(o.rank))
            full.append(o.awarded if o.status is Status.AWARDED else 0)
            partial.append(o.awarded if o.status is Status.PARTIAL else 0)
        bars = QStackedBarSeries()
        bars.append(full)
        bars.append(partial)
        bars.setLabelsVisible(True)
        bars.setLabelsFormat("@value")
        chart.addSeries(bars)
        x = QBarCategoryAxis()
        x.append(cats or ["(no awards)"])
        x.setTitleText("Rank (as in the table)")
        y = QValueAxis()
        y.setRange(0, max(s.max_capacity * 1.1, 1))
        y.applyNiceNumbers()
        y.setLabelFormat("%.0f")
        y.setTitleText(unit)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x)
        bars.attachAxis(y)
        cap = QLineSeries()
        cap.setName(f"Cap {s.max_capacity:,.0f}")
        pen = QPen(QColor("#C00000"))
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        cap.setPen(pen)
        n = max(len(cats), 1)
        cap.append(QPointF(-0.5, s.max_capacity))
        cap.append(QPointF(n - 0.5, s.max_capacity))
        chart.addSeries(cap)
        xv = QValueAxis()
        xv.setRange(-0.5, n - 0.5)
        xv.setVisible(False)
        chart.addAxis(xv, Qt.AlignmentFlag.AlignTop)
        cap.attachAxis(xv)
        cap.attachAxis(y)
        self._replace(self.per_beneficiary, chart)

        # -- the total on offer --------------------------------------------------------------------------------------
        awarded = sum(o.awarded for o in awards)
        total = _chart(f"Awarded {awarded:,.0f} of {s.total_capacity:,.0f} {unit} on offer")
        stack = QHorizontalStackedBarSeries()
        for o in awards:
            b = _set(str(o.bid_ref), o.status)
            b.append(o.awarded)
            stack.append(b)
        rest = _set("Not awarded", None, _UNAWARDED)
        rest.append(max(s.total_capacity - awarded, 0))
        stack.append(rest)
        stack.setLabelsVisible(True)
        stack.setLabelsFormat("@value")
        total.addSeries(stack)
        cat = QBarCategoryAxis()
        cat.append([unit])
        cat.setVisible(False)
        v = QValueAxis()
        v.setRange(0, max(s.total_capacity, 1))
        v.setLabelFormat("%.0f")
        v.setTickCount(4)
        total.addAxis(cat, Qt.AlignmentFlag.AlignLeft)
        total.addAxis(v, Qt.AlignmentFlag.AlignBottom)
        stack.attachAxis(cat)
        stack.attachAxis(v)
        total.legend().setVisible(False)
        self._replace(self.total, total)

    @staticmethod
    def _replace(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
