"""A scheme change repaints what changed in the ranking view, and nothing is left stale: a change that keeps the
method leaves the columns alone, a new waiting-list count does not lay the window out again, and the ranking of a
change made on another tab is right when the tab is shown."""

from __future__ import annotations

from repm_bids.domain.result import Status
from repm_bids.gui.main_window import BIDS_TAB, RANKING_TAB


def test_the_score_columns_are_hidden_or_shown_only_when_the_method_changes(qtbot, single):
    w = single
    w.tabs.setCurrentIndex(RANKING_TAB)
    toggled: list[tuple[int, bool]] = []
    table = w.ranking.table
    hide = table.setColumnHidden
    table.setColumnHidden = lambda c, h: (toggled.append((c, h)), hide(c, h))  # type: ignore[method-assign]
    w.set_scheme(w.session.scheme.with_changes(total_capacity=5000.0), "Less capacity")
    assert toggled == []
    w.set_scheme(w.session.scheme.with_changes(method="qcbs"), "QCBS")
    assert sorted(toggled) == [(6, False), (8, False)] and not table.isColumnHidden(6)
    toggled.clear()
    w.set_scheme(w.session.scheme.with_changes(total_capacity=4500.0), "Less again")
    assert toggled == [] and not table.isColumnHidden(8)


def test_a_new_waiting_list_count_does_not_lay_the_window_out_again(qtbot, single):
    w = single
    w.resize(1366, 768)
    w.show()
    w.tabs.setCurrentIndex(RANKING_TAB)
    view = w.ranking
    before = view.minimumSizeHint()
    view.waitlist_label.setText("<b>Waiting list</b> (1,23,456 bids, in rank order, and a great deal more text)")
    assert view.minimumSizeHint() == before


def test_a_change_made_while_the_ranking_is_not_shown_is_there_when_it_is(qtbot, single):
    w = single
    w.tabs.setCurrentIndex(RANKING_TAB)
    w.tabs.setCurrentIndex(BIDS_TAB)
    w.set_scheme(w.session.scheme.with_changes(total_capacity=2000.0), "Much less capacity")
    shown_before = [o.status for o in w.ranking.model.rows]
    assert shown_before.count(Status.AWARDED) + shown_before.count(Status.PARTIAL) > 2  # the old award, not shown
    w.tabs.setCurrentIndex(RANKING_TAB)
    awarded = [o.bid_ref for o in w.evaluation.awards()]
    assert [o.bid_ref for o in w.ranking.model.rows if o.status in (Status.AWARDED, Status.PARTIAL)] == awarded
    assert len(awarded) <= 2
    assert w.ranking.chart is not None
    assert [b.label for b in w.ranking.chart.per_beneficiary.figures.bars] == [
        str(o.rank) for o in w.evaluation.awards()
    ]
    assert "Awarded" in w.ranking.totals.text() and "of 2,000" in w.ranking.totals.text()
