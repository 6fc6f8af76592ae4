"""A table whose rows join and leave it at a re-evaluation (the waiting list as the award's cut moves) removes the rows
that left and inserts those that came: the view keeps the selection on the rows still shown, its header is not laid
out again, and the rows and texts are the new ones, in the new order; too many changes, or rows that cannot be
told apart, reset it as before."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from repm_bids.gui.bids_view import make_table
from repm_bids.gui.table_model import MOST_RUNS, Column, RowTableModel


@dataclass(frozen=True)
class Row:
    ref: str
    why: str


class Moving(RowTableModel[Row]):
    COLUMNS = (Column("Ref", lambda r: r.ref), Column("Why", lambda r: r.why))
    MOVES_ROWS = True

    def identity(self, row: Row) -> str:
        return row.ref


def _rows(refs: str, why: str = "waiting") -> list[Row]:
    return [Row(ref, why) for ref in refs]


def _view(qtbot, refs: str):  # type: ignore[no-untyped-def]
    model = Moving()
    model.set_rows(_rows(refs))
    view = make_table("Waiting")
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    QApplication.processEvents()
    view._keep = model  # type: ignore[attr-defined]
    return view, model


def _signals(model: Moving) -> list[str]:
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsRemoved.connect(lambda parent, a, b: seen.append(f"removed {a}-{b}"))
    model.rowsInserted.connect(lambda parent, a, b: seen.append(f"inserted {a}-{b}"))
    model.layoutChanged.connect(lambda *args: seen.append("layout"))
    return seen


def _selected(view, model) -> set[str]:  # type: ignore[no-untyped-def]
    return {model.rows[i.row()].ref for i in view.selectionModel().selectedRows()}


def test_rows_that_leave_and_come_keep_the_selection_on_the_rows_that_stay(qtbot):
    view, model = _view(qtbot, "ABCDEFGH")
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in (2, 5):  # C and F
        view.selectionModel().select(model.index(r, 0), flags)
    seen = _signals(model)
    model.update_rows(_rows("CDXFGHY", why="the cut moved"), (0, 7))
    assert seen == ["removed 4-4", "removed 0-1", "inserted 2-2", "inserted 6-6"]  # no reset, no new layout
    assert [r.ref for r in model.rows] == list("CDXFGHY")
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["the cut moved"] * 7
    assert _selected(view, model) == {"C", "F"}


def test_rows_that_stay_in_another_order_move_with_their_selection(qtbot):
    view, model = _view(qtbot, "ABCDE")
    view.selectRow(3)  # D
    seen = _signals(model)
    model.update_rows(_rows("DBAF"), (0, 4))
    assert "reset" not in seen and "layout" in seen
    assert [r.ref for r in model.rows] == list("DBAF")
    assert _selected(view, model) == {"D"}


def test_many_runs_or_rows_not_told_apart_reset_the_table(qtbot):
    view, model = _view(qtbot, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    seen = _signals(model)
    every_other = "ACEGIKMOQSUWY"  # thirteen runs of one row leave
    assert MOST_RUNS < 13
    model.update_rows(_rows(every_other), (0, 25))
    assert seen == ["reset"] and [r.ref for r in model.rows] == list(every_other)
    seen.clear()
    model.update_rows(_rows("AACE"), (0, 12))
    assert seen == ["reset"] and [r.ref for r in model.rows] == list("AACE")


def test_each_set_of_rows_is_told_apart_once_and_a_new_order_between_updates_is_seen(qtbot):
    view, model = _view(qtbot, "ABCDEFGH")
    told: list[str] = []
    identity = model.identity
    model.identity = lambda row: (told.append(row.ref), identity(row))[1]  # type: ignore[method-assign]
    model.update_rows(_rows("ABCDEFGH", "moved up"))  # (no rows on screen named: no texts compared)
    model.update_rows(_rows("ABCDEFGHI", "moved up"))
    # each update looks at its first row (can rows be told apart?); the first tells the rows shown and its own apart,
    # the second only its own: the rows shown are the first's
    assert len(told) == 2 + (8 + 8) + 9
    view.selectRow(1)  # B
    model.sort(0, Qt.SortOrder.DescendingOrder)  # I H G ... A: the rows shown are another list now
    model.update_rows(_rows("ABCDEFGHIJ", "moved down"), (0, 9))
    assert [r.ref for r in model.rows] == list("JIHGFEDCBA")
    assert _selected(view, model) == {"B"}


class Figures(RowTableModel[tuple[str, object, str]]):
    """A row: its reference, a figure, and a note whose text is counted as it is made."""

    COLUMNS = (
        Column("Ref", lambda r: r[0]),
        Column("Figure", lambda r: r[1]),
        Column("Note", lambda r: r[2], lambda v: (made.append(v), v.upper())[1]),
    )

    def identity(self, row: tuple[str, object, str]) -> str:
        return row[0]


made: list[str] = []


def test_a_re_evaluated_row_shows_its_new_values_and_keeps_the_texts_of_those_that_stayed(qtbot):
    model = Figures()
    model.set_rows([("A", 1, "first"), ("B", 2, "second"), ("C", 3, "third")])
    assert [model.texts(r) for r in range(3)] == [("A", "1", "FIRST"), ("B", "2", "SECOND"), ("C", "3", "THIRD")]
    made.clear()
    # B's note changes, C's figure becomes a float of equal value (another text), A stays; then in another order
    model.update_rows([("C", 3.0, "third"), ("B", 2, "moved"), ("A", 1, "first")], (0, 2))
    assert [model.texts(r) for r in range(3)] == [("C", "3.0", "THIRD"), ("B", "2", "MOVED"), ("A", "1", "FIRST")]
    assert made == ["moved"]  # the notes that stayed were not made again
    model.set_rows([("A", 1, "first")])  # other rows altogether: every text is made afresh
    made.clear()
    assert model.texts(0) == ("A", "1", "FIRST") and made == ["first"]
