"""Export never replaces an input file: the submitted bid forms are the evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

from repm_bids.services.samples import sample_paths
from tests.gui.conftest import import_and_wait


def test_export_onto_a_bid_file_is_refused_and_the_file_is_untouched(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    copies = [Path(shutil.copy(p, tmp_path / p.name)) for p in sample_paths()[:3]]
    import_and_wait(qtbot, window, [str(p) for p in copies])
    victim = copies[0]
    before = victim.read_bytes()
    with qtbot.waitSignal(window.files.export_done, timeout=20_000) as blocker:
        window.files.export_award(str(victim))
    assert isinstance(blocker.args[0], Exception)
    assert "one of the inputs of this evaluation" in str(blocker.args[0])
    assert victim.read_bytes() == before
