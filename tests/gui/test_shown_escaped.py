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
