"""Benchmark the bids table at 20,000 rows (offscreen): a new evaluation's rows installed (no sort, sorted by the
quote, sorted with a search text set), sorting by another column, typing a search text and choosing a status. The
figure is the GUI thread's processor time from the action until the table is painted (the window's freeze).

    python benchmarks/bench_bids_table.py [--bids 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bids", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from benchmarks.bench_gui import generated_session, load, machine
    from repm_bids.gui.bids_model import bid_rows
    from repm_bids.gui.bids_view import BidsView

    app = QApplication.instance() or QApplication([sys.argv[0]])
    print(machine())
    print(load())
    session = generated_session(args.bids, covers=1)
    first = session.evaluation()
    session.set_scheme(session.scheme.with_changes(total_capacity=6000.0))
    rows = [bid_rows(first, {}), bid_rows(session.evaluation(), {})]  # two evaluations of the same bids
    view = BidsView()
    view.resize(1200, 700)
    view.show()
    view.set_rows(rows[0])
    app.processEvents()

    def timed(what: str, action: Callable[[int], object]) -> None:
        took = []
        for i in range(args.runs):
            c = time.thread_time()
            action(i)
            app.processEvents()
            took.append(time.thread_time() - c)
        print(f"  {what:48} median {statistics.median(took) * 1000:7.1f} ms, best {min(took) * 1000:7.1f} ms")

    print(f"the bids table, {len(rows[0]):,} rows, GUI thread's processor time ({args.runs} runs):")
    timed("a new evaluation's rows, no sort, no filter", lambda i: view.set_rows(rows[(i + 1) % 2]))
    view.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    timed("a new evaluation's rows, sorted by the quote", lambda i: view.set_rows(rows[i % 2]))
    timed(
        "sorting by the bidder, then by the quote",
        lambda i: view.table.sortByColumn((1, 5)[i % 2], Qt.SortOrder.AscendingOrder),
    )
    timed("a search text typed (b-1, b-12, b-122)", lambda i: view.search.setText("b-1" + "2" * (i % 3)))
    timed("a new evaluation's rows, sorted, search text set", lambda i: view.set_rows(rows[(i + 1) % 2]))
    view.search.clear()
    app.processEvents()
    timed("the status filter: waitlisted, then all", lambda i: view.status_filter.setCurrentIndex((3, 0)[i % 2]))
    print(" ", load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
