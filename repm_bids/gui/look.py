"""How things look: status colours (the award workbook's fills), status icons, the app icon, number formats.

Status is never shown by colour alone: every coloured cell also carries an icon and the status spelt out.
Icons are SVG files in `repm_bids.resources/icons`, found through services.resources (a source checkout and an
installed wheel both work).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from repm_bids.domain.result import Status
from repm_bids.gui.formats import indian
from repm_bids.services.resources import resource

# Fills agree with repm_bids/io/award_styles.py (FILLS): full C6EFCE, partial FFEB9C, waitlisted DDEBF7, fail FFC7CE.
# Text colours are Excel's "good / neutral / bad" pairs, dark enough on their fills for a projector.
STATUS_FILL: dict[Status, str] = {
    Status.AWARDED: "#C6EFCE",
    Status.PARTIAL: "#FFEB9C",
    Status.WAITLISTED: "#DDEBF7",
    Status.NON_RESPONSIVE: "#FCE4D6",
    Status.INVALID: "#FFC7CE",
}
STATUS_TEXT: dict[Status, str] = {
    Status.AWARDED: "#006100",
    Status.PARTIAL: "#7A4500",
    Status.WAITLISTED: "#1F3864",
    Status.NON_RESPONSIVE: "#833C0B",
    Status.INVALID: "#9C0006",
}
_STATUS_ICON = {
    Status.AWARDED: "status-awarded.svg",
    Status.PARTIAL: "status-partial.svg",
    Status.WAITLISTED: "status-waitlisted.svg",
    Status.NON_RESPONSIVE: "status-non-responsive.svg",
    Status.INVALID: "status-invalid.svg",
}
ERROR_TEXT = "#9C0006"
ERROR_FILL = "#FFC7CE"


def icon_path(name: str) -> str:
    return str(resource("icons", name))


@cache
def icon(name: str) -> QIcon:
    return QIcon(icon_path(name))


def app_icon() -> QIcon:
    return icon("repm-bids.svg")


def status_icon(status: Status) -> QIcon:
    return icon(_STATUS_ICON[status])


def check_icon(passed: bool | None) -> QIcon:
    if passed is None:
        return icon("check-na.svg")
    return icon("status-awarded.svg" if passed else "status-invalid.svg")


def warning_icon() -> QIcon:
    return icon("warning.svg")


@cache
def colour(hex_rgb: str) -> QColor:
    return QColor(hex_rgb)


def fmt_number(x: float | None, decimals: int = 0) -> str:
    """1200.0 -> '1,200', 954300 -> '9,54,300' (Indian grouping); None -> '' (missing values show as empty cells)."""
    if x is None:
        return ""
    if decimals == 0 and float(x).is_integer():
        return indian(x)
    return indian(x, decimals) if decimals else indian(x, 2, trim=True)


def fmt_trim(x: float | None, decimals: int = 2) -> str:
    """At most `decimals` decimals, trailing zeros dropped: 500.0 -> '500', 166.6667 -> '166.67'."""
    return indian(x, decimals, trim=True)


def pane(*items: QWidget | QLayout) -> QWidget:
    """Widgets and layouts stacked top to bottom with no margins: one pane of a splitter."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return box
