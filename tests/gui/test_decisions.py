"""Committee decisions: a remark is required for "not qualified", every change re-evaluates at once, undo/redo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from repm_bids.domain.result import Status
from repm_bids.gui.decision_dialog import DecisionDialog
from repm_bids.gui.main_window import PROBLEMS_TAB


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def status(window, ref: str) -> Status:
    return window.evaluation.outcome_for(ref).status


def test_marking_not_qualified_re_evaluates_and_undo_redo(demo):
    assert status(demo, "REPM-2026-001") is Status.AWARDED
    assert status(demo, "REPM-2026-006") is Status.WAITLISTED
    demo.record_decision("REPM-2026-001", False, "No sintering line in the DPR")
    assert status(demo, "REPM-2026-001") is Status.NON_RESPONSIVE
    assert status(demo, "REPM-2026-006") is Status.AWARDED  # the waiting list moves up at once
    reasons = demo.evaluation.outcome_for("REPM-2026-001").reasons
    assert any("No sintering line in the DPR" in r for r in reasons)
    row = next(r for r in demo.bids.model.rows if r.outcome.bid_ref == "REPM-2026-001")
    assert row.decision_text == "Not qualified"
    assert demo.acts.undo.isEnabled()
    demo.acts.undo.trigger()  # Ctrl+Z
    assert status(demo, "REPM-2026-001") is Status.AWARDED
    assert "REPM-2026-001" not in demo.session.decisions
    demo.acts.redo.trigger()  # Ctrl+Shift+Z
    assert status(demo, "REPM-2026-001") is Status.NON_RESPONSIVE


def test_the_dialog_needs_a_remark_for_not_qualified(qtbot, demo):
    demo.bids.select_ref("REPM-2026-002")
    dialog = demo.ask_decision()
    assert isinstance(dialog, DecisionDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.not_qualified.setChecked(True)
    assert not ok.isEnabled()
    assert "remark is required" in dialog.message.text()
    dialog.remarks.setPlainText("Bid security not furnished in the prescribed form")
    assert ok.isEnabled()
    ok.click()
    assert status(demo, "REPM-2026-002") is Status.NON_RESPONSIVE
    assert demo.undo_stack.undoText() == "Mark REPM-2026-002 not qualified"


def test_a_decision_without_remark_is_refused(demo):
    demo.record_decision("REPM-2026-003", False, "   ")
    assert "REPM-2026-003" not in demo.session.decisions
    assert demo.undo_stack.count() == 0


def test_decisions_file_import_and_undo(qtbot, demo, decisions_path):
    before = status(demo, "REPM-2026-005")
    with qtbot.waitSignal(demo.files.decisions_done, timeout=20_000) as read:
        assert demo.files.import_decisions(str(decisions_path)) is not None  # read on the thread pool
    assert read.args == [6]
    assert status(demo, "REPM-2026-005") is Status.NON_RESPONSIVE
    assert demo.session.decisions["REPM-2026-001"].qualified
    demo.undo_stack.undo()
    assert demo.session.decisions == {}
    assert status(demo, "REPM-2026-005") is before


def test_a_decisions_file_with_an_unknown_bid_shows_the_error_in_the_views(qtbot, demo, tmp_path):
    f = tmp_path / "decisions.csv"
    f.write_text("Bid reference,Technically qualified,Remarks\nNOPE-1,No,Unknown bid\n", encoding="utf-8")
    with qtbot.waitSignal(demo.files.decisions_done, timeout=20_000):
        demo.files.import_decisions(str(f))
    demo.tabs.setCurrentIndex(PROBLEMS_TAB)  # views not shown are brought up to date when shown
    errors = [p for p in demo.problems.model.rows if p.bid_ref == "NOPE-1"]
    assert errors and "not among the bids read" in errors[0].message


def test_accepting_a_low_quote_is_its_own_decision_in_the_dialog(qtbot, demo):
    from repm_bids.domain.scheme import Scheme

    demo.set_scheme(Scheme(covers=1, abnormally_low=0.8), "Flag quotes below INR 1,720/kg")  # 001 (1,640) is flagged
    assert demo.session.evaluation().summary.provisional is True
    demo.bids.select_ref("REPM-2026-001")
    dialog = demo.ask_decision()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.low_rejected.setChecked(True)
    assert not ok.isEnabled() and "has its low quote rejected" in dialog.message.text()
    dialog.low_accepted.setChecked(True)
    dialog.remarks.setPlainText("Costs shown in the DPR; the price is justified.")
    assert ok.isEnabled()
    ok.click()
    d = demo.session.decisions["REPM-2026-001"]
    assert (d.qualified, d.low_quote) == (None, True)  # not a technical decision
    assert demo.session.evaluation().summary.provisional is False
    assert demo.undo_stack.undoText() == "Mark REPM-2026-001 low quote accepted"
    row = next(r for r in demo.bids.model.rows if r.outcome.bid_ref == "REPM-2026-001")
    assert row.decision_text == "Low quote accepted"
    demo.undo_stack.undo()
    assert "REPM-2026-001" not in demo.session.decisions
