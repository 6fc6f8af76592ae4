"""Colours that carry meaning, declared once: the award workbook and the application both take them from here.

Fills are light enough to print in black and white, and the text colours (Excel's "good / neutral / bad" pairs) are
dark enough on their fills for a projector. Status is never shown by colour alone: the words are always there too.
"""

from __future__ import annotations

from collections.abc import Mapping

from repm_bids.domain.result import Status

STATUS_FILL: Mapping[Status, str] = {
    Status.AWARDED: "#C6EFCE",
    Status.PARTIAL: "#FFEB9C",
    Status.WAITLISTED: "#DDEBF7",
    Status.NON_RESPONSIVE: "#FCE4D6",
    Status.INVALID: "#FFC7CE",
    Status.QUALIFIED: "#DDEBF7",
    Status.WITHDRAWN: "#EDEDED",
}
STATUS_TEXT: Mapping[Status, str] = {
    Status.AWARDED: "#006100",
    Status.PARTIAL: "#7A4500",
    Status.WAITLISTED: "#1F3864",
    Status.NON_RESPONSIVE: "#833C0B",
    Status.INVALID: "#9C0006",
    Status.QUALIFIED: "#1F3864",
    Status.WITHDRAWN: "#3A3A3A",
}
ERROR_FILL = STATUS_FILL[Status.INVALID]  # a failed check or a value that must be fixed
ERROR_TEXT = STATUS_TEXT[Status.INVALID]
HEADING = "#1F3864"  # table headers (white text on it) and section headings
TOTAL_FILL = "#F2F2F2"  # a table's totals row
NOTE_TEXT = "#404040"
GRID = "#BFBFBF"  # cell borders
