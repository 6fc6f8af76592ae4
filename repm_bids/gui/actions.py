"""The window's actions, menus (File, Edit, View, Help) and toolbar, declared in one place with their shortcuts.

Shortcuts: Ctrl+O imports bid files and Ctrl+Shift+O opens a saved evaluation, so the two never clash; Ctrl+E exports
the award workbook; Ctrl+Z / Ctrl+Shift+Z undo and redo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QToolBar

Key = QKeySequence.StandardKey


class Actions:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        style = window.style()
        sp = QStyle.StandardPixmap

        def act(
            text: str, shortcut: str | Key | None = None, tip: str = "", icon: QStyle.StandardPixmap | None = None
        ) -> QAction:
            a = QAction(text, window)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
                a.setToolTip(
                    f"{tip} ({a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" if shortcut else tip
                )
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            return a

        # File
        self.new = act("&New evaluation…", Key.New, "Start a new saved evaluation", sp.SP_FileIcon)
        self.open = act("&Open evaluation…", "Ctrl+Shift+O", "Open a saved evaluation (.repm)", sp.SP_DirOpenIcon)
        self.save_as = act("Save evaluation &as…", Key.SaveAs, "Save this evaluation in a .repm file")
        if self.save_as.shortcut().isEmpty():
            self.save_as.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.recent_saved = QMenu("Recent evalua&tions", window)
        self.import_files = act("&Import bid files…", Key.Open, "Import bid files", sp.SP_DialogOpenButton)
        self.import_folder = act(
            "Import a &folder…", "Ctrl+Shift+I", "Import every bid file in a folder", sp.SP_DirIcon
        )
        self.import_decisions = act(
            "Import committee &decisions…", "Ctrl+Shift+D", "Import a committee decisions file (.xlsx or .csv)"
        )
        self.recent_files = QMenu("&Recent bid files", window)
        self.open_demo = act("Open the &sample evaluation", None, "Import the bundled sample bids")
        self.export_award = act(
            "&Export award workbook…", "Ctrl+E", "Write the award statement workbook", sp.SP_DialogSaveButton
        )
        self.export_json = act("Export &JSON result…", "Ctrl+Shift+E", "Write the JSON result")
        self.print_report = act("&Print the report…", Key.Print, "Print the ranking and award (or print to a PDF file)")
        self.export_pdf = act("E&xport the report as PDF…", None, "Write the ranking and award as a PDF file")
        self.verify = act("&Verify an award workbook…", None, "Compare an award workbook with this saved evaluation")
        self.load_scheme = act("&Load scheme file…", None, "Use the parameters in a scheme file")
        self.save_scheme = act("Save sc&heme file…", None, "Write the scheme's parameters to a file")
        self.quit = act("&Quit", Key.Quit)
        if self.quit.shortcut().isEmpty():
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        # Edit
        self.undo: QAction | None = None  # made from the undo stack by the window
        self.redo: QAction | None = None
        self.decide = act("Committee &decision…", "Ctrl+D", "Record the committee's decision on the selected bid")
        self.remove_bid = act("Re&move bid", Key.Delete, "Remove the selected bid from the evaluation")
        self.remove_file = act(
            "Remove &file", None, "Remove the selected bid's file (or the file selected) and its bids"
        )
        self.copy = act("&Copy rows", Key.Copy, "Copy the selected rows as tab-separated text")
        self.find = act("F&ind…", Key.Find, "Search the bids")
        self.reset_scheme = act("Reset &scheme to defaults", None, "Use the scheme's default parameters")
        self.set_user = act("Your &name in the audit trail…", None, "The name recorded with each change you make")
        # View
        self.show_bids = act("&Bids", "Ctrl+1", "Show the bids")
        self.show_ranking = act("&Ranking && award", "Ctrl+2", "Show the ranking and the award")
        self.show_problems = act("&Files && problems", "Ctrl+3", "Show the input files and every problem")
        self.show_audit = act("&Audit trail", "Ctrl+4", "Show the saved evaluation's audit trail")
        # Help
        self.getting_started = act("&Getting started", Key.HelpContents, "How to use repm-bids")
        self.about = act("&About repm-bids", None, "Version and licence")

    def build_menus(self, undo_actions: tuple[QAction, QAction], scheme_toggle: QAction) -> None:
        w = self.window
        self.undo, self.redo = undo_actions
        bar = w.menuBar()
        m = bar.addMenu("&File")
        for a in (self.new, self.open, self.save_as):
            m.addAction(a)
        m.addMenu(self.recent_saved)
        m.addSeparator()
        for a in (self.import_files, self.import_folder, self.import_decisions):
            m.addAction(a)
        m.addMenu(self.recent_files)
        m.addAction(self.open_demo)
        m.addSeparator()
        for a in (self.export_award, self.export_json, self.print_report, self.export_pdf, self.verify):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.load_scheme)
        m.addAction(self.save_scheme)
        m.addSeparator()
        m.addAction(self.quit)
        e = bar.addMenu("&Edit")
        e.addAction(self.undo)
        e.addAction(self.redo)
        e.addSeparator()
        for a in (self.decide, self.remove_bid, self.remove_file):
            e.addAction(a)
        e.addSeparator()
        e.addAction(self.copy)
        e.addAction(self.find)
        e.addSeparator()
        e.addAction(self.reset_scheme)
        e.addSeparator()
        e.addAction(self.set_user)
        v = bar.addMenu("&View")
        for a in (self.show_bids, self.show_ranking, self.show_problems, self.show_audit):
            v.addAction(a)
        v.addSeparator()
        v.addAction(scheme_toggle)
        h = bar.addMenu("&Help")
        h.addAction(self.getting_started)
        h.addAction(self.about)

        tb = QToolBar("Main toolbar", w)
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(tb.toolButtonStyle().ToolButtonTextBesideIcon)
        for a in (self.import_files, self.import_folder, self.import_decisions):
            tb.addAction(a)
        tb.addSeparator()
        tb.addAction(self.undo)
        tb.addAction(self.redo)
        tb.addSeparator()
        tb.addAction(self.export_award)
        tb.addSeparator()
        tb.addAction(scheme_toggle)
        w.addToolBar(tb)
        self.toolbar = tb

    def connect(self, handlers: dict[QAction, Callable[[], object]]) -> None:
        for action, fn in handlers.items():
            action.triggered.connect(lambda *_, f=fn: f())
