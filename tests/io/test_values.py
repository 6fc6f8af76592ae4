"""Contract 1.4, one value at a time: what is accepted (with its note) and what is refused (with its sentence)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.io.values import clean_text, read_value

CAP = FIELDS_BY_KEY["capacity"]
NET = FIELDS_BY_KEY["net_worth_cr"]
QUOTE = FIELDS_BY_KEY["quoted_incentive"]
DVA = FIELDS_BY_KEY["dva_pct"]
LEAD = FIELDS_BY_KEY["lead_equity_pct"]
MONTHS = FIELDS_BY_KEY["commissioning_months"]
DPR = FIELDS_BY_KEY["dpr_submitted"]
WHEN = FIELDS_BY_KEY["submitted_at"]
TYPE = FIELDS_BY_KEY["bidder_type"]
NAME = FIELDS_BY_KEY["bidder_name"]
REG = FIELDS_BY_KEY["registration_no"]


@pytest.mark.parametrize(
    ("spec", "raw", "value"),
    [
        (CAP, 1200, 1200.0),
        (CAP, 1200.0, 1200.0),
        (CAP, "1200", 1200.0),
        (CAP, "1,200", 1200.0),
        (CAP, " 1,200 MTPA ", 1200.0),
        (CAP, "1200\u00a0MTPA", 1200.0),
        (CAP, "1,200 tonnes per annum", 1200.0),
        (NET, "1,20,000", 120000.0),
        (NET, "INR 310 crore", 310.0),
        (NET, "Rs. 310 cr", 310.0),
        (NET, "₹ 1,890", 1890.0),
        (NET, "₹1,890.50 crore", 1890.5),
        (QUOTE, "Rs. 2,000/kg", 2000.0),
        (QUOTE, "₹ 1,950", 1950.0),
        (QUOTE, "1950 INR per kg", 1950.0),
    ],
)
def test_numbers_accepted(spec, raw, value):
    r = read_value(spec, raw)
    assert r.error is None
    assert r.value == value
    assert isinstance(r.value, float)
    if isinstance(raw, str) and raw.strip() != str(int(value)):
        assert r.note and "read '" in r.note


@pytest.mark.parametrize(
    ("spec", "raw", "words"),
    [
        (CAP, "twelve hundred", "must be a number; found 'twelve hundred'"),
        (CAP, "1200 or 1100", "one number"),
        (CAP, "1.2 kt", "the unit 'kt'"),
        (QUOTE, "1950 USD", "the unit 'USD'"),
        (NET, "1,5", "digit grouping"),
        (NET, "12,00,0", "digit grouping"),
        (CAP, True, "a yes/no value"),
        (CAP, datetime(2026, 1, 1), "date or time"),
        (CAP, "1e400", "written with an exponent; write the number in full"),
        (CAP, "-600", "-600 is negative, which this field cannot plausibly hold"),
        (CAP, -600, "-600 is negative"),
        (CAP, float("inf"), "not a usable number"),
        (CAP, float("nan"), "not a usable number"),
        (CAP, "inf", "must be a number"),
        (CAP, "nan", "must be a number"),
    ],
)
def test_numbers_refused(spec, raw, words):
    r = read_value(spec, raw)
    assert r.value is None
    assert r.error and words in r.error
    assert r.error.startswith(spec.label)


def test_whole_months():
    assert read_value(MONTHS, 18).value == 18
    assert read_value(MONTHS, "18 months").value == 18
    assert isinstance(read_value(MONTHS, 18.0).value, int)
    bad = read_value(MONTHS, 18.5)
    assert bad.value is None and "must be a whole number of months; found '18.5'" in bad.error
    assert "whole number" in read_value(MONTHS, "18.5 months").error


@pytest.mark.parametrize(
    ("raw", "percent_cell", "value"),
    [
        (0.51, True, 51.0),
        (0.515, True, 51.5),
        (1, True, 100.0),
        ("51%", False, 51.0),
        ("51 %", False, 51.0),
        ("0.5%", False, 0.5),
        (51, False, 51.0),
        ("51", False, 51.0),
        (1, False, 1.0),
        (100, False, 100.0),
        (0, False, 0.0),
        (51, True, 51.0),  # pasted as points into a percent cell (shown as 5100%): noted
    ],
)
def test_percent_accepted(raw, percent_cell, value):
    r = read_value(DVA, raw, percent_cell=percent_cell)
    assert r.error is None and r.value == pytest.approx(value)
    if percent_cell and raw <= 1:
        assert r.note == f"percent cell {raw} read as {value:g}%"
    elif percent_cell:
        assert r.note == "percent cell holds 51 (shown as 5100%); read as 51%"


@pytest.mark.parametrize(
    ("raw", "percent_cell", "words"),
    [
        (0.51, False, "0.51 is ambiguous; write the percentage as '51%'"),
        ("0.51", False, "ambiguous"),
        (151, False, "from 0 to 100"),
        (151, True, "the cell shows 15100%"),
        (-0.2, True, "the cell shows -20%"),
        ("51 percent", False, "the unit 'percent'"),
        ("fifty", False, "must be a number"),
    ],
)
def test_percent_refused(raw, percent_cell, words):
    r = read_value(LEAD, raw, percent_cell=percent_cell)
    assert r.value is None and words in r.error and r.error.startswith(LEAD.label)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("yes", True),
        ("YES", True),
        ("Y", True),
        ("true", True),
        ("1", True),
        (1, True),
        (True, True),
        ("no", False),
        ("No", False),
        ("n", False),
        ("FALSE", False),
        ("0", False),
        (0.0, False),
        (False, False),
    ],
)
def test_yes_no_accepted(raw, value):
    r = read_value(DPR, raw)
    assert r.error is None and r.value is value


@pytest.mark.parametrize("raw", ["maybe", "yes please", "2", 2, "si"])
def test_yes_no_refused(raw):
    r = read_value(DPR, raw)
    assert r.value is None and r.error.startswith("Detailed Project Report submitted must be Yes or No; found")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (datetime(2026, 6, 29, 10, 15), datetime(2026, 6, 29, 10, 15)),
        (date(2026, 6, 29), datetime(2026, 6, 29)),
        ("2026-06-29 10:15", datetime(2026, 6, 29, 10, 15)),
        ("2026-06-29T10:15:30", datetime(2026, 6, 29, 10, 15, 30)),
        ("2026-06-29", datetime(2026, 6, 29)),
        ("29/06/2026 10:15", datetime(2026, 6, 29, 10, 15)),
        ("01/06/2026 10:15", datetime(2026, 6, 1, 10, 15)),  # day first: 1 June, not 6 January
        ("29-06-2026", datetime(2026, 6, 29)),
        ("29.06.2026 4:05 pm", datetime(2026, 6, 29, 16, 5)),
    ],
)
def test_dates_accepted(raw, value):
    r = read_value(WHEN, raw)
    assert r.error is None and r.value == value and r.value.tzinfo is None


@pytest.mark.parametrize("raw", ["June 29", "2026-13-01", "31/02/2026", "tomorrow", "06/29/2026 10:15", 46202.4])
def test_dates_refused(raw):
    r = read_value(WHEN, raw)
    assert r.value is None and r.error.startswith("Submitted at must be a date and time")


def test_choice_normalised_and_refused():
    r = read_value(TYPE, " consortium ")
    assert r.value == "Consortium" and "read ' consortium ' as Consortium" in r.note
    bad = read_value(TYPE, "LLP")
    assert bad.error == "Bidder type must be one of Company, Consortium; found 'LLP'."


def test_text_cleaned():
    r = read_value(NAME, "  Shakti\u200b  Magnetics\u202e\n Ltd ")
    assert r.value == "Shakti Magnetics Ltd"
    assert "zero-width characters removed" in r.note and "text-direction control characters removed" in r.note
    assert read_value(NAME, "Cafe\u0301").value == "Café"  # NFC
    assert read_value(REG, 12345.0).value == "12345"


def test_text_over_cell_limit():
    r = read_value(NAME, "x" * 40_000)
    assert r.value is None and "more than the 32,767 a spreadsheet cell can hold" in r.error


def test_empty_is_missing():
    for raw in (None, "", "   ", "\u200b"):
        r = read_value(CAP, raw)
        assert r.missing


def test_clean_text_plain():
    assert clean_text("a\t b") == ("a b", [])


@pytest.mark.parametrize(
    ("spec", "raw", "words"),
    [
        (NET, 3_750_000_000.0, "it looks like rupees, not crore: ₹375 crore?"),
        (FIELDS_BY_KEY["bid_security_cr"], 50_000_000, "₹5 crore?"),
        (FIELDS_BY_KEY["investment_cr"], "Rs. 7,80,00,00,000/-", "₹780 crore?"),
        (CAP, 1_200_000.0, "looks like kilograms, not tonnes: 1,200 MTPA?"),
    ],
)
def test_numeric_cells_outside_the_bounds_offer_the_likely_reading(spec, raw, words):
    r = read_value(spec, raw)
    assert r.value is None and words in r.error


@pytest.mark.parametrize(
    ("spec", "raw", "percent_cell"),
    [(CAP, 1e300, False), (DVA, 1e300, True), (DVA, 1e300, False), (LEAD, -1e200, True), (MONTHS, 1e20, False)],
)
def test_absurd_numbers_never_print_as_exponents_or_inf(spec, raw, percent_cell):
    r = read_value(spec, raw, percent_cell=percent_cell)
    assert r.value is None
    assert "e+" not in r.error and "inf" not in r.error.replace("information", "")
    assert "digit number" in r.error
