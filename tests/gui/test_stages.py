"""The two covers in the application: the stage strip says where the evaluation stands and the next step; no price
and no figure made from one shows anywhere before the prices are opened; approve (undone by reopening), open the
financial covers off the GUI thread, reopen with a reason, record a clarification (undoable); each step is in the
audit trail, and nothing that would change an approved technical evaluation is offered."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QTableView

from repm_bids.domain.result import Status
from repm_bids.services.samples import sample_paths
from tests.gui.conftest import answer_with, open_prices_and_wait
from tests.gui.test_keyboard import duplicates, widget_texts

# every quote of the sample's financial covers, as any view could write it
QUOTES = (1640, 1725, 1810, 1880, 1950, 2240, 1590, 1700, 1760)
PRICE_WORDS = ("Quote", "₹/kg", "Liability", "Financial score")


def _priced(text: str) -> list[str]:
    plain = text.replace(",", "")
    return [str(q) for q in QUOTES if re.search(rf"(?<![\d.]){q}(?![\d])", plain)]


def _headers(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The headings of every column the window's tables show."""
    out = []
    for view in window.findChildren(QTableView):
        model = view.model()
        if model is not None:
            out += [
                str(model.headerData(c, Qt.Orientation.Horizontal))
                for c in range(model.columnCount())
                if not view.isColumnHidden(c)
            ]
    return out


def _everything_shown(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text the window's models, visible table headers, labels, buttons and the award chart hold (the bid
    detail showing a qualified bid)."""
    window.bids.select_ref("REPM-2026-001")
    window.update_all_views()
    window.ranking.ensure_chart()
    texts: list[str] = []
    top = QModelIndex()
    for model in window.findChildren(QAbstractItemModel):
        try:
            columns = model.columnCount(top)
        except TypeError:  # a list model (one column)
            columns = 1
        for r in range(model.rowCount(top)):
            for c in range(columns):
                index = model.index(r, c, top)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if value is not None:
                        texts.append(str(value))
    texts += _headers(window)
    texts += [label.text() for label in window.findChildren(QLabel)]
    texts += [button.text() for button in window.findChildren(QPushButton)]
    chart = window.ranking.chart
    texts += chart.per_beneficiary.texts() + chart.total.texts()
    texts += [b.about for b in chart.per_beneficiary.figures.bars] + [s.about for s in chart.total.segments]
    return texts


def test_no_price_shows_anywhere_before_the_prices_are_opened(qtbot, technical):
    for step in ("technical", "approved"):
        shown = _everything_shown(technical)
        assert [t for t in shown if _priced(t)] == [], step
        assert [h for h in _headers(technical) if any(w in h for w in PRICE_WORDS)] == [], step
        assert "Quoted incentive" not in " ".join(
            technical.detail.fields_model.data(technical.detail.fields_model.index(r, 0)) or ""
            for r in range(technical.detail.fields_model.rowCount())
        )
        assert technical.status_labels["liability"].text() == "Prices sealed"
        if step == "technical":
            assert technical.stage_flows.approve_as("test member")
    open_prices_and_wait(qtbot, technical)
    shown = _everything_shown(technical)  # the same walk sees the prices once they are opened
    assert {q for t in shown for q in _priced(t)} == {"1640", "1725", "1810", "1880", "1950", "2240"}
    assert "1590" not in {q for t in shown for q in _priced(t)}  # 008's cover stays sealed: it is not qualified


def test_the_strip_follows_the_stages_and_approval_is_undone_by_reopening(qtbot, technical):
    flows, strip = technical.stage_flows, technical.stage_flows.strip
    assert strip.place.stage == "technical" and strip.place.action == "approve"
    assert "7 of 10 bids technically qualified" in strip.where.text()
    assert strip.next_button.isVisible() and strip.next_button.isEnabled()
    assert not flows.open_prices.isEnabled() and flows.approve.isEnabled()
    assert flows.approve_as("R. Sharma")
    assert strip.place.stage == "technical_approved" and "approved by R. Sharma" in strip.where.text()
    assert flows.open_prices.isEnabled() and not flows.approve.isEnabled()
    assert not technical.acts.decide.isEnabled() and not technical.acts.import_files.isEnabled()
    assert not technical.scheme_panel.isEnabled()  # frozen: the window offers no change
    technical.undo_stack.undo()  # the approval taken back, recorded as a reopening
    assert technical.session.stage.value == "technical" and technical.acts.import_files.isEnabled()
    assert technical.session.steps == []
    assert flows.approve_as("R. Sharma")
    open_prices_and_wait(qtbot, technical)
    assert strip.place.stage == "prices_opened" and "Prices opened: 5 awards" in strip.where.text()
    assert "3 covers returned unopened" in strip.where.text() and strip.place.action == "export"
    assert technical.undo_stack.count() == 0  # nothing before the prices can be undone now
    assert flows.reopen.isEnabled()
    assert flows.reopen_with("A covering letter was not the bidder's")
    assert technical.session.prices is None and strip.place.stage == "technical"
    assert technical.bids.table.isColumnHidden(technical.bids.model.QUOTE)


def test_the_next_step_button_asks_before_approving(qtbot, technical, asked):
    strip = technical.stage_flows.strip
    strip.next_button.click()  # the patched question answers Discard: nothing approved
    assert asked == ["Approve the technical evaluation?"] and technical.session.stage.value == "technical"
    answer_with(QMessageBox.StandardButton.Yes)
    strip.next_button.click()
    assert technical.session.stage.value == "technical_approved"
    assert technical.session.approved.by == "test member"


def test_a_clarification_changes_the_evaluation_and_undo_takes_it_back(qtbot, technical):
    def status() -> Status:
        return technical.evaluation.outcome_for("REPM-2026-010").status

    assert status() is Status.INVALID  # "eighteen months"
    flows = technical.stage_flows
    assert technical.bids.select_ref("REPM-2026-010")
    dialog = flows.ask_clarify("commissioning_months")
    qtbot.addWidget(dialog)
    assert "eighteen months" in dialog.declared.text()
    assert duplicates(widget_texts(dialog)) == {}
    dialog.value.setText("18")
    dialog.reason.setText("The covering letter gives 18 months")
    dialog.document.setText("Letter 17/2026")
    dialog.accept()
    assert status() is Status.QUALIFIED
    technical.undo_stack.undo()
    assert status() is Status.INVALID and technical.session.clarifications == {}
    technical.undo_stack.redo()
    assert status() is Status.QUALIFIED
    assert not flows.record_clarification("REPM-2026-010", "commissioning_months", "soon", "a guess")
    assert flows.last_message is not None and "cannot be used" in flows.last_message.text()
    assert [c.text for c in technical.session.clarifications.values()] == ["18"]  # the one recorded stands


def test_covers_that_do_not_fit_open_nothing(qtbot, technical, tmp_path):
    assert technical.stage_flows.approve_as("test member")
    stray = tmp_path / "REPM-2026-999 Stray.csv"
    stray.write_text("Bid reference,Quoted incentive (INR per kg)\nREPM-2026-999,1500\n", encoding="utf-8")
    result = open_prices_and_wait(qtbot, technical, [str(stray)])
    assert isinstance(result, Exception)
    message = technical.stage_flows.last_message
    assert message is not None and "No price was opened" in message.text() and "REPM-2026-999" in message.text()
    assert technical.session.prices is None and technical.session.stage.value == "technical_approved"


def test_each_step_is_in_the_audit_trail(qtbot, technical, tmp_path):
    technical.saved_flows.save_as(str(tmp_path / "stages.repm"))
    flows = technical.stage_flows
    assert flows.record_clarification("REPM-2026-010", "commissioning_months", "18", "Covering letter")
    assert flows.approve_as("R. Sharma")
    open_prices_and_wait(qtbot, technical)
    assert flows.reopen_with("The letter was not the bidder's")
    technical.saved_flows.flush()
    actions = [e.action for e in technical.saved_flows.saved.audit_entries()]
    for step in ("clarified", "technical_approved", "prices_opened", "reopened"):
        assert step in actions, actions
    assert actions.index("technical_approved") < actions.index("prices_opened") < actions.index("reopened")


def test_the_sample_opens_at_its_technical_stage(qtbot, window):
    with qtbot.waitSignal(window.files.import_done, timeout=20_000):
        window.open_demo()
    assert len(window.session.bids) == len(sample_paths())
    assert window.stage_flows.strip.place.stage == "technical"
    assert window.status_labels["liability"].text() == "Prices sealed"
