"""Indian figures and amounts in words, against spellings written out by hand."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from repm_bids.domain.indian import crore, crore_in_words, indian_number, number_in_words, rupees, rupees_in_words
from repm_bids.domain.local_time import local_date_text, local_iso, local_naive, local_text, zone

RUPEES_IN_WORDS = [
    (0, "Rupees zero only"),
    (0.5, "Rupees zero and fifty paise only"),
    (0.01, "Rupees zero and one paise only"),
    (1, "Rupees one only"),
    (15, "Rupees fifteen only"),
    (21, "Rupees twenty-one only"),
    (100, "Rupees one hundred only"),
    (101, "Rupees one hundred one only"),
    (999, "Rupees nine hundred ninety-nine only"),
    (1000, "Rupees one thousand only"),
    (1234.56, "Rupees one thousand two hundred thirty-four and fifty-six paise only"),
    (10_000, "Rupees ten thousand only"),
    (99_999, "Rupees ninety-nine thousand nine hundred ninety-nine only"),
    (100_000, "Rupees one lakh only"),
    (120_000, "Rupees one lakh twenty thousand only"),
    (2_500_000, "Rupees twenty-five lakh only"),
    (9_999_999, "Rupees ninety-nine lakh ninety-nine thousand nine hundred ninety-nine only"),
    (10_000_000, "Rupees one crore only"),
    (10_000_001, "Rupees one crore one only"),
    (10_100_000, "Rupees one crore one lakh only"),
    (123_456_789, "Rupees twelve crore thirty-four lakh fifty-six thousand seven hundred eighty-nine only"),
    (1_000_000_000, "Rupees one hundred crore only"),
    (64_500_000_000, "Rupees six thousand four hundred fifty crore only"),
    (10_000_000_000_000, "Rupees ten lakh crore only"),
    (1_000_000_000_000, "Rupees one lakh crore only"),
    (Decimal("12.345"), "Rupees twelve and thirty-five paise only"),  # half up to the paisa
    (12.999, "Rupees thirteen only"),
    (-250, "Minus rupees two hundred fifty only"),
]


@pytest.mark.parametrize(("amount", "words"), RUPEES_IN_WORDS)
def test_rupees_in_words(amount, words):
    assert rupees_in_words(amount) == words


CRORE_IN_WORDS = [
    (4750.5, "Rupees four thousand seven hundred fifty crore fifty lakh only"),
    (6450, "Rupees six thousand four hundred fifty crore only"),
    (984, "Rupees nine hundred eighty-four crore only"),
    (1, "Rupees one crore only"),
    (0.5, "Rupees fifty lakh only"),
    (0.01, "Rupees one lakh only"),
    (1000, "Rupees one thousand crore only"),
    (7280, "Rupees seven thousand two hundred eighty crore only"),
    (862.5, "Rupees eight hundred sixty-two crore fifty lakh only"),
    (1035.123456, "Rupees one thousand thirty-five crore twelve lakh thirty-four thousand five hundred sixty only"),
    (100_000, "Rupees one lakh crore only"),
]


@pytest.mark.parametrize(("amount", "words"), CRORE_IN_WORDS)
def test_crore_in_words(amount, words):
    assert crore_in_words(amount) == words


def test_number_in_words_spells_large_crore_counts_in_the_same_system():
    assert number_in_words(1_234_567 * 10**7 + 89_12_345) == (
        "twelve lakh thirty-four thousand five hundred sixty-seven crore eighty-nine lakh twelve thousand "
        "three hundred forty-five"
    )


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1,000"),
        (100000, 0, "1,00,000"),
        (120000, 0, "1,20,000"),
        (9666300, 0, "96,66,300"),
        (-143467.22, 2, "-1,43,467.22"),
        (-999.5, 0, "-1,000"),
        (12345678901, 2, "12,34,56,78,901.00"),
        (4750.5, 2, "4,750.50"),
        (2.675, 2, "2.68"),  # half up, as written, not the binary fraction below it
        (-0.001, 2, "0.00"),
        (None, 2, ""),
        (float("nan"), 2, ""),
        (float("inf"), 0, ""),
    ],
)
def test_indian_number(value, decimals, text):
    assert indian_number(value, decimals) == text


def test_rupee_and_crore_spelling():
    assert rupees(1640) == "₹1,640.00"
    assert rupees(-143467.22) == "-₹1,43,467.22"
    assert rupees(2150, 0) == "₹2,150"
    assert crore(4750.5) == "₹4,750.50 crore"
    assert crore(None) == ""


def test_times_are_shown_in_india_by_default_and_labelled():
    late = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
    assert local_text(late) == "02-12-2026 02:30 IST"
    assert local_text(late, seconds=True) == "02-12-2026 02:30:00 IST"
    assert local_date_text(late) == "02-12-2026"
    assert local_iso(late) == "2026-12-02T02:30:00+05:30"
    assert local_naive(late) == datetime(2026, 12, 2, 2, 30)
    assert local_text(datetime(2026, 12, 1, 21, 0)) == "02-12-2026 02:30 IST"  # a naive record is UTC
    assert local_date_text(date(2026, 6, 30)) == "30-06-2026"
    assert local_text(None) == ""


def test_other_zones_are_labelled_by_name_or_offset():
    t = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert local_text(t, "UTC") == "01-07-2026 12:00 UTC"
    assert local_text(t, "Europe/London") == "01-07-2026 13:00 BST"
    assert local_text(t, "Asia/Dubai") == "01-07-2026 16:00 UTC+04:00"


def test_an_unknown_zone_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="not a time zone name"):
        zone("Asia/Bombay Duck")
    with pytest.raises(ValueError, match="not a time zone name"):
        zone("../etc/passwd")


def test_recorded_times_are_shown_in_india():
    from repm_bids.domain.local_time import recorded_time_text

    assert recorded_time_text("2026-06-30T10:15:02.123Z") == "30-06-2026 15:45:02 IST"
    assert recorded_time_text("2026-06-30T10:15:02") == "30-06-2026 15:45:02 IST"
    assert recorded_time_text("yesterday") == "yesterday"
