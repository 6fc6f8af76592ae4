"""No text is ever read as a number that differs from every number written in it by a power of ten (the slip that
read 'Rs.1890' as 0.189): whatever a bidder types, the value read is one of the numbers written, or it is refused.
The only other factor is a unit said in words (100 lakh = 1 crore)."""

from __future__ import annotations

import math
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.io.values import read_value

PIECES = [
    *"0123456789",
    *"१२३०",  # Devanagari
    *"１２０",  # full-width
    ",",
    ".",
    " ",
    "-",
    "/",
    "%",
    "e",
    "Rs",
    "Rs.",
    "₹",
    "INR",
    "INR.",
    "/-",
    "/kg",
    " per kg",
    " cr",
    " crore",
    " lakh",
    " MTPA",
    " months",
    "\u00a0",
]
KEYS = ("capacity", "net_worth_cr", "investment_cr", "bid_security_cr", "quoted_incentive", "commissioning_months")
RUN = re.compile(r"[0-9.,]+")


def written_numbers(text: str) -> set[float]:
    """Every number a reader of the text sees: each run of digits, commas and points, its grouping commas dropped and
    a point at either end of it taken as punctuation."""
    ascii_text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    found = set()
    for run in RUN.findall(ascii_text):
        digits = run.strip(".,").replace(",", "")
        try:
            found.add(float(digits))
        except ValueError:
            continue
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join), st.sampled_from(KEYS))
def test_never_a_power_of_ten_away(text, key):
    r = read_value(FIELDS_BY_KEY[key], text)
    if r.value is None:
        return
    factors = [1.0, 0.01] if "lakh" in text else [1.0]
    numbers = written_numbers(text)
    assert any(math.isclose(abs(r.value), n * f, rel_tol=1e-12, abs_tol=1e-12) for n in numbers for f in factors), (
        f"{text!r} read as {r.value}, which is none of {sorted(numbers)}"
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join))
def test_percent_never_a_power_of_ten_away(text):
    r = read_value(FIELDS_BY_KEY["dva_pct"], text)
    if r.value is None:
        return
    assert any(math.isclose(r.value, n, abs_tol=1e-9) for n in written_numbers(text)), (text, r.value)


def test_the_slips_of_the_past_are_caught():
    quote = FIELDS_BY_KEY["quoted_incentive"]
    for text in ("Rs.1890", "Rs.1890/kg", "INR.1890"):
        assert read_value(quote, text).value == 1890.0
    assert read_value(FIELDS_BY_KEY["net_worth_cr"], "Rs.375 Cr").value == 375.0
