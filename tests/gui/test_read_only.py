"""A saved evaluation changed outside repm-bids opens read-only, to examine its audit trail: every action that
would change it is greyed out, and enabled again for the next evaluation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def _tamper(path: Path) -> None:
    """What someone with a SQLite tool could do: drop the append-only triggers, then edit a decision."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("UPDATE decisions SET qualified = 1")
    conn.close()


def _edit_actions(window):  # type: ignore[no-untyped-def]
    a = window.acts
    return [a.import_files, a.import_folder, a.import_decisions, a.load_scheme, a.reset_scheme, a.save_as,
            a.decide, a.remove_bid, a.remove_file]  # fmt: skip


def test_a_file_changed_outside_opens_read_only_with_every_edit_greyed_out(qtbot, demo, tmp_path) -> None:
    path = tmp_path / "meeting.repm"
    demo.record_decision("REPM-2026-002", False, "Bid security not furnished")
    assert demo.saved_flows.save_as(str(path))
    demo.saved_flows.leave()
    _tamper(path)

    assert demo.saved_flows.open(str(path))
    box = demo.saved_flows.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Warning and "read-only" in box.windowTitle()
    box.close()
    qtbot.waitUntil(lambda: not demo.evaluating)
    assert demo.read_only
    assert demo.bids.select_ref("REPM-2026-001")  # a bid selected: still nothing to decide or remove
    assert [a.text() for a in _edit_actions(demo) if a.isEnabled()] == []
    assert not demo.scheme_panel.isEnabled() and not demo.acts.recent_files.isEnabled()
    assert not demo.detail.decide_button.isEnabled() and not demo.detail.remove_button.isEnabled()
    assert demo.ask_decision() is None and demo.files.import_paths([str(tmp_path)]) is None
    entries = len(demo.saved_flows.saved.audit_entries())
    demo.remove_current_bid()  # the Delete key
    assert demo.undo_stack.count() == 0 and len(demo.saved_flows.saved.audit_entries()) == entries
    assert demo.acts.export_award.isEnabled() and demo.acts.show_audit.isEnabled()  # reading is fine

    demo.open_demo()  # the next evaluation is editable again
    qtbot.waitUntil(lambda: demo.files.import_task is None and not demo.evaluating, timeout=20_000)
    assert not demo.read_only and demo.scheme_panel.isEnabled()
    assert demo.bids.select_ref("REPM-2026-001")
    assert all(a.isEnabled() for a in _edit_actions(demo))
