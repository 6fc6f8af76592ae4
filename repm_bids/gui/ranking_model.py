"""The ranking: qualified bids in rank order with L-rank, scores, award, liability and status (column labels and
units from domain.labels, as the award workbook's)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from repm_bids.domain import labels as L
from repm_bids.domain.result import BidOutcome, Status
from repm_bids.domain.wording import TIE_BREAK_TEXT
from repm_bids.gui.look import STATUS_FILL, STATUS_TEXT, fmt_number, fmt_trim, status_icon
from repm_bids.gui.table_model import NUMERIC, Column, RowTableModel, brush

_AWARD_STATUS = {Status.AWARDED: "Full", Status.PARTIAL: "Partial", Status.WAITLISTED: "Waitlisted"}


def award_status(o: BidOutcome) -> str:
    return _AWARD_STATUS.get(o.status, o.status.label)


def _l_rank(v: int | None) -> str:
    return "" if v is None else f"L{v}"


def _score(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


class RankingTableModel(RowTableModel[BidOutcome]):
    RANK, L_RANK, REF, BIDDER, CAPACITY, QUOTE, TECH, FIN, COMBINED, AWARDED, LIABILITY, IREL, STATUS, TIE = range(14)
    COLUMNS = (
        Column(
            L.RANK.heading,
            lambda o: o.rank,
            align=NUMERIC,
            tooltip="Place among qualified bids under the scheme's method",
        ),
        Column(L.L_RANK.heading, lambda o: o.l_rank, _l_rank, tooltip="L1 = lowest quoted incentive"),
        Column(L.BID_REF.heading, lambda o: o.bid_ref),
        Column(L.BIDDER.heading, lambda o: o.bidder_name),
        Column(L.CAPACITY_OFFERED.short_heading, lambda o: o.capacity_offered, fmt_number, NUMERIC),
        Column(L.QUOTE.short_heading, lambda o: o.quoted_incentive, lambda v: fmt_number(v, 2), NUMERIC),
        Column(L.TECHNICAL_SCORE.short_heading, lambda o: o.technical_score, _score, NUMERIC),
        Column(L.FINANCIAL_SCORE.short_heading, lambda o: o.financial_score, _score, NUMERIC),
        Column(L.COMBINED_SCORE.short_heading, lambda o: o.combined_score, _score, NUMERIC),
        Column(L.AWARDED.short_heading, lambda o: o.awarded, fmt_number, NUMERIC),
        Column(L.LIABILITY.short_heading, lambda o: o.incentive_liability_crore, lambda v: fmt_number(v, 2), NUMERIC),
        Column(L.IREL_SHARE.short_heading, lambda o: o.irel_share, fmt_trim, NUMERIC),
        Column(L.STATUS.heading, award_status),
        Column(
            L.TIE_BREAK.short_heading,
            lambda o: TIE_BREAK_TEXT.get(o.tie_break, o.tie_break) if o.tie_break else "",
        ),
    )

    def identity(self, row: BidOutcome) -> tuple[int, str | None]:
        return row.index, row.bid_ref  # the bid's place among the bids evaluated: the same bids, the same place

    def paint_key(self, row: BidOutcome) -> Status:
        return row.status

    def style(self, row: BidOutcome, column: int, role: int) -> Any:
        status = row.status
        if role == Qt.ItemDataRole.BackgroundRole and status in STATUS_FILL:
            return brush(STATUS_FILL[status])
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return brush(STATUS_TEXT[status])
        if role == Qt.ItemDataRole.DecorationRole and column == self.STATUS:
            return status_icon(status)
        if role == Qt.ItemDataRole.ToolTipRole and row.reasons:
            return "\n".join(row.reasons)
        return None


class WaitlistTableModel(RowTableModel[BidOutcome]):
    """The waiting list, in rank order, with why each bid is waiting."""

    RANK, L_RANK, REF, BIDDER, CAPACITY, QUOTE, WHY = range(7)
    MOVES_ROWS = True  # bids join and leave it at most scheme changes: the rest keep their selection
    COLUMNS = (
        Column(L.RANK.heading, lambda o: o.rank, align=NUMERIC),
        Column(L.L_RANK.heading, lambda o: o.l_rank, _l_rank),
        Column(L.BID_REF.heading, lambda o: o.bid_ref),
        Column(L.BIDDER.heading, lambda o: o.bidder_name),
        Column(L.CAPACITY_OFFERED.short_heading, lambda o: o.capacity_offered, fmt_number, NUMERIC),
        Column(L.QUOTE.short_heading, lambda o: o.quoted_incentive, lambda v: fmt_number(v, 2), NUMERIC),
        Column(L.WHY_WAITING.heading, lambda o: "; ".join(o.reasons)),
    )

    def identity(self, row: BidOutcome) -> tuple[int, str | None]:
        return row.index, row.bid_ref

    def paint_key(self, row: BidOutcome) -> Status:
        return Status.WAITLISTED  # every row is painted alike: only its texts differ

    def style(self, row: BidOutcome, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return brush(STATUS_FILL[Status.WAITLISTED])
        if role == Qt.ItemDataRole.ToolTipRole and row.reasons:
            return "\n".join(row.reasons)
        return None
