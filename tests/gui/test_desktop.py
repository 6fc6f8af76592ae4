"""Desktop conventions: right-click menus on the tables, one decision for several bids, recent files with their full
paths, chart copy and PNG, printing and PDF, About with the licence and versions, Verify in the audit trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog

from repm_bids.domain.result import Status
from repm_bids.gui.main_window import RANKING_TAB
from tests.gui.conftest import import_and_wait


def _texts(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_every_table_has_a_context_menu(qtbot, demo):
    demo.update_all_views()
    demo.bids.select_ref("REPM-2026-007")
    menu = demo.table_menus.menu_for(demo.bids.table)
    texts = _texts(menu)
    assert texts[0] == "Committee &decision…" and "&Copy rows" in texts
    assert "&Open the source file" in texts and "Show in &folder" in texts and "&Remove…" in texts
    for table in (demo.problems.files, demo.problems.table, demo.ranking.table, demo.audit.table, demo.detail.checks):
        assert "&Copy rows" in _texts(demo.table_menus.menu_for(table))
    shown = demo.table_menus.show(demo.bids.table, QPoint(5, 5))
    assert shown.actions()
    shown.close()


def test_copy_from_the_context_menu(qtbot, demo):
    demo.bids.select_ref("REPM-2026-001")
    copy = next(a for a in demo.table_menus.menu_for(demo.bids.table).actions() if a.text() == "&Copy rows")
    copy.trigger()
    assert "REPM-2026-001" in QGuiApplication.clipboard().text()


def test_one_decision_for_several_selected_bids_is_one_undo_step(qtbot, single):
    demo = single  # one cover: the decision changes the award at once
    view = demo.bids.table
    demo.bids.select_ref("REPM-2026-004")
    demo.bids.select_ref("REPM-2026-005")
    sm = view.selectionModel()
    first = demo.bids.model.index(0, 0)
    sm.select(first, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    dialog = demo.ask_decision()
    assert "bids" in dialog.windowTitle()
    dialog.not_qualified.setChecked(True)
    dialog.remarks.setPlainText("Site inspection not passed")
    dialog.accept()
    decided = [r for r, d in demo.session.decisions.items() if d.qualified is False]
    assert len(decided) == 2 and demo.undo_stack.count() == 1
    assert all(demo.evaluation.outcome_for(r).status is Status.NON_RESPONSIVE for r in decided)
    demo.undo_stack.undo()
    assert demo.session.decisions == {}


def test_recent_files_show_the_full_path(qtbot, window, tmp_path):
    from repm_bids.services.samples import sample_paths

    import_and_wait(qtbot, window, [str(sample_paths()[0])])
    action = window.acts.recent_files.actions()[0]
    full = str(Path(sample_paths()[0]).resolve())
    assert full in action.toolTip() and action.statusTip() == full
    assert action.text().startswith("&1 ") and "—" in action.text()
    assert window.acts.recent_files.toolTipsVisible()


def test_the_chart_copies_and_saves_as_png(qtbot, demo, tmp_path):
    from repm_bids.gui.chart_menu import copy_chart, save_chart

    demo.tabs.setCurrentIndex(RANKING_TAB)
    chart = demo.ranking.chart.per_beneficiary
    copy_chart(chart)
    assert not QGuiApplication.clipboard().pixmap().isNull()
    assert save_chart(chart, str(tmp_path / "award"))
    assert (tmp_path / "award.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_print_through_the_print_dialog_and_export_pdf(qtbot, demo, tmp_path, monkeypatch):
    pdf = tmp_path / "printed.pdf"

    def accept(dialog):  # type: ignore[no-untyped-def]
        dialog.printer().setOutputFileName(str(pdf))  # as choosing "Print to file (PDF)" in the dialog does
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert demo.print_report()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    out = tmp_path / "report.pdf"
    with qtbot.waitSignal(demo.files.export_done, timeout=20_000) as written:
        assert demo.export_pdf(str(out)) is not None  # written on the thread pool, whole or not at all
    assert written.args == [out] and out.read_bytes()[:5] == b"%PDF-"


def test_about_names_the_licence_and_the_versions(qtbot, window):
    box = window.show_about()
    text = box.informativeText()
    assert "Licence" in text and "PySide6" in text and "Qt " in text and "Python" in text
    box.close()


def test_verify_is_recorded_in_the_audit_trail(qtbot, technical, tmp_path):
    demo = technical  # the technical stage's export, verified against the saved evaluation
    demo.saved_flows.save_as(str(tmp_path / "v.repm"))
    book = tmp_path / "award.xlsx"
    with qtbot.waitSignal(demo.files.export_done, timeout=30_000):
        demo.files.export_award(str(book))
    report = demo.verify_flow.verify(str(book))
    assert report.ok
    demo.saved_flows.flush()
    entry = demo.saved_flows.saved.audit_entries()[-1]
    assert entry.action == "verified" and entry.details["differences"] == 0
    assert entry.details["verdict"] == "the workbook matches"
