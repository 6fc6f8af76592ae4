"""The audit trail of a saved evaluation: every entry (time, user, action, details), filterable, with the state of
the hash chain shown above it (intact, or the first entry that breaks it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from repm_bids.domain.local_time import recorded_time_text
from repm_bids.domain.result import Status
from repm_bids.gui.audit_words import details_lines, details_text
from repm_bids.gui.bids_view import fit_columns, make_table
from repm_bids.gui.formats import fmt_when
from repm_bids.gui.look import ERROR_TEXT, STATUS_FILL, STATUS_TEXT
from repm_bids.gui.table_model import NUMERIC, Column, RowTableModel, SortProxy, brush

ACTION_TITLES = {
    "created": "Created",
    "opened": "Opened",
    "imported": "Imported files",
    "imported_file": "Imported a file",
    "import_problems": "Import problems",
    "import_not_stored": "File not stored",
    "migrated": "File brought up to date",
    "save_as_failed": "Save as failed",
    "removed_file": "Removed a file",
    "restored_file": "Put a file back",
    "removed_bid": "Removed a bid",
    "restored_bid": "Put a bid back",
    "decision_changed": "Decision changed",
    "decisions_imported": "Decisions imported",
    "decisions_file": "Decisions file kept",
    "scheme_changed": "Scheme changed",
    "evaluated": "Evaluated",
    "exported": "Exported the award workbook",
    "saved_as": "Saved as",
    "verified": "Verified an award workbook",
    "receipts_imported": "Receipt register imported",
    "clarified": "Clarification recorded",
    "clarification_removed": "Clarification removed",
    "technical_approved": "Technical evaluation approved",
    "reopened": "Technical stage reopened",
    "prices_opened": "Financial covers opened",
    "draw_recorded": "Draw of lots recorded",
    "withdrawn": "Awardee withdrawn",
}


def _time(entry: Any) -> str:
    """When the entry was made, in Indian Standard Time (the trail keeps UTC)."""
    return fmt_when(entry.time_utc) or str(entry.time_local).replace("T", " ")[:19]


class AuditTableModel(RowTableModel[Any]):  # rows are services.saved.AuditEntry
    SEQ, TIME, USER, ACTION, DETAILS = range(5)
    COLUMNS = (
        Column("#", lambda e: e.seq, align=NUMERIC),
        Column("Time (IST)", _time),
        Column("User", lambda e: e.user),
        Column("Action", lambda e: ACTION_TITLES.get(e.action, e.action)),
        Column("Details", lambda e: details_text(e.details)),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.first_bad: int | None = None

    def style(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DETAILS:
                return "\n".join(details_lines(row.details))
            return f"{recorded_time_text(row.time_utc)}\nSHA-256 {row.hash}\nprevious {row.prev_hash}"
        if self.first_bad is not None and row.seq >= self.first_bad and role == Qt.ItemDataRole.ForegroundRole:
            return brush(ERROR_TEXT)
        return None


class AuditProxy(SortProxy):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""

    def set_text(self, text: str) -> None:
        self.refilter(lambda: setattr(self, "text", text.strip().casefold()))

    def accepts(self, row: Any) -> bool:
        if not self.text:
            return True
        hay = f"{row.user} {row.action} {ACTION_TITLES.get(row.action, '')} {details_text(row.details)}".casefold()
        return all(w in hay for w in self.text.split())


class AuditView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chain = QLabel()
        self.chain.setAccessibleName("Audit chain status")
        self.chain.setWordWrap(True)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by user, action or detail")
        self.search.setAccessibleName("Filter the audit trail")
        self.search.setClearButtonEnabled(True)
        label = QLabel("F&ilter:")
        label.setBuddy(self.search)
        self.model = AuditTableModel(self)
        self.proxy = AuditProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Audit trail")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.search.textChanged.connect(self.proxy.set_text)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chain)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.set_entries([], None)

    def set_entries(self, entries: Sequence[Any], chain: Any, where: str = "") -> None:
        self.model.first_bad = chain.first_bad_seq if chain is not None and not chain.ok else None
        self.model.set_rows(list(entries))
        if chain is None:
            self.chain.setText(
                "<i>This evaluation is not saved yet. File › Save evaluation as… keeps it in a .repm file with an "
                "audit trail of every change.</i>"
            )
        elif chain.ok:
            fill, ink = STATUS_FILL[Status.AWARDED], STATUS_TEXT[Status.AWARDED]
            self.chain.setText(
                f"<span style='background:{fill}; color:{ink}; font-weight:bold'>&nbsp;Chain intact&nbsp;</span> "
                f"{len(entries)} entries in {where}; each carries the SHA-256 of the one before, so an edit, "
                "a deletion or a reordering anywhere would show here."
            )
        else:
            fill, ink = STATUS_FILL[Status.INVALID], STATUS_TEXT[Status.INVALID]
            self.chain.setText(
                f"<span style='background:{fill}; color:{ink}; font-weight:bold'>&nbsp;Chain broken&nbsp;</span> "
                f"{chain.message}"
            )
        if entries:
            fit_columns(self.table, stretch=AuditTableModel.DETAILS, cap=200)
