"""The application takes each scheme parameter's title, unit, bounds, choices and tooltip, the ranking's column
labels and the status colours from the same declarations as the scheme file and the award workbook."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QSpinBox

from repm_bids.domain import labels as L
from repm_bids.domain import palette
from repm_bids.domain.scheme import PARAMS
from repm_bids.gui import look
from repm_bids.gui.ranking_model import RankingTableModel, WaitlistTableModel
from repm_bids.gui.scheme_panel import LINKED_WEIGHTS, SchemePanel


@pytest.fixture
def panel(qtbot):
    w = SchemePanel()
    qtbot.addWidget(w)
    return w


def test_each_editor_is_labelled_and_explained_by_its_declaration(panel):
    labels = {lab.buddy(): lab for lab in panel.findChildren(QLabel) if lab.buddy() is not None}
    for info in PARAMS:
        editor = panel.editors[info.key]
        label = labels[editor]
        assert label.text() == f"{info.title}{' *' if info.assumed else ''}:"
        assert editor.accessibleName() == info.title
        tip = editor.toolTip()
        assert tip.startswith(info.meaning) and f"Source: {info.source} ({info.status})" in tip
        assert tip.endswith(f"Scheme file key: {info.name}")
        if info.rule():
            assert f"Must be {info.rule()}" in tip


def test_spin_boxes_take_the_declared_unit_and_bounds(panel):
    for info in PARAMS:
        editor = panel.editors[info.key]
        if not isinstance(editor, QSpinBox | QDoubleSpinBox):
            continue
        assert editor.suffix() == (f" {info.unit}" if info.unit else ""), info.key
        if info.key in LINKED_WEIGHTS:
            continue  # a weight of the linked pair takes any fraction; its bound is shown as a message
        if info.lo is not None:
            assert editor.minimum() == info.lo, info.key
        if info.hi is not None:
            assert editor.maximum() == info.hi, info.key
        if isinstance(editor, QDoubleSpinBox):
            assert editor.decimals() == info.decimals and editor.singleStep() == info.step, info.key


def test_choices_are_the_declared_ones(panel):
    for info in PARAMS:
        editor = panel.editors[info.key]
        if isinstance(editor, QComboBox):
            got = tuple((editor.itemData(i), editor.itemText(i)) for i in range(editor.count()))
            assert got == info.choices, info.key


def test_ranking_columns_are_the_declared_labels():
    headers = [c.title for c in RankingTableModel.COLUMNS]
    assert headers[RankingTableModel.CAPACITY] == L.CAPACITY_OFFERED.short_heading
    assert headers[RankingTableModel.QUOTE] == L.QUOTE.short_heading
    assert headers[RankingTableModel.LIABILITY] == L.LIABILITY.short_heading == "Liability (₹ crore)"
    assert headers[RankingTableModel.AWARDED] == L.AWARDED.heading
    assert [c.title for c in WaitlistTableModel.COLUMNS][WaitlistTableModel.QUOTE] == L.QUOTE.short_heading


def test_status_colours_are_the_palette():
    assert look.STATUS_FILL is palette.STATUS_FILL and look.STATUS_TEXT is palette.STATUS_TEXT
    assert look.ERROR_TEXT == palette.ERROR_TEXT and look.ERROR_FILL == palette.ERROR_FILL
