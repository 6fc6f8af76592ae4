"""A start-up check for an install (the wheel, the desktop bundle): open the window on the bundled sample, let it
read the technical covers, open the financial covers, write the award workbook and verify it, and exit 0 — or 1,
with the reason, if the sample did not load or anything went wrong.

The export and Verify run in child processes started the way the window starts them ("spawn": the program is run
again), which an install can break where reading in the window does not: a bundle that cannot start its own program
as a child, or a module the child needs left out of it.

`python -m repm_bids.gui.smoke` or, in the desktop bundle, `repm-bids --smoke`; works offscreen
(QT_QPA_PLATFORM=offscreen), which is how CI runs it.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import Any

SAMPLE_BIDS = 10
# what the offscreen platform itself says about a feature it lacks, not a fault of the application
_OFFSCREEN_NOTES = ("This plugin does not support",)


class _Errors(logging.Handler):
    """Every error logged or raised while the window runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())

    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.seen.append(f"{kind.__name__}: {exc}")

    def qt_message(self, mode: object, context: object, message: str) -> None:
        """Qt's warnings (a missing image plugin, a font that cannot load) count as errors here."""
        from PySide6.QtCore import QtMsgType

        if mode != QtMsgType.QtDebugMsg and mode != QtMsgType.QtInfoMsg and not message.startswith(_OFFSCREEN_NOTES):
            self.seen.append(f"Qt: {message}")


def _licence_declared() -> bool:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        return bool(metadata("repm-bids").get_all("License-Expression"))
    except PackageNotFoundError:
        return False


def run_smoke(timeout_s: float = 60.0) -> tuple[bool, str]:
    """(passed, one line saying what was seen)."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QFontDatabase

    from repm_bids.gui.app import make_app, read_sample_aside, start_window

    sample = read_sample_aside()  # as `--demo` starts: the sample made by a copy of this process, where there is one
    errors = _Errors()
    logging.getLogger("repm_bids").addHandler(errors)
    qInstallMessageHandler(errors.qt_message)
    app = make_app()
    window = start_window([], demo=True, recover=False, sample=sample)  # a check: it asks nothing
    sys.excepthook = errors.hook  # after start_window: report, never open a message box nobody will close
    deadline = time.monotonic() + timeout_s
    while len(window.session.bids) < SAMPLE_BIDS and not errors.seen and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):  # let the views draw the result
        app.processEvents()
    read = len(window.session.bids)
    if window.session.scheme.covers == 2 and window.session.prices is None:  # the sample opens at its technical stage
        from repm_bids.services.samples import sample_price_paths

        window.session.approve("start-up check")
        window.session.open_prices(sample_price_paths(), by="start-up check")
        for _ in range(20):
            app.processEvents()
    awarded = window.session.evaluation().summary.beneficiaries
    written, verified = _export_and_verify(app, window, errors, deadline)
    devanagari = bool(QFontDatabase.families(QFontDatabase.WritingSystem.Devanagari))
    licence = _licence_declared()  # the package's metadata came along: Help › About shows the licence from it
    shown = window.isVisible() and not app.windowIcon().pixmap(32, 32).isNull()  # the SVG icon really drew
    window.runner.cancel_all()
    window.runner.wait(5000)
    window.saved_flows.leave()  # the sample's untitled file is deleted: the check leaves nothing behind
    window.hide()  # not close(): that would ask whether to save the sample
    app.processEvents()
    line = (
        f"window shown: {shown}; sample bids read: {read} of {SAMPLE_BIDS}; awarded: {awarded}; "
        f"award workbook written: {written}; verified: {verified}; "
        f"a Devanagari font: {devanagari}; licence stated: {licence}; errors: {'; '.join(errors.seen) or 'none'}"
    )
    passed = (
        shown and read == SAMPLE_BIDS and awarded > 0 and written and verified and devanagari and licence
    ) and not errors.seen
    return passed, line


def _export_and_verify(app: Any, window: Any, errors: _Errors, deadline: float) -> tuple[bool, bool]:
    """Write the sample's award workbook and verify it against the evaluation's file, as File › Export and
    File › Verify do (each in a child process); the boxes that say how it went are closed. (written, verified)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="repm-bids-smoke-") as folder:
        target = Path(folder) / "award.xlsx"
        done: list[object] = []
        window.files.export_done.connect(done.append)
        if window.files.export_award(str(target)) is None:
            errors.seen.append("the export did not start")
            return False, False
        while not done and not errors.seen and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        written = done == [target] and target.is_file()
        if not written:
            errors.seen.append(f"the award workbook was not written: {done[0] if done else 'no answer in time'}")
            return False, False
        report = window.verify_flow.verify(str(target))
        verified = bool(getattr(report, "ok", False))
        if not verified:
            differences = getattr(report, "differences", None)
            errors.seen.append(f"Verify did not match: {differences[:3] if differences else report}")
        for box in app.topLevelWidgets():  # the "written" and "Verify" boxes
            if box.isVisible() and box is not window:
                box.close()
        return written, verified


def main() -> int:
    passed, line = run_smoke()
    print(f"repm-bids smoke test {'passed' if passed else 'FAILED'}: {line}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
