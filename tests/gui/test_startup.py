"""Starting: run_gui's signature, the demo, what the first window imports, settings, and unexpected errors."""

from __future__ import annotations

import inspect
import json
import logging
import subprocess
import sys
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from repm_bids.gui import app as gui_app
from repm_bids.gui.errors import show_unexpected
from repm_bids.gui.main_window import MainWindow
from repm_bids.services.session import EvaluationSession


def test_run_gui_signature():
    sig = inspect.signature(gui_app.run_gui)
    assert list(sig.parameters) == ["inputs", "demo", "saved"]
    assert sig.parameters["demo"].default is False and sig.parameters["saved"].default is None


def test_start_window_opens_the_demo_in_the_background(qtbot):
    window = gui_app.start_window([], demo=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: window.evaluation is not None and window.evaluation.summary.bids_received == 10, timeout=20_000
    )
    assert window.shown_title() == "Sample evaluation* — repm-bids"  # not saved under a name
    window.close()


def test_the_demo_is_in_the_first_paint_and_the_engine_loads_after_it(tmp_path):
    """`repm-bids --demo`: a copy of the process reads and evaluates the sample while the window loads, so the
    window holds the sample before its first paint without loading the engine (its checks and evaluation, and numpy
    with them; numpy itself is not checked: PySide6 6.6 loads it on its own) itself; the engine loads just after,
    the import is on the record, and the next change is evaluated here as usual."""
    code = """
import json, os, sys, threading
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_DATA_HOME"] = sys.argv[1]
from PySide6.QtCore import QSettings, QTimer
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from repm_bids.gui import file_flows
from repm_bids.gui.app import launch
from repm_bids.gui.commands import SchemeCommand
file_flows.SAMPLE_PAINT_WAIT_SECONDS = 60  # however busy the machine running the tests: what is checked is the way
app, w = launch([], demo=True)
engine = ("repm_bids.domain.evaluation", "repm_bids.domain.engine", "repm_bids.domain.checks")
first = {"bids": w.evaluation.summary.bids_received, "engine": any(m in sys.modules for m in engine),
         "evaluating": w.evaluating, "title": w.shown_title()}
def later():
    if any(t.name == "load engine" for t in threading.enumerate()) or w.saved_flows.saved is None:
        QTimer.singleShot(20, later)
        return
    w.saved_flows.flush()
    actions = [e.action for e in w.saved_flows.saved.audit_entries()]
    before = w.evaluation
    w.undo_stack.push(SchemeCommand(w.session, w.session.scheme.with_changes(total_capacity=3000.0)))
    print(json.dumps({"first": first, "engine": all(m in sys.modules for m in engine),
                      "imported": actions.count("imported_file"),
                      "changed": w.evaluation is not before and w.evaluation.scheme.total_capacity == 3000.0,
                      "bids after": w.evaluation.summary.bids_received}), flush=True)
    os._exit(0)  # quitting would ask about the untitled sample
QTimer.singleShot(0, later)
app.exec()
"""
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.splitlines()[-1])
    assert got == {
        "first": {"bids": 10, "engine": False, "evaluating": False, "title": "Sample evaluation* — repm-bids"},
        "engine": True,
        "imported": 10,
        "changed": True,
        "bids after": 10,
    }


class _CopyFailed:
    """A copy of the process that could not read the sample (or was too slow): the window reads it itself."""

    def __init__(self) -> None:
        from repm_bids.services.samples import sample_paths

        self.paths = [str(p) for p in sample_paths()]
        self.closed = False

    def new_session(self, timeout: float = 0) -> EvaluationSession:
        return EvaluationSession()

    def matches(self, session: EvaluationSession) -> bool:
        return True

    def sample_ready(self, timeout: float = 0.0) -> bool:
        return True

    def sample(self, timeout: float) -> None:
        return None

    def close(self) -> None:
        self.closed = True


def test_when_the_copy_fails_the_window_reads_the_sample_itself(qtbot, window, asked):
    with qtbot.waitSignal(window.files.import_done, timeout=20_000):
        window.open_demo(_CopyFailed())  # type: ignore[arg-type]
    assert window.evaluation is not None and window.evaluation.summary.bids_received == 10
    assert window.shown_title() == "Sample evaluation* — repm-bids"


class _CopyOfAnotherState(_CopyFailed):
    """A copy whose evaluation was made for a state the session has left (something changed before it came)."""

    def __init__(self) -> None:
        super().__init__()
        self.empty = EvaluationSession().evaluation()

    def matches(self, session: EvaluationSession) -> bool:
        return False

    def sample(self, timeout: float) -> Any:
        return [], [], self.empty  # nothing read and no bids: it must never be shown


def test_an_evaluation_made_for_another_state_is_never_shown(qtbot, window, asked):
    copy = _CopyOfAnotherState()
    with qtbot.waitSignal(window.files.import_done, timeout=20_000):
        window.open_demo(copy)  # type: ignore[arg-type]
    assert copy.closed and window.evaluation is not copy.empty
    assert window.evaluation is not None and window.evaluation.summary.bids_received == 10


def test_the_first_window_does_not_import_pandas_or_qtcharts():
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from repm_bids.gui.app import make_app; from repm_bids.gui.main_window import MainWindow;"
        "app = make_app(); w = MainWindow(); w.show(); app.processEvents();"
        "print(' '.join(m for m in ('pandas', 'PySide6.QtCharts', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [] or "pandas" not in out.stdout.split()
    assert "PySide6.QtCharts" not in out.stdout.split()


def test_the_first_window_loads_no_store_or_log_file_modules_before_it_needs_them():
    """With nothing to recover and nothing imported yet, the store's modules and logging's file handlers wait."""
    code = (
        "import os, sys, tempfile; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "os.environ['XDG_DATA_HOME'] = tempfile.mkdtemp();"
        "from repm_bids.gui.app import launch; app, w = launch([]); app.processEvents();"
        "print(' '.join(m for m in ('repm_bids.services.saved', 'logging.handlers', 'sqlite3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []


def test_the_log_file_is_made_at_the_first_warning(tmp_path):
    path = tmp_path / "data" / "repm-bids.log"
    handler = gui_app.LogFile(path)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log = logging.getLogger("repm_bids.test_log_file")
    log.addHandler(handler)
    try:
        log.info("not kept")
        assert not path.parent.exists()  # nothing written, no folder made
        log.warning("kept")
        handler.flush()
        assert path.read_text(encoding="utf-8") == "WARNING kept\n"
    finally:
        log.removeHandler(handler)
        handler.close()


def test_geometry_splitters_and_recent_files_are_remembered(qtbot, settings, tmp_path):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(640, 480)
    w.bids_split.setSizes([300, 400])
    settings.add_recent(tmp_path / "a.xlsx")
    w.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (640, 480)
    assert settings.recent("files") == [str((tmp_path / "a.xlsx").resolve())]
    assert again.acts.recent_files.actions()[0].text().startswith("&1 a.xlsx — ")
    assert settings.bytes("splitters/bids") is not None


def test_an_unexpected_error_is_a_plain_message_with_copy_details(qtbot, caplog):
    try:
        raise RuntimeError("a bug")
    except RuntimeError as exc:
        error = exc
    show_unexpected(None, error, "testing")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    box = boxes[-1]
    assert "Something unexpected went wrong while testing" in box.text()
    assert "Traceback" not in box.text()
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert "RuntimeError: a bug" in QApplication.clipboard().text()
    assert "a bug" in caplog.text
    box.close()


def test_about_shows_the_version(qtbot, window):
    from repm_bids import __version__

    box = window.show_about()
    assert __version__ in box.text()
    box.close()
