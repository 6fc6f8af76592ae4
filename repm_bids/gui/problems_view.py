"""Files and problems: the input files (removable) and every error and warning with where it was found."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from repm_bids.domain.models import InputFile, Problem, Severity
from repm_bids.domain.result import Evaluation
from repm_bids.gui.bids_view import fit_columns, make_table
from repm_bids.gui.detail_models import FilesTableModel, ProblemsTableModel
from repm_bids.gui.look import pane
from repm_bids.gui.table_model import SortProxy


class ProblemsProxy(SortProxy):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors_only = False

    def set_errors_only(self, on: bool) -> None:
        self.refilter(lambda: setattr(self, "errors_only", on))

    def accepts(self, row: Problem) -> bool:
        return not self.errors_only or row.severity is Severity.ERROR


class ProblemsView(QWidget):
    open_problem = Signal(object)  # Problem: show its bid at its field
    remove_file = Signal(object)  # InputFile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files_model = FilesTableModel(self)
        files_proxy = SortProxy(self)
        files_proxy.setSourceModel(self.files_model)
        self.files = make_table("Input files")
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files.setModel(files_proxy)
        self.files_proxy = files_proxy
        self.remove_button = QPushButton("Re&move file")
        self.remove_button.setAccessibleName("Remove the selected file and its bids")
        self.remove_button.clicked.connect(self._remove)
        self.files_label = QLabel()

        self.model = ProblemsTableModel(self)
        self.proxy = ProblemsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Problems")
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long path keeps its sheet and cell in view
        self.table.setModel(self.proxy)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.errors_only = QCheckBox("E&rrors only")
        self.errors_only.toggled.connect(self.proxy.set_errors_only)
        self.problems_label = QLabel()

        row = QHBoxLayout()
        row.addWidget(self.files_label, 1)
        row.addWidget(self.remove_button)
        top = pane(row, self.files)
        row2 = QHBoxLayout()
        row2.addWidget(self.problems_label, 1)
        row2.addWidget(self.errors_only)
        bottom = pane(row2, self.table)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("problems_split")
        self.split.addWidget(top)
        self.split.addWidget(bottom)
        self.split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self._sized = False

    def set_evaluation(self, evaluation: Evaluation) -> None:
        self.files_model.set_rows(list(evaluation.inputs))
        problems = list(evaluation.problems)
        self.model.set_rows(problems)
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        n = len(evaluation.inputs)
        self.files_label.setText(f"<b>Input files</b> ({n})")
        self.problems_label.setText(
            f"<b>Problems</b>: {errors} error{'s' * (errors != 1)}, {len(problems) - errors} "
            f"warning{'s' * (len(problems) - errors != 1)}. Double-click one to see it in its bid."
        )
        if problems and not self._sized:
            fit_columns(self.files, stretch=FilesTableModel.FOLDER)
            fit_columns(self.table, stretch=ProblemsTableModel.MESSAGE, cap=240)
            self._sized = True

    def selected_file(self) -> InputFile | None:
        idx = self.files.currentIndex()
        if not idx.isValid():
            return None
        return self.files_model.rows[self.files_proxy.mapToSource(idx).row()]

    def _remove(self) -> None:
        f = self.selected_file()
        if f is not None:
            self.remove_file.emit(f)

    def _activated(self, index: QModelIndex) -> None:
        p = self.model.rows[self.proxy.mapToSource(index).row()]
        self.open_problem.emit(p)
