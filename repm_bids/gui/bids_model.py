"""The bids table: one row per bid, in the order the files were read, with its status, decision and reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from repm_bids.domain.models import Decision
from repm_bids.domain.result import BidOutcome, Evaluation, Status
from repm_bids.domain.wording import decision_words
from repm_bids.gui.look import STATUS_FILL, STATUS_TEXT, fmt_number, status_icon
from repm_bids.gui.table_model import NUMERIC, Column, RowTableModel, bold, brush
from repm_bids.services.session import bid_key


@dataclass(frozen=True, slots=True)
class BidRow:
    outcome: BidOutcome
    decision: Decision | None
    key: str  # session.bid_key: what "remove bid" needs

    @property
    def file_name(self) -> str:
        return self.outcome.source.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def decision_text(self) -> str:
        if self.decision is None:
            return ""
        text = decision_words(self.decision.qualified, self.decision.low_quote)
        return text[:1].upper() + text[1:]


def bid_rows(evaluation: Evaluation, decisions: Mapping[str, Decision]) -> list[BidRow]:
    rows = [BidRow(o, decisions.get(o.bid_ref or ""), bid_key(o.bid)) for o in evaluation.outcomes]
    rows.sort(key=lambda r: r.outcome.index)
    return rows


def _reasons(o: BidOutcome) -> str:
    return "; ".join(o.reasons)


class BidsTableModel(RowTableModel[BidRow]):
    # the reasons sit beside the status, so why a bid is where it is shows without scrolling at 1366×768
    REF, BIDDER, STATUS, REASONS, CAPACITY, QUOTE, DECISION, FILE = range(8)
    COLUMNS = (
        Column("Bid reference", lambda r: r.outcome.bid_ref),
        Column("Bidder", lambda r: r.outcome.bidder_name),
        Column("Status", lambda r: r.outcome.status.label),
        Column("Reasons", lambda r: _reasons(r.outcome)),
        Column("Capacity (MTPA)", lambda r: r.outcome.capacity_offered, fmt_number, NUMERIC),
        Column("Quote (₹/kg)", lambda r: r.outcome.quoted_incentive, lambda v: fmt_number(v, 2), NUMERIC),
        Column("Committee", lambda r: r.decision_text, tooltip="The committee's technical decision, where recorded"),
        Column("File", lambda r: r.file_name),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""  # the search text, case folded, runs of spaces as one
        self.statuses: frozenset[Status] | None = None
        self._hay: dict[int, str] = {}  # a row's searchable text (by its place in `given`), made when first searched

    # -- what is shown ---------------------------------------------------------------------------------------------
    def identity(self, row: BidRow) -> str:
        return row.key

    def paint_key(self, row: BidRow) -> Status:
        return row.outcome.status

    def set_text(self, text: str) -> None:
        """Filter by a search text, found anywhere in reference, bidder, group, decision, reasons, file, remarks
        (case and runs of spaces ignored)."""
        self.refilter(lambda: setattr(self, "text", " ".join(text.split()).casefold()))

    def set_statuses(self, statuses: frozenset[Status] | None) -> None:
        self.refilter(lambda: setattr(self, "statuses", statuses))

    def accepts_all(self) -> bool:
        return self.statuses is None and not self.text

    def forget(self) -> None:
        self._hay = {}

    def accepts(self, row: BidRow) -> bool:
        o = row.outcome
        if self.statuses is not None and o.status not in self.statuses:
            return False
        if not self.text:
            return True
        hay = self._hay.get(id(row))
        if hay is None:
            hay = self._hay[id(row)] = _haystack(row)
        return self.text in hay

    def style(self, row: BidRow, column: int, role: int) -> Any:
        status = row.outcome.status
        if column == self.STATUS:
            if role == Qt.ItemDataRole.DecorationRole:
                return status_icon(status)
            if role == Qt.ItemDataRole.BackgroundRole:
                return brush(STATUS_FILL[status])
            if role == Qt.ItemDataRole.ForegroundRole:
                return brush(STATUS_TEXT[status])
            if role == Qt.ItemDataRole.FontRole:
                return bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.REASONS and row.outcome.reasons:
                return "\n".join(row.outcome.reasons)
            if column == self.FILE:
                return row.outcome.source.path
            if column == self.DECISION and row.decision is not None and row.decision.remarks:
                return row.decision.remarks
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.STATUS:
            return f"Status {status.label}"
        return None


STATUS_FILTERS: tuple[tuple[str, frozenset[Status] | None], ...] = (
    ("All statuses", None),
    ("Qualified (awarded or waitlisted)", frozenset({Status.AWARDED, Status.PARTIAL, Status.WAITLISTED})),
    ("Awarded (in full or in part)", frozenset({Status.AWARDED, Status.PARTIAL})),
    ("Waitlisted", frozenset({Status.WAITLISTED})),
    ("Rejected (non-responsive or invalid)", frozenset({Status.NON_RESPONSIVE, Status.INVALID})),
    ("Non-responsive", frozenset({Status.NON_RESPONSIVE})),
    ("Invalid", frozenset({Status.INVALID})),
)


def _haystack(row: BidRow) -> str:
    o = row.outcome
    hay = " ".join(
        str(x)
        for x in (o.bid_ref, o.bidder_name, o.group, row.file_name, row.decision_text, *o.reasons)
        + ((row.decision.remarks,) if row.decision else ())
        if x
    )
    return " ".join(hay.split()).casefold()
