"""Benchmark the evaluation: 100,000 bids in memory (goal: under 0.2 s on 2 cores), a scheme change at 1,000 bids
(evaluate() again, and through the session as the application pays for it), and 1,000 generated bid forms read and
evaluated end to end.

    python benchmarks/bench_evaluate.py [--bids 100000] [--forms 1000] [--scheme-change]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repm_bids.domain.engine import evaluate_table  # noqa: E402
from repm_bids.domain.evaluation import evaluate  # noqa: E402
from repm_bids.domain.models import Bid, Location  # noqa: E402
from repm_bids.domain.scheme import Scheme  # noqa: E402
from repm_bids.domain.table import BidTable  # noqa: E402


def generated_table(n: int, seed: int = 1) -> BidTable:
    rng = np.random.default_rng(seed)
    cap = rng.integers(5, 14, n) * 100.0
    return BidTable.from_columns(
        {
            "capacity": cap,
            "quoted_incentive": rng.integers(1200, 2300, n).astype(float),
            "net_worth_cr": rng.uniform(150, 900, n),
            "investment_cr": cap * rng.uniform(0.4, 0.9, n),
            "stage_oxide_metal": (rng.random(n) > 0.03).astype(float),
            "stage_metal_alloy": np.ones(n),
            "stage_alloy_magnet": np.ones(n),
            "commissioning_months": rng.integers(12, 28, n).astype(float),
            "dpr_submitted": np.ones(n),
            "bid_security_cr": rng.uniform(0, 15, n),
            "dva_pct": rng.uniform(20, 90, n),
            "submitted_at": 1.78e9 + rng.integers(0, 86400, n).astype(float),
        },
        bid_ref=[f"R{i:06d}" for i in range(n)],
    )


def generated_bids(n: int, seed: int = 1) -> list[Bid]:
    rnd = random.Random(seed)
    base = datetime(2026, 6, 29, 9, 0)
    out = []
    for i in range(n):
        cap = float(rnd.randrange(5, 14) * 100)
        values = {
            "bid_ref": f"R{i:06d}",
            "bidder_name": f"Bidder {i} Ltd",
            "bidder_type": "Company",
            "country": "India",
            "registration_no": f"U{i:09d}",
            "group": None,
            "lead_equity_pct": None,
            "capacity": cap,
            "net_worth_cr": rnd.uniform(150, 900),
            "investment_cr": cap * rnd.uniform(0.4, 0.9),
            "stage_oxide_metal": rnd.random() > 0.03,
            "stage_metal_alloy": True,
            "stage_alloy_magnet": True,
            "plant_state": "Odisha",
            "commissioning_months": rnd.randrange(12, 28),
            "dpr_submitted": True,
            "bid_security_cr": rnd.uniform(0, 15),
            "dva_pct": rnd.uniform(20, 90),
            "submitted_at": base + timedelta(seconds=rnd.randrange(86400)),
            "quoted_incentive": float(rnd.randrange(1200, 2300)),
        }
        out.append(Bid(Location(f"bid{i}.xlsx", "Bid Form"), values))
    return out


def best_of(fn, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def bench_memory(n: int) -> None:
    table = generated_table(n)
    for method in ("lcs", "qcbs"):
        scheme = Scheme().with_changes(method=method)
        best, med = best_of(lambda s=scheme: evaluate_table(table, s))
        print(f"engine, {n:,} bids in memory ({method}): best {best * 1000:.1f} ms, median {med * 1000:.1f} ms")
    bids = generated_bids(n)
    best, med = best_of(lambda: evaluate(bids, Scheme()), repeat=3)
    print(f"evaluate(), {n:,} Bid records incl. outcomes: best {best * 1000:.0f} ms, median {med * 1000:.0f} ms")
    bench_scheme_change()


def bench_scheme_change(runs: int = 40) -> None:
    """A scheme change at 1,000 bids, as the application makes it: the same `Bid` records evaluated again under a
    scheme that differs from the last one (LCS and QCBS in turn). Two cases, as the committee meets them: the
    technical stage of two covers (technical covers, no price in them: the scheme is frozen once approved), and one
    cover, where each change ranks and allocates again. Wall-clock and processor time of each run."""
    with_prices = generated_bids(1000)
    technical = [Bid(b.source, {k: v for k, v in b.values.items() if k != "quoted_incentive"}) for b in with_prices]
    for label, bids, base in (
        ("two covers, technical stage (1,000 technical covers, no price)", technical, Scheme()),
        ("one cover, re-ranked and allocated (1,000 bids with their quotes)", with_prices, Scheme(covers=1)),
    ):
        schemes = [base, base.with_changes(method="qcbs")]
        evaluate(bids, schemes[1])
        wall, cpu = [], []
        for i in range(runs):
            c, t = time.process_time(), time.perf_counter()
            evaluate(bids, schemes[i % 2])
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - t)
        print(
            f"a scheme change, {label}, evaluate() again (goal: under 20 ms), {runs} runs: "
            f"wall best {min(wall) * 1000:.1f} ms, median {statistics.median(wall) * 1000:.1f} ms; "
            f"processor best {min(cpu) * 1000:.1f} ms, median {statistics.median(cpu) * 1000:.1f} ms "
            f"(load average {os.getloadavg()[0]:.1f})"
        )


def bench_session_change(runs: int = 40) -> None:
    """A scheme change at 1,000 bids through the session, as the application pays for it: `session.evaluation()`
    after `session.set_scheme(...)`, on bench_gui.py's generated session (one cover: ranked and awarded) with its
    capacity-and-method edits (every change a real one)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_gui import EDITS, generated_session

    session = generated_session(1000, covers=1)
    session.evaluation()
    wall, cpu = [], []
    for i in range(runs):
        session.set_scheme(session.scheme.with_changes(**EDITS["capacity-and-method"](i)))
        c, t = time.process_time(), time.perf_counter()
        session.evaluation()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    print(
        f"a scheme change through the session, one cover, 1,000 bids (capacity-and-method edits), "
        f"session.evaluation() again, {runs} runs: "
        f"wall best {min(wall) * 1000:.1f} ms, median {statistics.median(wall) * 1000:.1f} ms; "
        f"processor best {min(cpu) * 1000:.1f} ms, median {statistics.median(cpu) * 1000:.1f} ms "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


def bench_forms(n: int) -> None:
    from repm_bids.domain.fields import field_for_label
    from repm_bids.io.template import template_workbook
    from repm_bids.services.evaluation import run_evaluation

    bids = generated_bids(n, seed=2)
    with tempfile.TemporaryDirectory() as tmp:
        wb = template_workbook()
        rows = {}
        for ws in wb.worksheets:
            for row in ws.iter_rows(min_col=1, max_col=2):
                spec = field_for_label(row[0].value)
                if spec:
                    rows.setdefault(spec.key, []).append(row[1])
        t = time.perf_counter()
        for b in bids:
            for key, cells in rows.items():
                v = b.values.get(key)
                if key.endswith("_pct") and v is not None:
                    v = v / 100  # the template's percent cells hold fractions, as Excel stores 51%
                for c in cells:
                    c.value = ("Yes" if v else "No") if isinstance(v, bool) else v
            buf = io.BytesIO()
            wb.save(buf)
            Path(tmp, f"{b.values['bid_ref']}.xlsx").write_bytes(buf.getvalue())
        print(f"(generated {n:,} bid forms in {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        run = run_evaluation([tmp], scheme=Scheme())
        took = time.perf_counter() - t
        print(
            f"read + evaluate {n:,} bid forms: {took:.2f} s ({took / n * 1000:.2f} ms per form); "
            f"{run.evaluation.summary.qualified} qualified"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bids", type=int, default=100_000)
    ap.add_argument("--forms", type=int, default=1_000)
    ap.add_argument("--scheme-change", action="store_true", help="only the scheme change at 1,000 bids")
    args = ap.parse_args()
    if args.scheme_change:
        bench_scheme_change()
        bench_session_change()
        return
    lines = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "?")
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {cpu}")
    bench_memory(args.bids)
    bench_session_change()
    if args.forms:
        bench_forms(args.forms)


if __name__ == "__main__":
    main()
