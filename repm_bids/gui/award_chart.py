"""The award charts, drawn with QPainter from plain numbers (chart_figures.py): awarded capacity per beneficiary
against the per-beneficiary cap, and the awards stacked against the total capacity on offer.

`set_evaluation` keeps the figures and asks for a paint only when they differ; a paint is a few dozen rectangles and
texts (a charting library laid its whole scene out again at every change). The colours are the workbook's
(domain.palette); every figure uses Indian grouping; each bar's tooltip names the bid and its award."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from repm_bids.domain import palette
from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import Evaluation, Status
from repm_bids.gui.chart_figures import Bar, BeneficiaryFigures, TotalFigures, award_figures, tick_labels

PANEL = "#FFFFFF"
GRID_LINE = "#E4E4E4"
AXIS_LINE = "#8C8C8C"
CAP_LINE = "#C00000"
UNAWARDED_LINE = "#7F7F7F"
RANK_TITLE = "Rank (as in the table)"
LEGEND = ((Status.AWARDED, "In full"), (Status.PARTIAL, "In part"))


@cache
def colour(hex_rgb: str) -> QColor:
    """One colour object per colour (a paint asks for the same few dozens of times)."""
    return QColor(hex_rgb)


@cache
def line(hex_rgb: str, width: int, dashed: bool = False) -> QPen:
    pen = QPen(colour(hex_rgb), width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def bar_fill(status: Status | None) -> QColor:
    return colour(palette.STATUS_FILL[status] if status else palette.TOTAL_FILL)


def bar_line(status: Status | None) -> QColor:
    return colour(palette.STATUS_TEXT[status] if status else UNAWARDED_LINE)


BLACK = "#000000"


def label_every(widest: float, slot: float) -> int:
    """Many bars: every n-th is labelled, so that no two labels overlap (`widest`: the widest label with its gap)."""
    return max(1, math.ceil(widest / slot)) if slot > 0 else 1


class Figures(Protocol):
    """What a chart is drawn from: a title, the ticks of its value axis and its figures in words."""

    @property
    def title(self) -> str: ...

    @property
    def ticks(self) -> list[float]: ...

    def describe(self) -> str: ...


F = TypeVar("F", bound=Figures)


class ChartCanvas(QWidget, Generic[F]):
    """What both charts share: a white panel with a bold title, tooltips over the bars, and its texts listed; the
    figures it is drawn from, repainted only when they change."""

    def __init__(self, name: str, figures: F, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = figures
        self.setAccessibleName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it paints every pixel: nothing under it is
        self.setMouseTracking(False)
        self._hits: list[tuple[QRectF, str]] = []  # each bar where it was last painted, and its tooltip
        self._fonts: tuple[QFont, QFontMetricsF, QFontMetricsF] | None = None  # the bold title font and both metrics

    def set_figures(self, figures: F) -> None:
        if figures == self.figures:
            return
        self.figures = figures
        self.setAccessibleDescription(figures.describe())
        self.update()

    @property
    def title(self) -> str:
        return self.figures.title

    @property
    def tick_labels(self) -> list[str]:
        return tick_labels(self.figures.ticks)

    def title_font(self) -> QFont:
        return self._fonts_now()[0]

    def title_metrics(self) -> QFontMetricsF:
        return self._fonts_now()[1]

    def metrics(self) -> QFontMetricsF:
        """The widget font's metrics (made again when the font changes)."""
        return self._fonts_now()[2]

    def _fonts_now(self) -> tuple[QFont, QFontMetricsF, QFontMetricsF]:
        if self._fonts is None:
            title = QFont(self.font())
            title.setBold(True)
            self._fonts = (title, QFontMetricsF(title), QFontMetricsF(self.font()))
        return self._fonts

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = None
        super().changeEvent(event)

    def panel(self, p: QPainter) -> QRectF:
        """Fill the widget (the window's colour round a white panel); the panel's inside, padded."""
        p.fillRect(self.rect(), self.palette().window())
        outer = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        p.fillRect(outer, colour(PANEL))
        pad = self.fontMetrics().height() * 0.5
        return outer.adjusted(pad, pad * 0.6, -pad, -pad * 0.6)

    def draw_title(self, p: QPainter, area: QRectF, title: str) -> float:
        """The title centred at the top of `area`, elided to its width; the height it took."""
        p.setFont(self.title_font())
        fm = self.title_metrics()
        p.setPen(colour(BLACK))
        text = fm.elidedText(title, Qt.TextElideMode.ElideRight, area.width())
        p.drawText(QRectF(area.left(), area.top(), area.width(), fm.height()), Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(self.font())
        return fm.height()

    def bar(self, p: QPainter, rect: QRectF, bar: Bar) -> None:
        p.setPen(line(palette.STATUS_TEXT[bar.status] if bar.status else UNAWARDED_LINE, 1))
        p.setBrush(bar_fill(bar.status))
        p.drawRect(rect)
        self._hits.append((rect, bar.about))

    def value_label(self, p: QPainter, rect: QRectF, text: str, above_room: float = 0.0) -> None:
        """The bar's figure (`text`, in the widget's font) inside it when it fits, else just above it when there is
        room, else none."""
        fm = self.metrics()
        w, h = fm.horizontalAdvance(text) + 4, fm.height()
        if rect.width() < w:
            return
        p.setPen(colour(BLACK))
        if rect.height() >= h + 2:
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        elif above_room >= h:
            p.drawText(QRectF(rect.left(), rect.top() - h, rect.width(), h), Qt.AlignmentFlag.AlignCenter, text)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._hits = []
        p = QPainter(self)
        try:
            self._paint(p)
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        """Draw the chart: each chart its own."""
        raise NotImplementedError

    def tooltip_at(self, pos: QPointF) -> str:
        """What the bar under `pos` is (as last painted); empty where there is no bar."""
        return next((about for rect, about in reversed(self._hits) if rect.contains(pos)), "")

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:  # Qt shows the widget's tooltip: the bar's under the pointer, or none
            self.setToolTip(self.tooltip_at(QPointF(e.pos())))  # type: ignore[attr-defined]
        return super().event(e)


class BeneficiaryChart(ChartCanvas[BeneficiaryFigures]):
    """Awarded capacity per beneficiary, as bars in rank order, with the cap as a dashed line across them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Awarded capacity per beneficiary against the cap", BeneficiaryFigures("", "", (), 0.0, ""), parent
        )

    @property
    def categories(self) -> list[str]:
        return self.figures.categories

    def texts(self) -> list[str]:
        """Every text the chart draws (for the tests that look at what is on screen)."""
        f = self.figures
        values = [indian_number(b.value) for b in f.bars]
        return [f.title, f.unit, *self.tick_labels, *f.categories, *values, RANK_TITLE, f.cap_label]

    def _paint(self, p: QPainter) -> None:
        f = self.figures
        area = self.panel(p)
        fm = self.metrics()
        lh = fm.height()
        top = area.top() + self.draw_title(p, area, f.title) + lh * 0.6
        legend_y = area.bottom() - lh
        axis_title_y = legend_y - lh * 1.5
        labels_y = axis_title_y - lh * 1.2
        ticks = f.ticks
        labels = tick_labels(ticks)
        label_w = max(fm.horizontalAdvance(t) for t in labels)
        unit_w = self.title_metrics().height()
        plot = QRectF(area.left() + unit_w + 6 + label_w + 6, top, 0, 0)
        plot.setRight(area.right() - 2)
        plot.setBottom(labels_y - 3)
        if plot.width() < 10 or plot.height() < 10:
            return
        scale = ticks[-1] or 1.0

        def y(v: float) -> float:
            return plot.bottom() - v / scale * plot.height()

        # the value axis: grid lines, figures, the unit
        for value, text in zip(ticks, labels, strict=True):
            p.setPen(line(GRID_LINE, 1))
            p.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
            p.setPen(colour(BLACK))
            r = QRectF(area.left(), y(value) - lh / 2, plot.left() - 6 - area.left(), lh)
            p.drawText(r, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        p.save()
        p.setFont(self.title_font())
        p.translate(area.left() + unit_w / 2, plot.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-plot.height() / 2, -unit_w / 2, plot.height(), unit_w), Qt.AlignmentFlag.AlignCenter, f.unit)
        p.restore()
        p.setPen(line(AXIS_LINE, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())

        # the bars, their figures and the ranks under them
        cats = f.categories
        slot = plot.width() / len(cats)
        widest = max(fm.horizontalAdvance(c) for c in cats) + lh
        every = label_every(widest, slot)
        figures = [indian_number(b.value) for b in f.bars]
        figure_w = max((fm.horizontalAdvance(t) for t in figures), default=0.0) + 8
        width = min(max(slot * 0.5, figure_w), slot * 0.85, lh * 8)  # wide enough for its figure, if it can be
        for i, cat in enumerate(cats):
            centre = plot.left() + slot * (i + 0.5)
            if i < len(f.bars):
                bar = f.bars[i]
                rect = QRectF(centre - width / 2, y(bar.value), width, plot.bottom() - y(bar.value))
                self.bar(p, rect, bar)
                self.value_label(p, rect, figures[i], rect.top() - plot.top())
            if i % every == 0:
                p.setPen(colour(BLACK))
                r = QRectF(centre - slot * every / 2, labels_y, slot * every, lh)
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, fm.elidedText(cat, Qt.TextElideMode.ElideRight, r.width()))
        # the cap, dashed, across the plot
        p.setPen(line(CAP_LINE, 2, dashed=True))
        p.drawLine(QPointF(plot.left(), y(f.cap)), QPointF(plot.right(), y(f.cap)))

        p.setFont(self.title_font())
        p.setPen(colour(BLACK))
        p.drawText(QRectF(plot.left(), axis_title_y, plot.width(), lh), Qt.AlignmentFlag.AlignCenter, RANK_TITLE)
        p.setFont(self.font())
        self._legend(p, QRectF(area.left(), legend_y, area.width(), lh), fm, f.cap_label)

    def _legend(self, p: QPainter, row: QRectF, fm: QFontMetricsF, cap_label: str) -> None:
        box = fm.height() * 0.6
        gap = fm.height()
        items: list[tuple[Status | None, str]] = [*LEGEND, (None, cap_label)]
        widths = [box + 4 + fm.horizontalAdvance(text) for _, text in items]
        x = row.center().x() - (sum(widths) + gap * (len(items) - 1)) / 2
        mid = row.center().y()
        for (status, text), w in zip(items, widths, strict=True):
            if status is None:  # the cap: a short stretch of its dashed line
                p.setPen(line(CAP_LINE, 2))
                p.drawLine(QPointF(x, mid), QPointF(x + box, mid))
            else:
                p.setPen(line(palette.STATUS_TEXT[status], 1))
                p.setBrush(bar_fill(status))
                p.drawRect(QRectF(x, mid - box / 2, box, box))
            p.setPen(colour(BLACK))
            p.drawText(QRectF(x + box + 4, row.top(), w, row.height()), Qt.AlignmentFlag.AlignVCenter, text)
            x += w + gap


class TotalChart(ChartCanvas[TotalFigures]):
    """One bar: each award in rank order, then the capacity not awarded, against the total capacity on offer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Awarded capacity against the total on offer", TotalFigures("", "", (), 0.0), parent)

    @property
    def segments(self) -> Sequence[Bar]:
        return self.figures.segments

    def texts(self) -> list[str]:
        """Every text the chart draws."""
        f = self.figures
        return [f.title, *self.tick_labels, *(indian_number(s.value) for s in f.segments)]

    def _paint(self, p: QPainter) -> None:
        f = self.figures
        area = self.panel(p)
        fm = self.metrics()
        lh = fm.height()
        top = area.top() + self.draw_title(p, area, f.title) + lh * 0.5
        ticks = f.ticks
        labels = tick_labels(ticks)
        half_last = fm.horizontalAdvance(labels[-1]) / 2
        plot = QRectF(area.left() + fm.horizontalAdvance(labels[0]) / 2 + 1, top, 0, 0)
        plot.setRight(area.right() - half_last - 1)
        plot.setBottom(min(area.bottom() - lh * 1.3, top + lh * 2.4))
        if plot.width() < 10 or plot.height() < 4:
            return
        scale = ticks[-1] or 1.0

        def x(v: float) -> float:
            return plot.left() + v / scale * plot.width()

        for value, text in zip(ticks, labels, strict=True):
            p.setPen(line(GRID_LINE, 1))
            p.drawLine(QPointF(x(value), plot.top()), QPointF(x(value), plot.bottom() + 3))
            p.setPen(colour(BLACK))
            w = fm.horizontalAdvance(text) + 2
            p.drawText(QRectF(x(value) - w / 2, plot.bottom() + 4, w, lh), Qt.AlignmentFlag.AlignCenter, text)
        band = QRectF(plot.left(), plot.top() + plot.height() * 0.1, 0, plot.height() * 0.8)
        start = 0.0
        for seg in f.segments:
            if seg.value <= 0:
                continue
            rect = QRectF(x(start), band.top(), x(start + seg.value) - x(start), band.height())
            self.bar(p, rect, seg)
            self.value_label(p, rect, indian_number(seg.value))
            start += seg.value
        p.setPen(line(AXIS_LINE, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())


class AwardChart(QWidget):
    """Both charts, one above the other; each can be copied or saved as a PNG (chart_menu.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Award chart")
        self.per_beneficiary = BeneficiaryChart()
        self.total = TotalChart()
        lines = self.fontMetrics().height()
        # below about 13 lines the ranks, the bars' figures and the legend crowd each other; the ranking scrolls
        self.per_beneficiary.setMinimumHeight(lines * 14)
        self.total.setMinimumHeight(lines * 6)
        self.total.setMaximumHeight(lines * 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.per_beneficiary, 3)
        layout.addWidget(self.total, 1)

    def set_evaluation(self, ev: Evaluation) -> None:
        per, total = award_figures(ev)
        self.per_beneficiary.set_figures(per)
        self.total.set_figures(total)
