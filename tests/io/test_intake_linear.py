"""No pattern in the reading code takes more than linear time: hostile inputs doubled twice (four times as large)
take roughly four times as long; a quadratic pattern would take sixteen times as long. Ratios only, with a
generous margin for a busy machine; no time is asserted."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from repm_bids.domain.fields import FIELDS
from repm_bids.io.intake_read import read_bid_bytes

from .hostile import minimal_xlsx, row_comment_sheet, table_sheet

GROWTH = 4  # the input doubled twice
RATIO = 10.0  # linear: about 4; quadratic: about 16


def _time(args: tuple[str, bytes], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        read_bid_bytes(*args)
    return time.perf_counter() - start


def _ratio(make: Callable[[int], tuple[str, bytes]], n: int, runs: int = 9) -> float:
    """The best time of the doubled input over the best of the input, measured in turns (so that a busy moment
    of the machine weighs on both)."""
    small, large = make(n), make(GROWTH * n)
    once = min(_time(small, 1) for _ in range(2))  # also warms up
    repeat = max(1, int(0.1 / max(once, 1e-6)))  # each small measurement about 0.1 s: timer noise stays small
    best_small = best_large = float("inf")
    for _ in range(runs):
        best_small = min(best_small, _time(small, repeat))
        best_large = min(best_large, _time(large, repeat))
    return best_large / best_small


def _comment_sheet(n: int) -> tuple[str, bytes]:
    return "comment.xlsx", minimal_xlsx(row_comment_sheet(n))


def _attribute_soup(n: int) -> tuple[str, bytes]:
    """Start tags that look like cells and rows, inside text and comments."""
    junk = b"<!--" + b"".join(b'<c r="A%d" s="1"<row r="%d"' % (i, i) for i in range(n // 30)) + b"-->"
    return "soup.xlsx", minimal_xlsx(table_sheet([[f.label for f in FIELDS]], junk))


HOSTILE_TEXTS = ["1," * 8, " " * 16, "1e1e" * 4, "12/12/2026 " * 2, "<row" * 4, "₹1,00,000.5 " * 2, "a" * 16]


def _cell_texts(n: int) -> tuple[str, bytes]:
    """A bids table whose cells hold long hostile texts (numbers with separators, spaces, dates, tags)."""
    header = [f.label for f in FIELDS]
    rows = [header]
    for i in range(20):
        text = HOSTILE_TEXTS[i % len(HOSTILE_TEXTS)]
        cell = (text * (n // len(text) + 1))[:n]
        rows.append([f"REPM-{i}", *[cell] * (len(header) - 1)])
    return "texts.xlsx", minimal_xlsx(table_sheet(rows))


def _csv_texts(n: int) -> tuple[str, bytes]:
    header = ",".join(f.key for f in FIELDS)
    lines = [header]
    for i in range(20):
        text = HOSTILE_TEXTS[i % len(HOSTILE_TEXTS)].replace(",", ";")
        cell = '"' + (text * (n // len(text) + 1))[:n] + '"'
        lines.append(",".join([f"REPM-{i}", *[cell] * (len(FIELDS) - 1)]))
    return "texts.csv", "\n".join(lines).encode()


@pytest.mark.parametrize(
    ("make", "n"),
    [
        (_comment_sheet, 200_000),  # 9.6 KB of this once took minutes
        (_attribute_soup, 200_000),
        (_cell_texts, 4_000),  # up to 16,000: within Excel's 32,767 characters a cell
        (_csv_texts, 2_000),
    ],
)
def test_doubling_a_hostile_input_roughly_doubles_the_time(make, n):
    ratio = _ratio(make, n)
    assert ratio < RATIO, f"{make.__name__}: an input {GROWTH} times as large took {ratio:.1f} times as long"
