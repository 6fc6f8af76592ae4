"""Indian formats on screen: digit grouping, ₹, counts and Indian Standard Time."""

from __future__ import annotations

from datetime import UTC, datetime

from repm_bids.gui.formats import fmt_count, fmt_when, indian, rupees
from repm_bids.gui.look import fmt_number, fmt_trim


def test_indian_grouping():
    assert indian(954300) == "9,54,300"
    assert indian(100000) == "1,00,000"
    assert indian(999) == "999" and indian(1000) == "1,000" and indian(0) == "0"
    assert indian(-1234567.891, 2) == "-12,34,567.89"
    assert indian(4750.5, 2) == "4,750.50" and indian(4750.5, 2, trim=True) == "4,750.5"
    assert fmt_number(954300.0) == "9,54,300" and fmt_trim(166.6667) == "166.67" and fmt_number(None) == ""


def test_rupees_counts_and_time():
    assert rupees(4750.5, 2, "cr") == "₹4,750.50 cr"
    assert fmt_count(1, "bid") == "1 bid" and fmt_count(12000, "bid") == "12,000 bids"
    assert fmt_when(datetime(2026, 12, 1, 12, 2, tzinfo=UTC)) == "01-12-2026 17:32 IST"
    assert fmt_when("2026-12-01T12:02:00+00:00") == "01-12-2026 17:32 IST"
    assert fmt_when("not a time") == "not a time" and fmt_when(None) == ""


def test_the_status_bar_uses_indian_grouping_and_rupees(demo):
    text = demo.status_labels["liability"].text()
    assert text.startswith("Liability: ₹") and "INR" not in text


def test_chart_axes_and_titles_use_indian_grouping(qtbot, single):
    demo = single  # one cover: the scheme is changed and the award follows
    from repm_bids.gui.chart_figures import nice_ticks
    from repm_bids.gui.main_window import RANKING_TAB

    assert nice_ticks(4000, 4) == [0, 2000, 4000] and nice_ticks(1320) == [0, 500, 1000, 1500]
    demo.tabs.setCurrentIndex(RANKING_TAB)
    demo.set_scheme(demo.session.scheme.with_changes(total_capacity=120000.0), "More capacity on offer")
    qtbot.waitUntil(lambda: not demo.evaluating)
    chart = demo.ranking.chart
    assert chart is not None
    assert chart.total.tick_labels == ["0", "50,000", "1,00,000", "1,50,000"]  # not "100000", nor "%.0f"
    assert "of 1,20,000 MTPA on offer" in chart.total.title
    assert [label for label in chart.per_beneficiary.tick_labels if len(label) > 3][0].count(",") == 1
    assert "1,20,000" in chart.total.texts() or "1,50,000" in chart.total.texts()
