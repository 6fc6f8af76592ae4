"""How things look: status colours (from domain.palette, as the award workbook), status icons, the app icon,
number formats.

Status is never shown by colour alone: every coloured cell also carries an icon and the status spelt out.
Icons are SVG files in `repm_bids.resources/icons`, found through services.resources (a source checkout and an
installed wheel both work).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from repm_bids.domain import palette
from repm_bids.domain.result import Status
from repm_bids.gui.formats import indian
from repm_bids.services.resources import resource

# The colours are declared once in domain.palette (the award workbook uses the same ones).
STATUS_FILL: Mapping[Status, str] = palette.STATUS_FILL
STATUS_TEXT: Mapping[Status, str] = palette.STATUS_TEXT
_STATUS_ICON = {
    Status.AWARDED: "status-awarded.svg",
    Status.PARTIAL: "status-partial.svg",
    Status.WAITLISTED: "status-waitlisted.svg",
    Status.NON_RESPONSIVE: "status-non-responsive.svg",
    Status.INVALID: "status-invalid.svg",
    Status.QUALIFIED: "status-waitlisted.svg",
    Status.WITHDRAWN: "status-non-responsive.svg",  # out of the award, by its own choice
}
ERROR_TEXT = palette.ERROR_TEXT
ERROR_FILL = palette.ERROR_FILL


def in_error_colour(widget: QWidget) -> None:
    """Show a widget's text in the error colour. Through its palette, not a style sheet: a style sheet on each of
    the scheme panel's fifty messages made building it a third slower."""
    colours = widget.palette()
    colours.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_TEXT))
    widget.setPalette(colours)


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
