"""Ranking & award: the totals, the ranked table (L-ranks, scores, award, status in the workbook's colours), the
waiting list, and the award chart (made the first time the view is shown)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from repm_bids.domain.indian import indian_number
from repm_bids.domain.result import Evaluation, Status
from repm_bids.gui.bids_view import fit_columns, hide_column, make_table, visible_rows
from repm_bids.gui.look import fmt_number, fmt_trim, pane
from repm_bids.gui.quick_cells import QuickCells
from repm_bids.gui.ranking_model import RankingTableModel, WaitlistTableModel
from repm_bids.gui.steady_label import SteadyLabel

if TYPE_CHECKING:  # imported when first shown: the first window does without it
    from repm_bids.gui.award_chart import AwardChart


_WAITLISTED = Status.WAITLISTED  # named once: reading a member from its class is a call into the enum machinery


class RankingView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evaluation: Evaluation | None = None
        self.totals = QLabel()
        self.totals.setAccessibleName("Award totals")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals_box = SteadyLabel(self.totals)  # new figures in the same lines lay nothing out again
        self.model = RankingTableModel(self)  # sorts itself: no proxy
        self.table = make_table("Ranking")
        self.table.setModel(self.model)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        # what was awarded, its liability and the status come right after the bidder: the scheme panel, open beside
        # the table at 1366×768, never hides them
        header = self.table.horizontalHeader()
        m = RankingTableModel
        for place, col in enumerate((m.AWARDED, m.LIABILITY, m.STATUS), start=header.visualIndex(m.BIDDER) + 1):
            header.moveSection(header.visualIndex(col), place)
        self.waitlist_model = WaitlistTableModel(self)
        self.waitlist = make_table("Waiting list")
        self.waitlist.setSortingEnabled(False)
        self.waitlist.setModel(self.waitlist_model)
        for view, model in ((self.table, self.model), (self.waitlist, self.waitlist_model)):
            view.setItemDelegate(QuickCells(view, model))  # a re-ranking repaints every row in view: cheaply
        self.waitlist_label = QLabel("<b>Waiting list</b>")
        # its count changes at most scheme changes: a text of another width must not lay the window out again
        self.waitlist_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.waitlist_label.setBuddy(self.waitlist)
        self.waitlist_box = SteadyLabel(self.waitlist_label)
        self.chart: AwardChart | None = None  # made when first shown
        self.chart_box = QWidget()
        self.chart_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        self.chart_box.setMinimumHeight(self.fontMetrics().lineSpacing() * 20)  # a chart never collapses
        QVBoxLayout(self.chart_box).setContentsMargins(0, 0, 0, 0)

        label = QLabel("<b>Ranking</b> (qualified bids, in rank order)")
        label.setBuddy(self.table)
        top = pane(label, self.table)
        wait = pane(self.waitlist_box, self.waitlist)
        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.setObjectName("ranking_bottom_split")
        self.bottom.addWidget(wait)
        self.bottom.addWidget(self.chart_box)
        self.bottom.setStretchFactor(0, 1)
        self.bottom.setStretchFactor(1, 1)
        self.bottom.setChildrenCollapsible(False)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("ranking_split")
        self.split.addWidget(top)
        self.split.addWidget(self.bottom)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.totals_box)
        layout.addWidget(self.split, 1)
        self._sized = False

    def set_evaluation(self, ev: Evaluation) -> None:
        self.evaluation = ev
        s, sm = ev.scheme, ev.summary
        unit = s.capacity_unit
        over = sm.incentive_liability_crore_total > s.incentive_outlay_crore + 1e-9
        liability = (
            f"₹{indian_number(sm.incentive_liability_crore_total, 2)} cr of the "
            f"₹{indian_number(s.incentive_outlay_crore)} cr outlay"
        )
        if over:
            liability = f"<span style='color:#9C0006'><b>{liability} — above the outlay</b></span>"
        if ev.stage == "technical":  # two covers, prices not opened: no figure made from a price
            self.totals_box.set_text(
                "<b>Technical stage: the financial covers are sealed.</b> No ranking or award until the prices of "
                f"the technically qualified bids are opened.<br>Bids received {sm.bids_received}: technically "
                f"qualified {sm.qualified}, non-responsive {sm.non_responsive}, invalid {sm.invalid} · offered "
                f"{fmt_number(sm.capacity_offered_total)} {unit} against {fmt_number(s.total_capacity)} {unit}"
            )
        else:
            self.totals_box.set_text(self._award_totals(ev, liability))
        ranked = ev.ranked()
        self.model.update_rows(ranked, visible_rows(self.table))
        wait = [o for o in ranked if o.status is _WAITLISTED]  # ev.waitlist(): waitlisted bids are ranked
        self.waitlist_model.update_rows(wait, visible_rows(self.waitlist))
        self.waitlist_box.set_text(
            f"<b>Waiting list</b> ({len(wait)} bid{'s' * (len(wait) != 1)}, in rank order)"
            if wait
            else "<b>Waiting list</b>: empty"
        )
        if ranked and not self._sized:
            fit_columns(self.table, stretch=RankingTableModel.TIE)
            fit_columns(self.waitlist, stretch=WaitlistTableModel.WHY)
            self._sized = True
        for col in (RankingTableModel.TECH, RankingTableModel.COMBINED):
            hide_column(self.table, col, s.method != "qcbs")  # LCS ranks by quote alone: no technical score
        if self.chart is not None:
            self.chart.set_evaluation(ev)

    def ensure_chart(self) -> None:
        if self.chart is None:
            from repm_bids.gui.award_chart import AwardChart
            from repm_bids.gui.chart_menu import install_chart_menu

            chart = self.chart = AwardChart()
            for view in (chart.per_beneficiary, chart.total):
                install_chart_menu(view, str(Path.home()))
            layout = self.chart_box.layout()
            if layout is not None:
                layout.addWidget(chart)
            # the box's own minimum wins over its layout's: keep it at least what both charts need
            need = chart.minimumSizeHint().height()
            self.chart_box.setMinimumHeight(max(self.chart_box.minimumHeight(), need))
            if self.evaluation is not None:
                chart.set_evaluation(self.evaluation)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.ensure_chart()
        super().showEvent(event)

    @staticmethod
    def _award_totals(ev: Evaluation, liability: str) -> str:
        s, sm = ev.scheme, ev.summary
        unit = s.capacity_unit
        return (
            f"<b>Awarded {fmt_number(sm.capacity_awarded)} of {fmt_number(s.total_capacity)} {unit}</b> to "
            f"{sm.beneficiaries} of at most {s.max_beneficiaries} beneficiaries · unawarded "
            f"{fmt_number(sm.capacity_unawarded)} {unit} · liability {liability} · IREL oxide "
            f"{fmt_trim(sm.irel_pool_allocated)} of {fmt_trim(s.irel_pool)} {unit}<br>"
            f"Bids received {sm.bids_received}: qualified {sm.qualified}, waitlisted {sm.waitlisted}, non-responsive "
            f"{sm.non_responsive}, invalid {sm.invalid} · offered {fmt_number(sm.capacity_offered_total)} {unit} "
            f"(subscription {sm.subscription_ratio:.2f}×) · method {s.method.upper()}"
        )
