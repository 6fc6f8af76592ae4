"""Render the application's main views on the bundled sample to PNG files (offscreen, QWidget.grab()).

    python tools/screenshots.py [OUT_DIR] [--scale 2] [--only bids,ranking]

Writes into docs/screenshots/ by default. With --scale 2 the names end in "@2x" and the window is drawn as at 200%
display scaling (QT_SCALE_FACTOR=2). Settings go to a temporary folder, so a member's own settings are never used.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", default="", help="comma-separated shot names")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("REPM_BIDS_USER", "Member Secretary")
    if args.scale != 1:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtCore import QSettings

    tmp = tempfile.mkdtemp(prefix="repm-shots-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
    os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")  # the untitled sample is kept there, not in the user's

    from repm_bids.gui.app import make_app
    from repm_bids.gui.main_window import AUDIT_TAB, BIDS_TAB, PROBLEMS_TAB, RANKING_TAB, MainWindow
    from repm_bids.services.samples import sample_decisions_path, sample_paths, sample_price_paths

    app = make_app([sys.argv[0]])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1 else f"@{args.scale:g}x"
    only = {s for s in args.only.split(",") if s}
    written: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(name: str, widget) -> None:  # type: ignore[no-untyped-def]
        if only and name not in only:
            return
        settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    w = MainWindow()
    w.resize(1366, 768)  # the committee room's laptops
    w.show()
    shot("01-first-step", w)

    def idle() -> None:
        """Until the background work (reading, evaluating) is done and shown."""
        while w.files.import_task is not None or w.files.decisions_task is not None or w.evaluating:
            app.processEvents()
            time.sleep(0.01)
        settle()

    w.open_demo()
    idle()
    w.files.import_decisions(str(sample_decisions_path()))
    idle()
    assert w.evaluation is not None and w.evaluation.summary.bids_received == len(sample_paths())
    # the technical stage: the strip says where the evaluation stands; no price anywhere
    w.tabs.setCurrentIndex(BIDS_TAB)
    w.scheme_dock.hide()  # Ctrl+K: the bids view gets the whole width
    w.bids.select_ref("REPM-2026-010")
    w.detail.focus_field("commissioning_months")
    shot("02-bids-and-detail", w)
    shot("10-stage-strip", w.stage_flows.bar)

    w.bids.select_ref("REPM-2026-008")
    w.detail.checks.setFocus()
    shot("03-bid-checks", w)

    w.tabs.setCurrentIndex(RANKING_TAB)
    w.scheme_dock.show()
    shot("10b-technical-stage", w)

    # the scheme panel with a validation message beside the field (the scheme is changed before the approval)
    panel = w.scheme_panel
    tw = panel.editors["technical_weight"]
    panel.editors["method"].setCurrentIndex(1)  # QCBS
    tw.setValue(0.9)  # above GFR's 0.8: not applied, the message says why
    panel.scroll_area.ensureWidgetVisible(tw, 50, 200)
    shot("06-scheme-validation", w)
    w.undo_stack.undo()  # back to LCS
    panel.set_scheme(w.session.scheme)

    w.tabs.setCurrentIndex(BIDS_TAB)
    w.bids.select_ref("REPM-2026-005")
    dialog = w.ask_decision()
    if dialog is not None:
        settle()
        shot("07-decision-dialog", dialog)
        dialog.reject()

    # saved; approved; the financial covers opened: the ranking and the award
    w.saved_flows.save_as(str(Path(tmp) / "sample-evaluation.repm"))
    w.stage_flows.approve_as("R. Sharma (Chair)")
    settle()
    shot("11-stage-approved", w.stage_flows.bar)
    w.stage_flows.open_covers([str(p) for p in sample_price_paths()])
    w.runner.wait(30_000)
    settle()
    assert w.evaluation is not None and w.evaluation.stage == "prices_opened"
    w.tabs.setCurrentIndex(RANKING_TAB)
    w.scheme_dock.hide()
    shot("04-ranking-and-award", w)
    shot("12-stage-prices-opened", w.stage_flows.bar)

    w.tabs.setCurrentIndex(PROBLEMS_TAB)
    shot("05-files-and-problems", w)

    w.tabs.setCurrentIndex(RANKING_TAB)
    w.scheme_dock.show()
    shot("04b-ranking-with-scheme-panel", w)

    w.saved_flows.flush()  # stored on the writer's thread
    settle()
    w.tabs.setCurrentIndex(AUDIT_TAB)
    w.scheme_dock.hide()
    w.audit_changed()
    shot("08-audit-trail", w)

    # right-click on a bid: decision, copy, open the source file, show in folder, remove
    w.tabs.setCurrentIndex(BIDS_TAB)
    w.bids.select_ref("REPM-2026-007")
    view = w.bids.table
    rect = view.visualRect(view.currentIndex())
    menu = w.table_menus.show(view, rect.center())
    settle()
    if not only or "09-context-menu" in only:
        from PySide6.QtGui import QPainter

        image = w.grab()
        painter = QPainter(image)
        at = view.viewport().mapTo(w, rect.center())
        painter.drawPixmap(at, menu.grab())  # offscreen, a popup is its own window: drawn where it opens
        painter.end()
        path = out / f"09-context-menu{suffix}.png"
        image.save(str(path))
        written.append(path)
    menu.close()

    # a small screen: the charts keep their minimum size and the ranking scrolls
    w.resize(1024, 700)
    w.tabs.setCurrentIndex(RANKING_TAB)
    w.scheme_dock.show()
    shot("10-ranking-at-1024x700", w)

    w.close()

    # a tie for the last award, in a second window: the sample with 010's commissioning verified, 005 quoting 004's
    # ₹1,810 in the portal's statement and both received in the same second (as in the README's walk)
    t = MainWindow()
    t.resize(1366, 768)
    t.show()
    tie = Path(tmp) / "tie"
    tie.mkdir()
    (tie / "statement.csv").write_text("Bid reference,Quoted incentive (INR per kg)\nREPM-2026-005,1810\n")
    times = {f"REPM-2026-{i:03d}": f"29-06-2026 10:{i:02d}" for i in range(1, 11)}
    times["REPM-2026-005"] = times["REPM-2026-004"]
    (tie / "receipts.csv").write_text("Bid reference,Received at\n" + "".join(f"{r},{a}\n" for r, a in times.items()))
    t.open_demo()
    while t.files.import_task is not None or t.evaluating:
        app.processEvents()
        time.sleep(0.01)
    t.saved_flows.save_as(str(tie / "tie.repm"))  # saved: closing the window asks nothing
    t.stage_flows.award.import_receipts(str(tie / "receipts.csv"))
    t.runner.wait(30_000)
    settle()
    t.stage_flows.record_clarification("REPM-2026-010", "commissioning_months", "18", "The covering letter gives 18")
    t.stage_flows.approve_as("R. Sharma (Chair)")
    covers = [str(p) for p in sample_price_paths() if not p.name.startswith("REPM-2026-005")]
    t.stage_flows.open_covers([*covers, str(tie / "statement.csv")])
    t.runner.wait(30_000)
    settle()
    assert t.evaluation is not None and t.evaluation.pending_ties()
    t.tabs.setCurrentIndex(RANKING_TAB)
    shot("13-stage-tie", t.stage_flows.bar)
    draw = t.stage_flows.award.ask_draw()
    assert draw is not None
    draw.order.setCurrentRow(1)
    draw.move_selected(-1)
    draw.witnesses.setText("A. Rao (Vindhya) and S. Iyer (Coromandel)")
    shot("13-record-draw", draw)
    order, witnesses = draw.choice()
    draw.reject()
    t.stage_flows.award.record_draw(order, witnesses)
    settle()
    withdraw = t.stage_flows.award.ask_withdraw("REPM-2026-001")
    assert withdraw is not None
    withdraw.reason.setText("Letter of 15-07-2026: the board withdrew the bid")
    shot("14-withdraw-awardee", withdraw)
    withdraw.reject()
    t.saved_flows.flush()
    t.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
