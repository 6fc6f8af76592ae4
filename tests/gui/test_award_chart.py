"""The award charts: drawn from plain figures in the workbook's colours, repainted only when the figures change,
a tooltip over each bar, readable however many bars, and described for a screen reader."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QColor, QHelpEvent

from repm_bids.domain import palette
from repm_bids.domain.result import Status
from repm_bids.gui.award_chart import AwardChart, BeneficiaryChart, label_every
from repm_bids.gui.chart_figures import Bar, BeneficiaryFigures, award_figures
from repm_bids.gui.main_window import RANKING_TAB


def _shown(qtbot, demo) -> AwardChart:  # type: ignore[no-untyped-def]
    demo.resize(1366, 768)
    demo.show()
    demo.tabs.setCurrentIndex(RANKING_TAB)
    chart = demo.ranking.chart
    assert chart is not None
    return chart


def test_the_bars_are_drawn_in_the_status_colours_with_a_tooltip_naming_the_bid(qtbot, demo):
    chart = _shown(qtbot, demo)
    per = chart.per_beneficiary
    image = per.grab().toImage()  # paints it, and keeps where each bar went
    rect, about = per._hits[0]
    centre = rect.center().toPoint()
    assert QColor(image.pixel(centre.x(), centre.y() + 2)).name().upper() == palette.STATUS_FILL[Status.AWARDED]
    assert about.startswith("Rank 1: REPM-2026-001 (Bharat Magnetics Ltd), 1,200 MTPA in full")
    assert per.tooltip_at(rect.center()) == about and per.tooltip_at(QPointF(1, 1)) == ""  # on no bar: none
    per.event(QHelpEvent(QEvent.Type.ToolTip, centre, per.mapToGlobal(centre)))
    assert per.toolTip() == about  # what Qt shows for the pointer there


def test_the_total_bar_names_what_is_not_awarded(qtbot, demo):
    total = _shown(qtbot, demo).total
    total.grab()
    abouts = [about for _, about in total._hits]
    assert len(abouts) == len(demo.evaluation.awards()) + 1
    assert abouts[-1] == "Not awarded: 600 MTPA of 6,000 MTPA on offer"
    assert total.accessibleDescription().startswith("Awarded 5,400 of 6,000 MTPA on offer: Rank 1: REPM-2026-001")


def test_the_same_figures_ask_for_no_paint(qtbot, single):
    demo = single  # one cover: the scheme can change the award
    chart = _shown(qtbot, demo)
    asked: list[str] = []
    chart.per_beneficiary.update = lambda: asked.append("per")  # type: ignore[method-assign]
    chart.total.update = lambda: asked.append("total")  # type: ignore[method-assign]
    chart.set_evaluation(demo.evaluation)
    assert asked == []
    demo.set_scheme(demo.session.scheme.with_changes(incentive_outlay_crore=7000.0), "Outlay")  # no award changes
    assert asked == []
    demo.set_scheme(demo.session.scheme.with_changes(total_capacity=4000.0), "Less capacity")
    assert asked == ["per", "total"]
    assert chart.total.title == award_figures(demo.evaluation)[1].title


def test_many_bars_and_small_sizes_draw_without_overlapping_ranks(qtbot):
    chart = BeneficiaryChart()
    qtbot.addWidget(chart)
    bars = tuple(Bar(str(i), 600.0 + i, Status.AWARDED, f"Rank {i}") for i in range(1, 61))
    chart.set_figures(BeneficiaryFigures("Awarded per beneficiary (MTPA)", "MTPA", bars, 1200.0, "(no awards)"))
    for size in ((600, 400), (120, 80), (4, 4)):
        chart.resize(*size)
        chart.grab()  # paints without an error at every size
    chart.resize(600, 400)
    chart.grab()
    assert len(chart._hits) == 60  # every bar, with its tooltip
    assert label_every(30.0, 10.0) == 3 and label_every(30.0, 40.0) == 1  # and every third rank where three fit


def test_before_any_award_the_chart_says_why(qtbot):
    chart = BeneficiaryChart()
    qtbot.addWidget(chart)
    chart.set_figures(BeneficiaryFigures("Awarded per beneficiary (MTPA)", "MTPA", (), 1200.0, "(no awards)"))
    chart.resize(500, 300)
    chart.grab()
    assert chart.categories == ["(no awards)"] and chart._hits == []
    assert chart.accessibleDescription() == "Awarded per beneficiary (MTPA): (no awards); cap 1,200 MTPA"
