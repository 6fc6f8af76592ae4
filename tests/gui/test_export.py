"""Exporting the award workbook and the JSON result in the background, with clear success and failure messages."""

from __future__ import annotations

import json
import zipfile

from PySide6.QtWidgets import QMessageBox


def test_export_writes_the_award_workbook(qtbot, demo, tmp_path):
    target = tmp_path / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=30_000) as blocker:
        assert demo.files.export_award(str(target)) is not None
    assert blocker.args[0] == target
    assert target.is_file()
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
    assert any(n.startswith("xl/worksheets/") for n in names)
    box = demo.files.last_message
    assert box.icon() == QMessageBox.Icon.Information
    assert str(target) in box.text()
    assert any(b.text() == "Open folder" for b in box.buttons())


def test_export_json(qtbot, demo, tmp_path):
    target = tmp_path / "result.json"
    with qtbot.waitSignal(demo.files.export_done, timeout=30_000):
        demo.files.export_json(str(target))
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["summary"]["bids_received"] == 10


def test_a_failed_export_is_a_plain_message(qtbot, demo, tmp_path):
    target = tmp_path / "no-such-folder" / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=30_000) as blocker:
        demo.files.export_award(str(target))
    assert isinstance(blocker.args[0], Exception)
    box = demo.files.last_message
    assert box.icon() == QMessageBox.Icon.Warning
    assert "was not written" in box.windowTitle()
    assert "Traceback" not in box.text() and box.text()
    assert not target.exists()
