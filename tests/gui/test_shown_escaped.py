"""Text from a bid or a file name shows escaped in the application: an ESC or a CR in a bidder's name cannot act on
the screen, and stays visible as an escape."""

from __future__ import annotations

from PySide6.QtCore import Qt

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.scheme import Scheme
from repm_bids.gui.bids_model import BidsTableModel, bid_rows
from repm_bids.gui.detail_view import BidDetailView
from tests.factories import make_bid

D = Qt.ItemDataRole.DisplayRole
HOSTILE = "Evil\x1b[2K\rGood Ltd"
ESCAPED = "Evil\\u001b[2K\\rGood Ltd"


def test_a_name_with_esc_and_cr_shows_escaped_in_the_bids_table_and_the_detail(qtbot) -> None:
    evaluation = evaluate([make_bid("A", bidder_name=HOSTILE, path="bad\rname.xlsx")], Scheme(covers=1))
    rows = bid_rows(evaluation, {})
    model = BidsTableModel()
    model.set_rows(rows)
    assert model.data(model.index(0, model.BIDDER), D) == ESCAPED
    assert model.data(model.index(0, model.FILE), D) == "bad\\rname.xlsx"

    detail = BidDetailView()
    qtbot.addWidget(detail)
    detail.show_row(rows[0], evaluation)
    assert ESCAPED in detail.title.text()
    assert "\x1b" not in detail.title.text() and "\r" not in detail.title.text()
    fields = detail.fields_model
    name = fields.row_for_field("bidder_name")
    assert name is not None
    assert fields.data(fields.index(name, fields.VALUE), D) == ESCAPED


MARKUP = "<b>Bold</b> & <img src=x> Ltd"


def _as_read(rich: str) -> str:
    """What a person reads where Qt renders the text as rich text (a tooltip, a label, a question)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


def test_markup_in_a_bid_shows_as_written_in_tooltips_labels_and_message_boxes(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QLabel, QMessageBox

    from repm_bids.domain.models import Decision, InputFile
    from repm_bids.gui.decision_dialog import DecisionDialog
    from repm_bids.gui.main_window import MainWindow
    from repm_bids.services.session import EvaluationSession, InputPart

    bid = make_bid("A<i>", bidder_name=MARKUP, path="<b>bid</b>.xlsx")
    evaluation = evaluate([bid], Scheme(covers=1), decisions=[Decision("A<i>", True, "<u>Seen</u> & checked")])
    model = BidsTableModel()
    model.set_rows(bid_rows(evaluation, {"A<i>": Decision("A<i>", True, "<u>Seen</u> & checked")}))
    tip = Qt.ItemDataRole.ToolTipRole
    assert _as_read(model.data(model.index(0, model.FILE), tip)) == "<b>bid</b>.xlsx"
    assert _as_read(model.data(model.index(0, model.DECISION), tip)) == "<u>Seen</u> & checked"

    dialog = DecisionDialog("A<i>", MARKUP, None)
    qtbot.addWidget(dialog)
    labels = [_as_read(label.text()) for label in dialog.findChildren(QLabel)]
    assert f"A<i> — {MARKUP}" in labels

    session = EvaluationSession(scheme=Scheme(covers=1))  # one cover: the bid holds its price
    session.add_parts([InputPart(InputFile("<b>bid</b>.xlsx", "b" * 64, 1, kind="bids"), (bid,))])
    window = MainWindow(session)
    qtbot.addWidget(window)
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window.bids.select_ref("A<i>")
    window.remove_current_bid()  # an awarded bid: asked first
    assert asked and _as_read(asked[0]).startswith("A<i> is awarded capacity.")
    assert _as_read(window.detail.title.toolTip()) == "<b>bid</b>.xlsx"
    box = window.files._message(QMessageBox.Icon.Warning, "Not written", "<b>bid</b>.xlsx could not be read")
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
    window.saved_flows.close()
