"""The wrapped-line count takes shortcuts (a short text is one line; each word measured once): it must give exactly
what laying out every character gives."""

from __future__ import annotations

import random

from repm_bids.io.award_metrics import _EM, _UNKNOWN, BOLD_WIDTHS, REGULAR_WIDTHS, wrapped_line_count


def laid_out(text: str, width_em: float, bold: bool) -> int:
    """The count without shortcuts: every character of every word added up each time."""
    if width_em <= 0:
        return max(1, len(text))
    table = BOLD_WIDTHS if bold else REGULAR_WIDTHS
    space, total = table[" "], 0
    for part in text.split("\n"):
        lines, used = 1, 0.0
        for word in part.split(" "):
            w = sum(table.get(ch, _UNKNOWN / _EM) for ch in word)
            if used and used + space + w <= width_em:
                used += space + w
                continue
            if used:
                lines += 1
            used = 0.0
            if w > width_em:
                for ch in word:
                    cw = table.get(ch, _UNKNOWN / _EM)
                    if used and used + cw > width_em:
                        lines += 1
                        used = 0.0
                    used += cw
            else:
                used = w
        total += lines
    return total


def test_the_shortcuts_give_the_same_count_as_laying_out_every_character():
    rnd = random.Random(7)
    alphabet = "abcdefghij WMmil.,₹—–…अ\n  1234567890"
    words = ["Bidder", "Magnet", "Manufacturing", "Ltd", "₹1,20,000", "crore", "—", "WWWWWWWWWWWWWWWW", ""]
    for _ in range(4000):
        if rnd.random() < 0.5:
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 80)))
        else:
            text = " ".join(rnd.choice(words) for _ in range(rnd.randrange(0, 25)))
        width = rnd.choice([0.0, 0.5, 3.0, 7.3, 15.8, 24.1, 40.0, rnd.uniform(0.1, 60.0)])
        for bold in (False, True):
            assert wrapped_line_count(text, width, bold) == laid_out(text, width, bold), (text, width, bold)
            assert wrapped_line_count(text, width, bold) == laid_out(text, width, bold)  # words now known


def test_a_text_at_the_edge_of_one_line():
    w = REGULAR_WIDTHS["W"]
    assert wrapped_line_count("WWWW", 4 * w) == laid_out("WWWW", 4 * w, False) == 1
    assert wrapped_line_count("WWWW", 4 * w - 1e-6) == laid_out("WWWW", 4 * w - 1e-6, False) == 2
