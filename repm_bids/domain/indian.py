"""Figures as an Indian reader expects them, in one place: digit grouping in lakhs and crores (1,20,000), the rupee
written ₹ and nowhere else another way, and amounts in words in the Indian system (crore, lakh, thousand, hundred).

Every document the committee signs or sends takes its figures from here, so the workbook, the letters and the
text reports cannot drift apart.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

RUPEE = "₹"
CRORE = 10**7
LAKH = 10**5

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def group_digits(digits: str) -> str:
    """'9666300' -> '96,66,300': the last three digits, then pairs."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail])


def indian_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """A figure with Indian grouping, rounded half up: -143467.22 -> '-1,43,467.22'; None or not finite -> ''."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    exact = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # never "-0.00"
    sign = "-" if exact < 0 else ""
    text = f"{abs(exact):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return f"{sign}{group_digits(whole)}" + (f".{frac}" if frac else "")


def rupees(value: float | int | Decimal | None, decimals: int = 2) -> str:
    """₹ and the figure: 1640 -> '₹1,640.00'; a negative amount puts the sign first: '-₹12.50'."""
    text = indian_number(value, decimals)
    if not text:
        return ""
    return f"-{RUPEE}{text[1:]}" if text.startswith("-") else f"{RUPEE}{text}"


def crore(value: float | int | Decimal | None, decimals: int = 2) -> str:
    """An amount held in crore: 4750.5 -> '₹4,750.50 crore'."""
    text = rupees(value, decimals)
    return f"{text} crore" if text else ""


def _decimal(value: float | int | Decimal) -> Decimal:
    # through repr for floats: 4750.5 is 4750.5, not the binary fraction beside it
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)


def _below_hundred(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [f"{_ONES[hundreds]} hundred"] if hundreds else []
    if rest:
        words.append(_below_hundred(rest))
    return words


def number_in_words(n: int) -> str:
    """A whole number in the Indian system: 47505000000 -> 'four thousand seven hundred fifty crore fifty lakh'.
    A count of crores of a crore or more is itself spelt the same way ('one lakh crore')."""
    if n < 0:
        return "minus " + number_in_words(-n)
    if n == 0:
        return "zero"
    words: list[str] = []
    crores, rest = divmod(n, CRORE)
    if crores:
        words.append(number_in_words(crores) + " crore")
    lakhs, rest = divmod(rest, LAKH)
    if lakhs:
        words.append(_below_hundred(lakhs) + " lakh")
    thousands, rest = divmod(rest, 1000)
    if thousands:
        words.append(_below_hundred(thousands) + " thousand")
    words.extend(_below_thousand(rest))
    return " ".join(words)


def rupees_in_words(amount: float | int | Decimal) -> str:
    """An amount of rupees in words, rounded to the paisa:
    1234.5 -> 'Rupees one thousand two hundred thirty-four and fifty paise only'."""
    if isinstance(amount, float) and not math.isfinite(amount):
        raise ValueError(f"{amount} is not an amount")
    paise_total = int((_decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    whole, paise = divmod(abs(paise_total), 100)
    body = number_in_words(whole)
    if paise:
        body += f" and {number_in_words(paise)} paise"
    return f"{'Minus rupees' if paise_total < 0 else 'Rupees'} {body} only"


def crore_in_words(amount_crore: float | int | Decimal) -> str:
    """An amount held in crore, in words: 4750.5 -> 'Rupees four thousand seven hundred fifty crore fifty lakh only'."""
    return rupees_in_words(_decimal(amount_crore) * CRORE)
