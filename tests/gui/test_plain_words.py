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


def test_a_list_reads_as_its_heading_then_its_items_and_a_stage_time_is_local():
    details = {"at": "2026-12-02T04:18:21.337258+00:00", "opened": [{"path": "/c/a.xlsx"}, {"path": "/c/b.xlsx"}]}
    assert details_text(details) == "at: 02-12-2026 09:48 IST; opened (2): path a.xlsx (in /c) | path b.xlsx (in /c)"


def test_every_action_the_services_record_has_a_title():
    """A new kind of audit entry shows a title on screen, not its code."""
    import re
    from pathlib import Path

    import repm_bids.services as services
    from repm_bids.gui.audit_view import ACTION_TITLES

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(services.__file__).parent.glob("*.py"))
    recorded = set(re.findall(r'(?:_changed|record)\(\s*"([a-z_]+)"', source))
    recorded |= set(re.findall(r'_changed\(\n\s*"([a-z_]+)"', source))
    assert {"technical_approved", "prices_opened", "draw_recorded", "withdrawn"} <= recorded
    assert recorded - ACTION_TITLES.keys() == set()
