"""Award workbook export: evaluations of 1,000 and 100,000 generated bids, written with write_award_workbook.

    /work/venv/bin/python benchmarks/bench_export.py [--bids 1000 100000] [--repeat 3]

Generates `Bid` records in memory (varied: about a quarter rejected, the rest ranked, five awards, the others
waitlisted), spread over bids tables of 10,000 bids each, evaluates them with the real engine, then times:
  * result_sha256: the digest the page footers carry (the domain's JSON of the whole result, every check sentence);
  * layout: build_sheets (digest given), the cells of all seven sheets laid out in memory;
  * export: write_award_workbook, everything (digest, layout, styles, zip, atomic replace);
  * read_figures: what `repm-bids verify` reads back, and compare_figures against expected_figures.
Prints the machine, the file size, the rows of the largest sheets, and peak memory of the export (tracemalloc).
Figures for docs/benchmarks.md (section "Export").
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repm_bids.domain.evaluation import evaluate  # noqa: E402
from repm_bids.domain.fields import FIELDS  # noqa: E402
from repm_bids.domain.models import Bid, InputFile, Location  # noqa: E402
from repm_bids.domain.report import result_sha256  # noqa: E402
from repm_bids.domain.scheme import Scheme  # noqa: E402
from repm_bids.io.award_reader import compare_figures, expected_figures, read_figures  # noqa: E402
from repm_bids.io.award_workbook import build_sheets, write_award_workbook  # noqa: E402

OPENED = datetime(2026, 6, 29, 9, 0)
PER_FILE = 10_000


def generated_bids(n: int, seed: int = 1) -> list[Bid]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        cap = float(rnd.randrange(6, 13) * 100)
        values = {
            "bid_ref": f"B-{i + 1:06d}",
            "bidder_name": f"Bidder {i + 1} Magnet Manufacturing Ltd",
            "bidder_type": "Company",
            "country": "India",
            "registration_no": f"U27100OR2020PLC{i:06d}",
            "group": None,
            "lead_equity_pct": None,
            "capacity": cap if rnd.random() > 0.05 else cap + 50,
            "net_worth_cr": cap * 0.4 if rnd.random() > 0.08 else 100.0,
            "investment_cr": cap * 0.6,
            "stage_oxide_metal": True,
            "stage_metal_alloy": True,
            "stage_alloy_magnet": rnd.random() > 0.05,
            "plant_state": rnd.choice(("Odisha", "Gujarat", "Tamil Nadu", "Andhra Pradesh")),
            "commissioning_months": rnd.choice((18, 20, 22, 24, 26)),
            "dpr_submitted": True,
            "bid_security_cr": 5.0,
            "dva_pct": float(rnd.randrange(30, 90)),
            "submitted_at": OPENED + timedelta(seconds=rnd.randrange(0, 86_400)),
            "quoted_incentive": float(rnd.randrange(1500, 2250, 5)),
        }
        assert set(values) <= {f.key for f in FIELDS}  # the fields added later are optional: left blank
        path = f"/committee/bids/table-{i // PER_FILE + 1:02d}.xlsx"
        out.append(Bid(Location(path, "Bids", line=i % PER_FILE + 2), values))
    return out


def inputs_of(bids: list[Bid]) -> list[InputFile]:
    by_path: dict[str, list[str]] = {}
    for b in bids:
        by_path.setdefault(b.source.path, []).append(b.bid_ref)
    return [
        InputFile(p, f"{i:064x}", 1_000 * len(refs), OPENED + timedelta(days=1), "bids", tuple(refs))
        for i, (p, refs) in enumerate(sorted(by_path.items()), 1)
    ]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run(n: int, repeat: int, folder: Path) -> None:
    bids = generated_bids(n)
    t = time.perf_counter()
    # one cover: each bid holds its price, so the bids are ranked and awarded (the default scheme's two covers would
    # reject a technical cover that states a price)
    ev = evaluate(bids, Scheme(covers=1), inputs=inputs_of(bids), evaluated_at=datetime(2026, 6, 30, 11, 0, tzinfo=UTC))
    t_eval = time.perf_counter() - t
    s = ev.summary
    print(
        f"\n{n:,} bids: {s.invalid + s.non_responsive:,} rejected, {s.qualified:,} ranked, {s.beneficiaries} awards "
        f"(evaluate {t_eval:.2f} s)"
    )
    path = folder / f"award-{n}.xlsx"
    t_first = best(lambda: result_sha256(ev), 1)  # the first call also makes every check sentence
    t_digest = best(lambda: result_sha256(ev), repeat)
    digest = result_sha256(ev)
    t_layout = best(lambda: build_sheets(ev, digest=digest), repeat)
    t_export = best(lambda: write_award_workbook(ev, path), repeat)
    tracemalloc.start()
    write_award_workbook(ev, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    t = time.perf_counter()
    actual = read_figures(path)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    diffs = compare_figures(expected_figures(ev), actual)
    t_compare = time.perf_counter() - t
    rows = {sb.title: len(sb.rows) for sb in build_sheets(ev, digest=digest)}
    print(f"  result_sha256             {t_first:7.2f} s first call, {t_digest:.2f} s after (best of {repeat})")
    print(f"  layout (build_sheets)     {t_layout:7.2f} s (best of {repeat})")
    print(
        f"  export (write, all)       {t_export:7.2f} s (best of {repeat}); peak Python memory {peak / 2**20:.0f} MiB"
    )
    print(f"  file                      {os.path.getsize(path) / 2**20:7.2f} MiB; rows {rows}")
    print(f"  read_figures              {t_read:7.2f} s ({len(actual):,} figures)")
    print(f"  expected + compare        {t_compare:7.2f} s ({len(diffs)} differences)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bids", type=int, nargs="+", default=[1_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.bids:
            run(n, args.repeat, Path(folder))


if __name__ == "__main__":
    main()
