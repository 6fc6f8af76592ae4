"""pytest-qt fixtures for the desktop application: offscreen, settings in tmp_path, the real window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported anywhere
os.environ.setdefault("REPM_BIDS_USER", "test member")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from repm_bids.services.samples import sample_decisions_path, sample_paths, sample_price_paths  # noqa: E402


@pytest.fixture(scope="package", autouse=True)
def _gc_back_on_after_gui_tests() -> Iterator[None]:
    """The window collects garbage on the GUI thread only (gui/gc_guard.py); the tests after these get Python's
    own collection back."""
    yield
    import gc

    from repm_bids.gui.gc_guard import install_gc_guard

    guard = install_gc_guard()
    if guard is not None:
        guard.stop()
    gc.enable()


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    """No test reads or writes a member's own settings."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def _data_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Untitled evaluations are kept in tmp_path, never in a member's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No question waits for an answer in a test: QMessageBox.question answers Discard (a test that checks the
    question sets `answer`) and each question's title is listed."""
    from PySide6.QtWidgets import QMessageBox

    titles: list[str] = []

    def question(parent, title, text, buttons=None, default=None):  # type: ignore[no-untyped-def]
        titles.append(title)
        return getattr(question, "answer", QMessageBox.StandardButton.Discard)

    monkeypatch.setattr(QMessageBox, "question", question)
    asked_answer.clear()
    asked_answer.append(question)
    return titles


asked_answer: list = []  # the current test's patched question, to set its `answer`


def answer_with(button) -> None:  # type: ignore[no-untyped-def]
    """The answer the patched QMessageBox.question gives from now on in this test."""
    asked_answer[0].answer = button


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from repm_bids.gui.settings import AppSettings

    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings) -> Iterator:  # type: ignore[no-untyped-def]
    from repm_bids.gui.main_window import MainWindow

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.runner.cancel_all()
    w.runner.wait(10_000)
    w.saved_flows.close()


def import_and_wait(qtbot, window, paths: list[str], timeout: int = 20_000):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.files.import_done, timeout=timeout) as blocker:
        task = window.files.import_paths([str(p) for p in paths])
        assert task is not None
    return blocker.args[0]


def open_prices_and_wait(qtbot, window, paths: list[str] | None = None, timeout: int = 20_000):  # type: ignore[no-untyped-def]
    """Open the financial covers (the sample's by default) as the Stage menu does, and wait for them (the technical
    evaluation must be approved first)."""
    with qtbot.waitSignal(window.stage_flows.prices_done, timeout=timeout) as blocker:
        task = window.stage_flows.open_covers([str(p) for p in (paths or sample_price_paths())])
        assert task is not None
    return blocker.args[0]


@pytest.fixture
def technical(qtbot, window):  # type: ignore[no-untyped-def]
    """The window with the sample's technical covers imported: the technical stage, prices sealed."""
    import_and_wait(qtbot, window, [str(p) for p in sample_paths()])
    return window


@pytest.fixture
def demo(qtbot, technical):  # type: ignore[no-untyped-def]
    """The window with the bundled sample imported, its technical evaluation approved and its financial covers
    opened: the sample's award."""
    assert technical.stage_flows.approve_as("test member")
    open_prices_and_wait(qtbot, technical)
    return technical


@pytest.fixture
def decisions_path() -> Path:
    return sample_decisions_path()


@pytest.fixture
def single(qtbot, window, tmp_path):  # type: ignore[no-untyped-def]
    """The window on the sample in one cover (`[process] covers = 1`, the single pass): each bid's form holds its
    price, and every change re-evaluates the award at once. For the tests that change the evaluation and watch the
    award follow; under two covers such changes are made at the technical stage, before the prices are opened."""
    from repm_bids.domain.scheme import Scheme
    from tests.one_cover import write_one_cover_sample

    window.session.set_scheme(Scheme(covers=1))
    folder = write_one_cover_sample(tmp_path / "one cover")
    import_and_wait(qtbot, window, sorted(str(p) for p in (folder / "bids").iterdir()))
    return window
