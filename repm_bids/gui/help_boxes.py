"""Help › About (with the version) and Help › Getting started: plain, non-blocking message boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from repm_bids import TOOL_NAME, __version__
from repm_bids.gui.look import app_icon


def licence_text() -> str:
    """The licence the package declares (its metadata), said in words."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("repm-bids")
        expression = next(iter(meta.get_all("License-Expression") or meta.get_all("License") or []), "")
    except PackageNotFoundError:
        expression = ""
    parts = {
        "LicenseRef-Proprietary": "proprietary (LicenseRef-Proprietary)",
        "OFL-1.1": "the bundled Noto Sans Devanagari fonts under the SIL Open Font Licence 1.1",
    }
    said = [parts.get(p.strip(), p.strip()) for p in expression.replace("(", "").replace(")", "").split(" AND ")]
    return "; ".join(s for s in said if s) or "not stated in this installation"


def versions_text() -> str:
    import platform

    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    return f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside}, {platform.system()}"


def about_box(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {TOOL_NAME}")
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setText(f"<h3>{TOOL_NAME} {__version__}</h3>")
    box.setInformativeText(
        "Evaluates, ranks and allocates bids under the Scheme to Promote Manufacturing of Sintered Rare Earth "
        "Permanent Magnets (REPM): checks every bid against the scheme's rules, records the committee's "
        "decisions, ranks the qualified bids and allocates the capacity on offer.<br><br>"
        "Every number can be reproduced from the bid files and the scheme.<br><br>"
        f"<b>Licence:</b> {licence_text()}.<br>"
        f"<b>Running on:</b> {versions_text()}."
    )
    box.open()
    return box


def getting_started_box(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("Getting started")
    box.setText("<b>Evaluating bids in five steps</b>")
    box.setInformativeText(
        "1. Import the bid files (Ctrl+O) or a folder (Ctrl+Shift+I), or drag them onto the window.<br>"
        "2. Look at each bid: red cells name the sheet and cell of each error.<br>"
        "3. Record the committee's decisions (Ctrl+D) or import a decisions file (Ctrl+Shift+D).<br>"
        "4. Check the scheme's parameters (Ctrl+K) and watch the ranking and award (Ctrl+2).<br>"
        "5. Export the award workbook (Ctrl+E) for signature.<br><br>"
        "Every change can be undone (Ctrl+Z) and redone (Ctrl+Shift+Z). A saved evaluation (File › Save evaluation "
        "as) keeps every change, with an audit trail."
    )
    box.open()
    return box
