"""Numbers as bidders type them in Indian bid forms (the reading grammar in docs/bid-files.md).

A text is read as   [currency mark] [sign] number [/-] [unit] [/-] [.]
- currency marks `₹`, `Rs`, `Rs.`, `INR`, `INR.`, `Rupees`, with or without a space (money fields only; also just
  before or after the unit: `375 Cr`, `1950 INR per kg`);
- the number: ASCII or any other Unicode decimal digits (`१२००`, full-width `１２００`), grouped the Western way
  (`1,200,000`) or the Indian way (`12,00,000`), with a decimal point; never an exponent, never a leading decimal
  point (`.5` and `Rs..5` are refused: write `0.5`);
- `/-` (the rupee "and no paise" mark) after the number or the unit; one trailing full stop;
- a unit of the field in any case, spaces and dots ignored (`Cr.`, `MTPA.`, `per kg`); a crore field also takes
  `lakh` (converted: 100 lakh = 1 crore, with a note).
Anything else is refused with a sentence that says what to write.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from repm_bids.domain.fields import CURRENCY_MARKS, FieldSpec
from repm_bids.domain.inr import amount, indian


class Number(NamedTuple):
    value: float
    percent: bool  # written with a % sign
    note: str | None  # a conversion said in words (lakh to crore), or None


_FULL_WIDTH = str.maketrans({"，": ",", "．": ".", "－": "-", "＋": "+", "％": "%", "／": "/"})
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WESTERN = re.compile(r"\d{1,3}(?:,\d{3})+")
_INDIAN = re.compile(r"\d{1,2}(?:,\d{2})*,\d{3}")
_EXPONENT = re.compile(r"\s*[eE][-+]?\d")
_RUPEE_DASH_START = re.compile(r"^/\s*-")
_RUPEE_DASH_END = re.compile(r"/\s*-$")
_SIGNS = {"-": -1.0, "−": -1.0, "+": 1.0}


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit as its ASCII digit, full-width punctuation as ASCII; other characters kept."""
    if text.isascii():
        return text
    out = []
    for ch in text.translate(_FULL_WIDTH):
        if ch.isdecimal() and not ch.isascii():
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


def unit_key(text: str) -> str:
    """A unit compared without case, spaces or dots: 'Rs. 375 Cr.' -> units 'rs' and 'cr'."""
    return "".join(text.casefold().split()).replace(".", "")


def _units(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(unit_key(w) for w in words)


_CURRENCY_KEYS = tuple(sorted((unit_key(m) for m in CURRENCY_MARKS), key=len, reverse=True))


def _without_currency(key: str) -> tuple[str, bool]:
    """The unit key with one currency mark taken off its start or end, and whether one was."""
    for mark in _CURRENCY_KEYS:
        if key.startswith(mark):
            return key[len(mark) :], True
        if key.endswith(mark):
            return key[: -len(mark)], True
    return key, False


def parse_number(
    spec: FieldSpec, raw: str, text: str, *, allow_percent: bool = False
) -> Number | tuple[str, dict[str, Any]]:
    """A number read from cleaned cell text by the grammar above, or why not: a problem code and its figures."""
    shown = _short(raw)
    t = ascii_digits(text).strip()
    if t.endswith(".") and not t.endswith(".."):
        t = t[:-1].rstrip()  # a trailing full stop: '1000 MTPA.', '375 Cr.'
    first = _DIGIT.search(t)
    if first is None:
        return "not_a_number", {"found": shown}
    m = _TOKEN.match(t, first.start())
    assert m is not None  # a digit always starts a token
    prefix, token, rest = t[: m.start()], m.group(0), t[m.end() :]
    if _EXPONENT.match(rest):
        return "number_exponent", {"found": shown}
    if _DIGIT.search(rest) or rest.startswith(","):
        return "number_several", {"found": shown}
    sign, prefix = _sign(prefix.strip())
    if prefix.endswith(".") and not prefix[:-1][-1:].isalpha():
        return "number_leading_point", {"found": shown, "digits": token}
    whole, dot, frac = token.partition(".")
    if "," in whole and not (_WESTERN.fullmatch(whole) or _INDIAN.fullmatch(whole)):
        return "number_grouping", {"found": shown}
    value = sign * float(whole.replace(",", "") + dot + frac)
    percent = False
    suffix = rest.strip()
    if allow_percent and suffix.endswith("%"):
        percent, suffix = True, suffix[:-1].strip()
    suffix = _RUPEE_DASH_END.sub("", _RUPEE_DASH_START.sub("", suffix).strip()).strip()
    factor, scale_word = 1.0, ""
    for part, where in ((prefix, "before"), (suffix, "after")):
        if not part:
            continue
        got = _unit(spec, part)
        if isinstance(got, str):
            return _unit_error(spec, part, shown)
        if got[0] != 1.0:
            if where == "before":
                return _unit_error(spec, part, shown)
            factor, scale_word = got
    if factor == 1.0:
        return Number(value, percent, None)
    converted = value * factor
    note = f"read '{shown}' as {amount(spec.unit, converted)} ({indian(value)} {scale_word}; 100 lakh = 1 crore)"
    return Number(converted, percent, note)


def _sign(prefix: str) -> tuple[float, str]:
    if prefix[-1:] in _SIGNS:
        return _SIGNS[prefix[-1]], prefix[:-1].strip()
    return 1.0, prefix


def _unit(spec: FieldSpec, part: str) -> tuple[float, str] | str:
    """(factor, scale word) for a unit written beside the number, or 'no' when the field does not take it."""
    key = unit_key(part)
    keys = [key]
    if spec.is_money:
        bare, had_mark = _without_currency(key)
        if had_mark and not bare:
            return 1.0, ""
        if had_mark:
            keys.append(bare)
    allowed = _units(spec.unit_words)
    for k in keys:
        if k in allowed:
            return 1.0, ""
        for word, factor in spec.scales:
            if k == unit_key(word):
                return factor, word
    return "no"


def _unit_error(spec: FieldSpec, part: str, shown: str) -> tuple[str, dict[str, Any]]:
    return "unit_mismatch", {"written": _short(part), "found": shown, "unit": spec.unit or ""}


def _short(raw: str, limit: int = 60) -> str:
    text = raw.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
