"""The scheme panel: edits re-rank at once and are undoable; invalid values show a message beside the field and are
not applied; reset, load and save."""

from __future__ import annotations

import pytest

from repm_bids.domain.result import Status
from repm_bids.domain.scheme import METHODS, Scheme
from repm_bids.gui.main_window import RANKING_TAB
from repm_bids.gui.scheme_panel import CHOICES


@pytest.fixture
def demo(single):  # type: ignore[no-untyped-def]
    """These tests change the evaluation and watch the award follow at once: the sample in one cover."""
    return single


def ranked_refs(window) -> list[str]:
    return [o.bid_ref for o in window.evaluation.ranked()]


def test_choices_cover_every_allowed_value():
    assert {k for k, _ in CHOICES["method"]} == set(METHODS)


def test_switching_to_qcbs_re_ranks_and_undo_restores(demo):
    lcs = ranked_refs(demo)
    panel = demo.scheme_panel
    method = panel.editors["method"]
    method.setCurrentIndex(method.findData("qcbs"))
    assert demo.session.scheme.method == "qcbs"
    assert ranked_refs(demo) != lcs
    demo.tabs.setCurrentIndex(RANKING_TAB)
    assert demo.ranking.model.rows[0].combined_score is not None
    assert not demo.ranking.table.isColumnHidden(demo.ranking.model.COMBINED)
    demo.undo_stack.undo()
    assert demo.session.scheme.method == "lcs"
    assert ranked_refs(demo) == lcs
    assert panel.editors["method"].currentData() == "lcs"  # the panel follows the undo


def test_lowering_the_total_capacity_changes_the_award(demo):
    total = demo.scheme_panel.editors["total_capacity"]
    total.setValue(3000)
    assert demo.session.scheme.total_capacity == 3000
    assert demo.evaluation.summary.capacity_awarded <= 3000
    assert demo.status_labels["awarded"].text().endswith("of 3,000 MTPA")
    total.setValue(2400)  # the same field again: one undo step
    assert demo.undo_stack.count() == 1
    demo.undo_stack.undo()
    assert demo.session.scheme.total_capacity == 6000


def test_an_invalid_value_shows_a_message_beside_the_field_and_is_not_applied(demo):
    panel = demo.scheme_panel
    panel.editors["method"].setCurrentIndex(panel.editors["method"].findData("qcbs"))
    panel.editors["technical_weight"].setValue(0.9)  # GFR rule 192: at most 0.8
    assert demo.session.scheme.technical_weight == 0.8
    assert "0.8" in panel.problems()["technical_weight"]
    assert panel.messages["technical_weight"].isVisibleTo(panel)
    assert panel.summary.isVisibleTo(panel)
    panel.editors["technical_weight"].setValue(0.7)
    assert panel.problems() == {}
    assert demo.session.scheme.technical_weight == 0.7
    assert abs(demo.session.scheme.financial_weight - 0.3) < 1e-9  # kept summing to 1


def test_criteria_weights_must_sum_to_one(demo):
    panel = demo.scheme_panel
    crit = panel.editors["criteria"]
    crit.rows[0][1].setValue(0.5)
    assert "criteria" in panel.problems()
    assert "must be 1" in crit.sum.text()
    crit.rows[1][1].setValue(0.5)
    assert panel.problems() == {}
    assert [c.weight for c in demo.session.scheme.criteria] == [0.5, 0.5]


def test_tie_break_order_is_reorderable(demo):
    tie = demo.scheme_panel.editors["tie_break"]
    tie.list.setCurrentRow(1)
    tie.up.click()
    assert demo.session.scheme.tie_break == ("received_at", "capacity_desc", "draw")
    demo.undo_stack.undo()
    assert demo.session.scheme.tie_break == ("capacity_desc", "received_at", "draw")
    tie.list.setCurrentRow(2)
    tie.up.click()  # the committee's draw settles what the other rules leave: it comes last
    assert "after draw" in demo.scheme_panel.problems()["tie_break"]
    assert demo.session.scheme.tie_break == ("capacity_desc", "received_at", "draw")


def test_units_come_from_params(demo):
    assert demo.scheme_panel.editors["incentive_ceiling"].suffix() == " ₹/kg"
    assert demo.scheme_panel.editors["max_commissioning_months"].suffix() == " months"


def test_reset_save_and_load_a_scheme_file(demo, tmp_path):
    panel = demo.scheme_panel
    panel.editors["max_beneficiaries"].setValue(3)
    assert demo.evaluation.summary.beneficiaries == 3
    path = tmp_path / "three.toml"
    assert demo.files.save_scheme(str(path))
    panel.reset.click()
    assert demo.session.scheme == Scheme()
    assert demo.files.load_scheme(str(path))
    assert demo.session.scheme.max_beneficiaries == 3
    assert panel.editors["max_beneficiaries"].value() == 3
    assert sum(o.status in (Status.AWARDED, Status.PARTIAL) for o in demo.evaluation.outcomes) == 3


def test_a_bad_scheme_file_is_a_message_not_a_change(demo, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[scheme]\ntotal_capacity = -5\nbogus = 1\n", encoding="utf-8")
    assert not demo.files.load_scheme(str(bad))
    assert demo.session.scheme == Scheme(covers=1)  # as it was
    box = demo.files.last_message
    assert box is not None and "bogus" in box.text()


def test_the_panel_marks_what_the_committee_changed_beside_published_and_assumed_values(demo):
    panel = demo.scheme_panel
    assert panel.labels["incentive_ceiling"].text() == "Incentive ceiling:"  # published, unchanged
    assert panel.labels["price_paid"].text() == "Price paid *:"  # an assumed default
    paid = panel.editors["price_paid"]
    paid.setCurrentIndex(paid.findData("l1_rate"))
    assert demo.session.scheme.price_paid == "l1_rate"
    assert panel.labels["price_paid"].text() == "Price paid * (changed):" and panel.labels["price_paid"].font().bold()
    forms = panel.editors["bid_security_forms"]
    forms.setText("BG, demand draft")
    forms.editingFinished.emit()
    assert demo.session.scheme.bid_security_forms == ("Bank guarantee", "Demand draft")
    demo.undo_stack.undo()
    demo.undo_stack.undo()
    assert panel.labels["price_paid"].text() == "Price paid *:"  # the panel follows the undo
