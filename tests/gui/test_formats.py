"""Indian formats on screen: digit grouping, ₹, counts and Indian Standard Time."""

from __future__ import annotations

from datetime import UTC, datetime

from repm_bids.gui.formats import fmt_count, fmt_when, indian, rupees
from repm_bids.gui.look import fmt_number, fmt_trim


def test_indian_grouping():
    assert indian(954300) == "9,54,300"
    assert indian(100000) == "1,00,000"
    assert indian(999) == "999" and indian(1000) == "1,000" and indian(0) == "0"
    assert indian(-1234567.891, 2) == "-12,34,567.89"
    assert indian(4750.5, 2) == "4,750.50" and indian(4750.5, 2, trim=True) == "4,750.5"
    assert fmt_number(954300.0) == "9,54,300" and fmt_trim(166.6667) == "166.67" and fmt_number(None) == ""


def test_rupees_counts_and_time():
    assert rupees(4750.5, 2, "cr") == "₹4,750.50 cr"
    assert fmt_count(1, "bid") == "1 bid" and fmt_count(12000, "bid") == "12,000 bids"
    assert fmt_when(datetime(2026, 12, 1, 12, 2, tzinfo=UTC)) == "01-12-2026 17:32 IST"
    assert fmt_when("2026-12-01T12:02:00+00:00") == "01-12-2026 17:32 IST"
    assert fmt_when("not a time") == "not a time" and fmt_when(None) == ""


def test_the_status_bar_uses_indian_grouping_and_rupees(demo):
    text = demo.status_labels["liability"].text()
    assert text.startswith("Liability: ₹") and "INR" not in text
