"""Starting the desktop application: `run_gui`, which the command line calls.

Start-up stays light: PySide6's widgets and the domain's data classes are all the first window needs. pandas is
never imported, nor QtCharts (the award chart is drawn with QPainter); the evaluation engine (numpy and the checks)
with the first evaluation; openpyxl when a file is written, the store's modules when an evaluation is first kept in
a file (or a crashed session's file is found), logging's file handlers at the first warning. The window is shown
first; work a crashed session left behind is offered back; the demo or the given inputs are then read in the
background with a progress bar. The bundled sample is the application's own file: on Linux a copy of this process,
made before anything else starts, reads and evaluates it on another core while this one loads the window (so the
window shows it in its first paint and loads the engine just after); elsewhere it is read in this process. The
reading workers for files from outside start once the window is painted.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from repm_bids import TOOL_NAME, __version__

READERS_AFTER_MS = 1500  # the reading workers start this long after the window
ENGINE_AFTER_MS = 300  # ... and the engine loads this long after it, when the sample's copy evaluated for it
# How long a thread running Python keeps the interpreter before handing it to one waiting for it. The GUI thread
# takes the interpreter back many times in each turn of its event loop (every call from Qt into Python); at Python's
# 5 ms, a worker thread running Python (an export, an open, a store write) made each of those waits up to 5 ms and
# froze the window for hundreds of milliseconds. At 0.5 ms the window keeps painting; the workers lose little.
SWITCH_INTERVAL_SECONDS = 0.0005

if TYPE_CHECKING:  # imported when the application starts, not when this module is
    from PySide6.QtWidgets import QApplication

    from repm_bids.gui.main_window import MainWindow
    from repm_bids.services.sample_reading import SampleReading


def one_blas_thread() -> None:
    """numpy's linear algebra library starts a thread per core when numpy is imported, and those threads spin for
    about 0.1 s of processor time, competing with the first window for the two cores of a committee's laptop. The
    evaluation does no linear algebra (no matrix products), so one thread gives the same results. Set before numpy
    is imported; the reading workers inherit it. A value the user set is kept."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made once), with the application's name, organisation and icon."""
    from repm_bids.gui.pyside_imports import quicker_feature_check

    quicker_feature_check()  # before the modules of the first window are imported
    from PySide6.QtWidgets import QApplication

    from repm_bids.gui.fonts import register_shipped_fonts
    from repm_bids.gui.look import app_icon
    from repm_bids.gui.settings import APPLICATION, ORGANISATION

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(argv if argv is not None else [sys.argv[0] if sys.argv else TOOL_NAME])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(TOOL_NAME)
    app.setWindowIcon(app_icon())
    register_shipped_fonts()
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    return app


class LogFile(logging.Handler):
    """Writes to a rotating log file that it opens at the first record: a start without warnings neither loads
    logging's file handlers nor makes the folder."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self.path = path
        self._file: logging.Handler | None = None
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None and not self._failed:
            from logging.handlers import RotatingFileHandler

            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = RotatingFileHandler(self.path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
            except OSError:
                self._failed = True  # no log file; the messages on screen still say what went wrong
                return
            self._file.setFormatter(self.formatter)
        if self._file is not None:
            self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def log_to_file() -> str | None:
    """Keep the application's log (warnings and unexpected errors, with their details) in the user's data folder."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    if not folder:
        return None
    path = Path(folder) / "repm-bids.log"
    handler = LogFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("repm_bids").addHandler(handler)
    return str(path)


def start_window(
    inputs: list[str],
    demo: bool = False,
    saved: str | None = None,
    *,
    recover: bool = True,
    sample: SampleReading | None = None,
) -> MainWindow:
    """Make and show the window, then start reading the demo or the inputs in the background. `recover=False`
    (the install check) does not offer the work a session left behind: nobody is there to answer. `sample`: the
    empty evaluation and the demo, made by a copy of this process (`read_sample_aside`)."""
    from repm_bids.gui.errors import install_excepthook
    from repm_bids.gui.main_window import MainWindow

    window = MainWindow(sample.new_session() if sample is not None else None)
    install_excepthook(lambda: window)
    window.show()
    if recover:
        window.saved_flows.offer_recovery()  # work kept by a session that did not close properly
    if saved:
        window.open_saved(saved)
    elif demo:
        window.open_demo(sample)
    elif inputs:
        names = [Path(p).name for p in inputs]
        window.set_title(names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more")
        window.import_paths(inputs)
    if sample is not None:  # the first window's evaluations were made by the copy: the engine loads aside now
        from PySide6.QtCore import QTimer

        QTimer.singleShot(ENGINE_AFTER_MS, load_engine_aside)
    return window


def load_engine_aside() -> None:
    """Load the evaluation engine (numpy and the checks) on a thread of its own, so that the first change the
    committee makes is evaluated without waiting for it to load on the window's thread."""
    import importlib
    import threading

    threading.Thread(
        target=importlib.import_module, args=("repm_bids.domain.evaluation",), name="load engine", daemon=True
    ).start()


def read_sample_aside() -> SampleReading:
    """Start reading and evaluating the bundled sample in a copy of this process, on another core while this one
    loads the window (see `services.sample_reading`)."""
    from repm_bids.services.sample_reading import SampleReading
    from repm_bids.services.samples import sample_paths

    return SampleReading([str(p) for p in sample_paths()])


def launch(inputs: list[str], demo: bool = False, saved: str | None = None) -> tuple[QApplication, MainWindow]:
    """Everything `run_gui` does before the event loop (the start-up benchmark measures this)."""
    one_blas_thread()
    gc.disable()  # none while the modules load: the window's own collector (gc_guard) takes over
    sample = read_sample_aside() if demo and not saved else None  # first: it has the most to do in parallel
    app = make_app()
    from PySide6.QtCore import QTimer

    from repm_bids.gui import main_window  # noqa: F401  (loaded here to set aside what it made, below)
    from repm_bids.io.sandbox import start_reading

    # what loading made (modules, classes, tables) lives as long as the process: set aside, no collection walks it
    gc.freeze()
    log_to_file()
    window = start_window(list(inputs), demo=demo, saved=saved, sample=sample)
    # the workers that read bid files start once the window is painted (the sample is read without them), so
    # that they do not compete with it for the processor; an import before then starts them itself
    QTimer.singleShot(READERS_AFTER_MS, start_reading)
    return app, window


def run_gui(inputs: list[str], demo: bool = False, saved: str | None = None) -> int:
    """Open the application: empty (with a first step), on the bundled demo, on these inputs, or on a saved
    evaluation (.repm). Returns the exit status of the event loop."""
    app, window = launch(inputs, demo=demo, saved=saved)
    code = app.exec()
    del window
    return int(code)
