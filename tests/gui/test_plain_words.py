"""Plain language on screen: audit details as readable lines, tie-break rules as words, Indian grouping in tables."""

from __future__ import annotations

from repm_bids.gui.audit_words import details_lines, details_text
from repm_bids.gui.main_window import RANKING_TAB
from repm_bids.gui.ranking_model import RankingTableModel


def test_audit_details_are_readable_lines():
    details = {
        "workbook": "/meetings/2026-12/award.xlsx",
        "workbook_sha256": "a" * 64,
        "bids_received": 954300,
        "problems": ["error: a.xlsx Form!C7: capacity missing", "warning: b.csv line 4: date read as 01-07-2026"],
    }
    lines = details_lines(details)
    assert lines[0] == "workbook: award.xlsx (in /meetings/2026-12)"
    assert lines[1] == "workbook SHA-256: aaaaaaaaaaaa…" and lines[2] == "bids received: 9,54,300"
    assert lines[3] == "problems (2):" and lines[4].startswith("  • error: a.xlsx")
    assert "{" not in details_text(details) and '"' not in details_text(details)


def test_the_tie_break_rule_is_said_in_words(qtbot, demo):
    demo.tabs.setCurrentIndex(RANKING_TAB)
    model = demo.ranking.model
    shown = {model.index(r, RankingTableModel.TIE).data() for r in range(model.rowCount())}
    assert "more capacity offered" in shown and "capacity_desc" not in shown
