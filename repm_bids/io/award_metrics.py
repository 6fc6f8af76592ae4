"""How wide a text prints and how many lines it wraps to, so that a row can be made as tall as its text and no taller.

The workbook's cells are Calibri; LibreOffice draws them with Carlito, its metric twin (every character exactly as
wide), and Excel with Calibri itself. The advance widths below are Carlito's own (regular and bold, in units of
2048 to the em, for the printable ASCII characters and the few others the papers use); a character not listed is
taken as wide as the widest common letters, on the safe side. A column's printed width and a line's height were
measured on LibreOffice's own PDF of a test sheet (see docs/award-workbook.md, "Row heights").
"""

from __future__ import annotations

_EM = 2048
# Advance widths of ' ' .. '~' (32..126).
_REGULAR = (
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831, 1185, 1114, 1092, 1260, 1000, 941,
    1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998,
    959, 628, 791, 628, 1020, 1020, 596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636,
    1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020,
)  # fmt: skip
_BOLD = (
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840, 1241, 1148, 1084, 1291, 999, 940,
    1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090, 1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064,
    979, 665, 880, 665, 1020, 1020, 615, 1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666,
    1099, 1101, 1099, 1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020,
)  # fmt: skip
_OTHER = {"₹": 1038, "—": 1854, "–": 1020, "×": 1020, "…": 1414, "’": 511, "‘": 511, "“": 857, "”": 857, "°": 694}
_UNKNOWN = 1300  # a character not listed (another script, a symbol): as wide as a wide capital

REGULAR_WIDTHS: dict[str, float] = {chr(32 + i): w / _EM for i, w in enumerate(_REGULAR)} | {
    c: w / _EM for c, w in _OTHER.items()
}
BOLD_WIDTHS: dict[str, float] = {chr(32 + i): w / _EM for i, w in enumerate(_BOLD)} | {
    c: w * 1.03 / _EM for c, w in _OTHER.items()
}

LINE_EM = 2500 / _EM  # Carlito's ascent + descent + line gap: a 10-point line is 12.2 points tall


def text_em(text: str, bold: bool = False) -> float:
    """The printed width of `text` in ems (multiply by the font size for points)."""
    table = BOLD_WIDTHS if bold else REGULAR_WIDTHS
    unknown = _UNKNOWN / _EM
    return sum(table.get(ch, unknown) for ch in text)


# The widest character there is: a text no longer than the width over this fits on one line, whatever it says.
_WIDEST = max(*REGULAR_WIDTHS.values(), *BOLD_WIDTHS.values(), _UNKNOWN / _EM)
_MARGIN = 1e-9  # well above the rounding of a sum of a few hundred widths
# Each word's width once: a workbook of 10,000 bids measures about 700,000 cells, mostly of the same words.
_WORD_WIDTHS: tuple[dict[str, float], dict[str, float]] = ({}, {})  # regular, bold
_KEPT_WORDS = 200_000  # at most this many of each kept


def wrapped_line_count(text: str, width_em: float, bold: bool = False) -> int:
    """Lines a cell wrapped to `width_em` (its usable width in ems) shows: words laid greedily into lines, a line
    break in the text starts a new one, a word longer than a line is broken within itself."""
    if width_em <= 0:
        return max(1, len(text))
    if len(text) * _WIDEST + _MARGIN < width_em and "\n" not in text:
        return 1  # every word fits on the first line however wide its characters are
    table = BOLD_WIDTHS if bold else REGULAR_WIDTHS
    known = _WORD_WIDTHS[bold]
    unknown = _UNKNOWN / _EM
    space = table[" "]
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0.0
        for word in part.split(" "):
            w = known.get(word)
            if w is None:
                w = sum(table.get(ch, unknown) for ch in word)
                if len(known) < _KEPT_WORDS:
                    known[word] = w
            if used and used + space + w <= width_em:
                used += space + w
                continue
            if used:
                lines += 1
            used = 0.0
            if w > width_em:  # broken character by character
                for ch in word:
                    cw = table.get(ch, unknown)
                    if used and used + cw > width_em:
                        lines += 1
                        used = 0.0
                    used += cw
            else:
                used = w
        total += lines
    return total
