"""The whole two-cover process on the sample in the application, each dialog driven as a committee member would:
the receipt register, a clarification, approval from the stage strip, the financial covers opened, a tie that
decides the last award drawn through the Record draw dialog, and an awardee withdrawn from its right-click menu;
the audit trail names each step, and the waiting list moves up. Draws and withdrawals of a big evaluation are made
off the GUI thread, and neither dialog shows a price."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from repm_bids.domain.result import Status
from repm_bids.gui.main_window import SLOW_SECONDS
from repm_bids.services.samples import sample_price_paths
from tests.gui.conftest import answer_with
from tests.gui.test_background_evaluation import _evaluated_on
from tests.gui.test_keyboard import duplicates, widget_texts
from tests.gui.test_stages import _priced

TIED, OTHER = "REPM-2026-004", "REPM-2026-005"


def tied_covers(folder: Path) -> tuple[list[str], Path]:
    """The sample's financial covers, except that REPM-2026-005's quote comes in the portal's statement at 1,810, the
    quote of REPM-2026-004: both offer 1,200 MTPA and were received in the same minute (the receipt register), so
    they tie for the last award and only the committee's draw settles it. Returns the covers and the register."""
    covers = [str(p) for p in sample_price_paths() if not p.name.startswith(OTHER)]
    statement = folder / "statement.csv"
    statement.write_text(f"Bid reference,Quoted incentive (INR per kg)\n{OTHER},1810\n", encoding="utf-8")
    times = {f"REPM-2026-{i:03d}": f"29-06-2026 10:{i:02d}" for i in range(1, 11)}
    times[OTHER] = times[TIED]
    receipts = folder / "receipts.csv"
    receipts.write_text("\n".join(["Bid reference,Received at", *(f"{r},{t}" for r, t in times.items())]) + "\n")
    return [*covers, str(statement)], receipts


def _dialog_texts(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text a dialog shows: labels, buttons, list items, combo box items, line edits."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget

    texts = [w.text() for w in dialog.findChildren(QLabel)] + [b.text() for b in dialog.findChildren(QAbstractButton)]
    texts += [w.text() for w in dialog.findChildren(QLineEdit)]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for items in dialog.findChildren(QListWidget):
        texts += [items.item(i).text() for i in range(items.count())]
    return texts


def _status(window, ref: str) -> Status:  # type: ignore[no-untyped-def]
    return window.evaluation.outcome_for(ref).status


def _row_action(window, view, ref: str, text: str):  # type: ignore[no-untyped-def]
    """Select the bid `ref` in `view` and give the action of its right-click menu whose text starts with `text`."""
    model = view.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data() == ref]
    if not rows:  # the reference may not be the first column
        rows = [
            r
            for r in range(model.rowCount())
            if any(model.index(r, c).data() == ref for c in range(model.columnCount()))
        ]
    view.selectRow(rows[0])
    menu = window.table_menus.menu_for(view)
    return next((a for a in menu.actions() if a.text().replace("&", "").startswith(text)), None)


@pytest.fixture
def tie(qtbot, technical, tmp_path, asked):  # type: ignore[no-untyped-def]
    """The sample saved, with the tying receipt register, 010 clarified, approved and the tied covers opened."""
    w, flows = technical, technical.stage_flows
    covers, receipts = tied_covers(tmp_path)
    w.saved_flows.save_as(str(tmp_path / "sample.repm"))
    with qtbot.waitSignal(flows.award.receipts_done, timeout=20_000) as read:
        assert flows.award.import_receipts(str(receipts)) is not None
    assert read.args == [10]
    assert w.bids.select_ref("REPM-2026-010")
    dialog = flows.ask_clarify("commissioning_months")
    dialog.value.setText("18")
    dialog.reason.setText("The covering letter gives 18 months")
    dialog.accept()
    assert _status(w, "REPM-2026-010") is Status.QUALIFIED
    answer_with(QMessageBox.StandardButton.Yes)
    flows.strip.next_button.click()  # Next: approve the technical evaluation
    assert w.session.stage.value == "technical_approved"
    with qtbot.waitSignal(flows.prices_done, timeout=20_000):
        assert flows.confirm_open_prices(covers)
    return w


def test_the_whole_process_on_the_sample_in_the_application(qtbot, tie, asked):
    w, flows = tie, tie.stage_flows
    strip, award = flows.strip, flows.award
    assert w.evaluation.summary.provisional and strip.place.action == "draw"
    assert f"{TIED} and {OTHER} tied" in strip.where.text()
    assert award.draw.isEnabled() and award.draw in flows.menu.actions()
    assert award.withdraw.isEnabled() and award.withdraw in flows.menu.actions()

    strip.next_button.click()  # Next: record the committee's draw
    dialog = award.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.choice() == ([TIED, OTHER], "")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # the witnesses are required
    assert "witnesses" in dialog.message.text()
    assert duplicates(widget_texts(dialog)) == {}
    assert [t for t in _dialog_texts(dialog) if _priced(t)] == []  # a draw is about the bids, not their prices
    assert any(TIED in t for t in _dialog_texts(dialog))
    dialog.order.setCurrentRow(1)
    dialog.move_selected(-1)  # 005 was drawn first
    dialog.witnesses.setText("A. Rao (Vindhya) and S. Iyer (Coromandel)")
    assert dialog.choice() == ([OTHER, TIED], "A. Rao (Vindhya) and S. Iyer (Coromandel)")
    answer_with(QMessageBox.StandardButton.Cancel)
    dialog.accept()  # the question answered Cancel: nothing recorded
    assert asked[-1] == "Record the draw?" and w.session.draws == ()
    answer_with(QMessageBox.StandardButton.Yes)
    assert award.confirm_draw(*dialog.choice())
    assert not w.evaluation.summary.provisional
    assert (_status(w, OTHER), _status(w, TIED)) == (Status.AWARDED, Status.WAITLISTED)
    assert strip.place.action == "export" and not award.draw.isEnabled()
    assert w.undo_stack.count() == 0  # a witnessed draw is not undone with Edit › Undo
    assert "cannot be undone" in award.draw.statusTip()

    w.tabs.setCurrentIndex(1)
    w.update_all_views()
    waiting = [w.ranking.waitlist.model().index(r, 0).data() for r in range(w.ranking.waitlist.model().rowCount())]
    withdraw = _row_action(w, w.ranking.table, "REPM-2026-001", "Withdraw this awardee")
    assert withdraw is not None
    assert _row_action(w, w.ranking.table, TIED, "Withdraw") is None  # only an awarded bid offers it
    withdraw = _row_action(w, w.ranking.table, "REPM-2026-001", "Withdraw this awardee")
    withdraw.trigger()
    dialog = award.dialog
    assert dialog.choice() == ("REPM-2026-001", "")
    assert [t for t in _dialog_texts(dialog) if _priced(t)] == []
    assert any("REPM-2026-001" in t for t in _dialog_texts(dialog))
    dialog.reason.setText("Letter of 15-07-2026: the board withdrew the bid")
    dialog.accept()
    assert asked[-1] == "Withdraw the awardee?"
    assert (_status(w, "REPM-2026-001"), _status(w, TIED)) == (Status.WITHDRAWN, Status.AWARDED)
    w.update_all_views()
    still = [w.ranking.waitlist.model().index(r, 0).data() for r in range(w.ranking.waitlist.model().rowCount())]
    assert len(still) == len(waiting) - 1  # the waiting list moved up

    w.saved_flows.flush()
    entries = w.saved_flows.saved.audit_entries()
    steps = [e.action for e in entries]
    wanted = ["receipts_imported", "clarified", "technical_approved", "prices_opened", "draw_recorded", "withdrawn"]
    assert [s for s in steps if s in wanted] == wanted
    by_action = {e.action: e for e in entries}
    assert by_action["draw_recorded"].details["order"] == [OTHER, TIED]
    assert by_action["draw_recorded"].details["witnesses"] == "A. Rao (Vindhya) and S. Iyer (Coromandel)"
    assert by_action["withdrawn"].details["awarded_now"] == {TIED: 1200}
    assert all(by_action[s].user and by_action[s].time_utc for s in wanted)  # who and when


def test_refused_steps_are_sentences_and_record_nothing(qtbot, tie, asked):
    award = tie.stage_flows.award
    assert not award.record_draw([TIED, "REPM-2026-001"], "A. Rao")
    assert "not exactly the bids of a tie" in tie.stage_flows.last_message.text()
    assert not award.record_withdrawal("REPM-2026-006", "A letter")
    assert "not an awardee" in tie.stage_flows.last_message.text()
    assert tie.session.draws == () and tie.session.withdrawn == ()
    assert tie.evaluation.summary.provisional


def test_draw_and_withdrawal_wait_for_the_prices(qtbot, technical, asked):
    award = technical.stage_flows.award
    assert not award.draw.isEnabled() and not award.withdraw.isEnabled() and award.receipts.isEnabled()
    assert award.ask_draw() is None and award.ask_withdraw() is None
    assert "have not been opened" in technical.stage_flows.last_message.text()


def test_a_big_evaluation_draws_and_withdraws_off_the_gui_thread(qtbot, tie, asked):
    w, award = tie, tie.stage_flows.award
    names = _evaluated_on(w)
    w.session.last_seconds = SLOW_SECONDS * 2  # as after an evaluation of many thousand bids
    with qtbot.waitSignal(award.step_done, timeout=20_000) as done:
        assert award.record_draw([OTHER, TIED], "A. Rao")
        assert w.session.draws == () and not award.draw.isEnabled()  # being recorded elsewhere
    assert done.args == ["draw_recorded", True]
    assert names and threading.main_thread().name not in names
    assert w.evaluation is w.session.evaluation() and _status(w, OTHER) is Status.AWARDED
    assert not w.evaluating  # the step brought its evaluation: nothing evaluated again
    with qtbot.waitSignal(award.step_done, timeout=20_000) as done:
        assert award.record_withdrawal("REPM-2026-003", "no")
    assert done.args == ["withdrawn", True] and _status(w, "REPM-2026-003") is Status.WITHDRAWN
    with qtbot.waitSignal(award.step_done, timeout=20_000) as done:
        award.record_withdrawal("REPM-2026-008", "no")
    assert isinstance(done.args[1], Exception) and "not an awardee" in w.stage_flows.last_message.text()
    assert threading.main_thread().name not in names


def test_before_the_prices_the_award_figures_say_the_stage_not_zero(qtbot, technical):
    w = technical
    w.tabs.setCurrentIndex(1)
    w.update_all_views()
    w.ranking.ensure_chart()
    assert w.status_labels["awarded"].text() == "Prices not opened yet"
    title = w.ranking.chart.total.title
    assert title.startswith("Prices not opened yet") and "Awarded 0" not in title
    assert "(prices not opened yet)" in w.ranking.chart.per_beneficiary.categories
    assert "Awarded 0" not in w.ranking.totals.text()


def test_the_field_labels_on_screen_spell_the_currency_one_way(qtbot, technical):
    from repm_bids.gui.clarify_dialog import ClarifyDialog

    technical.bids.select_ref("REPM-2026-001")
    model = technical.detail.fields_model
    labels = [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]
    assert "Net worth (₹ crore)" in labels and not [t for t in labels if "INR" in t]
    dialog = ClarifyDialog(technical.evaluation.outcome_for("REPM-2026-001").bid, None, technical)
    fields = [dialog.field.itemText(i) for i in range(dialog.field.count())]
    assert "Bid security (₹ crore)" in fields and not [t for t in fields if "INR" in t]
    dialog.deleteLater()


def test_a_big_evaluation_is_approved_off_the_gui_thread_and_undone_by_reopening(qtbot, technical):
    w, award = technical, technical.stage_flows.award
    names = _evaluated_on(w)
    w.session.last_seconds = SLOW_SECONDS * 2
    w.session.invalidate()  # as while a change is still being evaluated elsewhere
    with qtbot.waitSignal(award.step_done, timeout=20_000) as done:
        assert w.stage_flows.approve_as("R. Sharma")
        assert w.session.stage.value == "technical"  # being recorded elsewhere
    assert done.args == ["technical_approved", True] and w.session.stage.value == "technical_approved"
    assert names and threading.main_thread().name not in names
    assert w.undo_stack.count() == 1
    w.undo_stack.undo()
    assert w.session.stage.value == "technical"
