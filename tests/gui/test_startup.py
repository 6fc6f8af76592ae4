"""Starting: run_gui's signature, the demo, what the first window imports, settings, and unexpected errors."""

from __future__ import annotations

import inspect
import logging
import subprocess
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from repm_bids.gui import app as gui_app
from repm_bids.gui.errors import show_unexpected
from repm_bids.gui.main_window import MainWindow


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
