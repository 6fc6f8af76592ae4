"""The award workbook's sheet of bids as read: one row per bid, the value read from each field, and every reading
that was not a plain number or plain text with its cell and note, so that the signed workbook shows what the tool
took from each bid form."""

from __future__ import annotations

from repm_bids.domain.fields import FIELDS
from repm_bids.domain.readings import FieldRow, field_rows
from repm_bids.domain.result import BidOutcome, Evaluation
from repm_bids.io.award_layout import Column, SheetBuilder, Table

SHEET = "Bids as read"


def _value_column(i: int) -> Column:
    spec = FIELDS[i]
    return Column(spec.label, lambda rows: rows[1][i].shown, "wrap", max_width=24)


def _notes(rows: list[FieldRow]) -> str:
    return "\n".join(f"{r.spec.label} ({r.where}): {r.note}" for r in rows if r.note)


READINGS = Table(
    SHEET,
    (
        Column("File", lambda rows: rows[0].source.path.replace("\\", "/").rsplit("/", 1)[-1], "wrap", max_width=30),
        *(_value_column(i) for i in range(len(FIELDS))),
        Column(
            "Readings with a note (cell: how the text was read)",
            lambda rows: _notes(rows[1]),
            "wrap",
            min_width=30,
            max_width=60,
        ),
    ),
)


def build_readings(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Bids as read: the value the tool took from each field", "title", height=22)
    sb.line(
        "One row per bid, in the order the files were read. A reading that was not a plain number or plain text is "
        "listed with its cell in the last column.",
        "note",
    )
    sb.line()
    outcomes: list[BidOutcome] = sorted(ev.outcomes, key=lambda o: o.index)
    sb.table(READINGS, [(o, field_rows(o.bid)) for o in outcomes], main=True)
