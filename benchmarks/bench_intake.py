"""Intake speed: reading N filled bid forms with read_inputs against python-calamine's bare read of the same files.

    /work/venv/bin/python benchmarks/bench_intake.py [--forms 1000] [--repeat 3]

Writes the forms with openpyxl into a temporary folder (the blank template filled with varied values), then times,
best of `repeat`:
  * calamine: open each file and read every sheet's values (`to_python`), nothing else;
  * read_inputs: everything intake does (file read, SHA-256, zip checks, values, notes, bids, problems).
The marginal cost per form is the slope between a run over a tenth of the files and a run over all of them.
With --pool it also times reading the same files in a two-process pool (not what read_inputs does: see
docs/benchmarks.md for why), cold and once started.
Figures for docs/benchmarks.md (section "Intake").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from repm_bids.domain.fields import FIELDS
from repm_bids.io.intake import read_input_bytes, read_inputs
from repm_bids.io.intake_xlsx import Book
from repm_bids.io.safety import open_zip
from repm_bids.io.template import template_workbook


def make_forms(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    wb = template_workbook()
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_col=1, max_col=1):
            spec = next((f for f in FIELDS if f.label == row[0].value), None)
            if spec is not None:
                cells[(ws.title, spec.key)] = f"B{row[0].row}"
    paths = []
    for i in range(n):
        values = {
            "bid_ref": f"REPM-{i:04d}",
            "bidder_name": f"Bidder {i} Magnetics Ltd",
            "bidder_type": rng.choice(["Company", "Consortium"]),
            "country": "India",
            "registration_no": f"U27100MH2019PLC{100000 + i}",
            "group": rng.choice([None, f"Group {i % 50}"]),
            "lead_equity_pct": 0.51 + rng.randint(0, 40) / 100,
            "capacity": rng.choice(range(600, 1300, 100)),
            "net_worth_cr": rng.choice(["410.5", "INR 1,200 crore", 375, 980.25]),
            "investment_cr": rng.randint(300, 900),
            "stage_oxide_metal": "Yes",
            "stage_metal_alloy": rng.choice(["Yes", "yes", "Y"]),
            "stage_alloy_magnet": "Yes",
            "plant_state": rng.choice(["Odisha", "Gujarat", "Tamil Nadu", None]),
            "commissioning_months": rng.randint(12, 30),
            "dpr_submitted": rng.choice(["Yes", "No"]),
            "bid_security_cr": rng.choice([5, "Rs. 5 crore", 7.5]),
            "dva_pct": rng.randint(40, 80) / 100,
            "submitted_at": dt.datetime(2026, 6, 29, 9, 0) + dt.timedelta(minutes=rng.randint(0, 600)),
            "quoted_incentive": rng.choice([1950, "Rs. 2,000/kg", 1875.5, "₹ 2,100"]),
        }
        for (sheet, key), ref in cells.items():
            wb[sheet][ref].value = values.get(key)
        path = folder / f"bid-{i:04d}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def calamine_bare(paths: list[Path]) -> None:
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


def _each(fn, items) -> None:
    for item in items:
        fn(item)


def _calamine_sheets(safe) -> None:
    book = Book(safe)
    for name in book.visible:
        book.sheet(name)


def _read_chunk(chunk: list[str]) -> list:
    return [read_input_bytes(p, Path(p).read_bytes()) for p in chunk]


def _pool_figures(paths: list[Path], small: int) -> tuple[float, float, float]:
    """A process pool of two workers ('forkserver': no fork of a threaded parent), chunks of 50 files, input order
    kept: cold (start-up included) for all files and for a tenth, and the marginal cost once the pool runs."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    names = [str(p) for p in paths]
    ctx = multiprocessing.get_context("forkserver")

    def run(executor, files: list[str]) -> None:
        chunks = [files[i : i + 50] for i in range(0, len(files), 50)]
        out = [r for rs in executor.map(_read_chunk, chunks) for r in rs]
        assert len(out) == len(files)

    def cold(files: list[str]) -> float:
        start = time.perf_counter()
        with ProcessPoolExecutor(2, mp_context=ctx) as executor:
            run(executor, files)
        return time.perf_counter() - start

    cold_all, cold_small = cold(names), cold(names[:small])
    with ProcessPoolExecutor(2, mp_context=ctx) as executor:
        run(executor, names[:small])  # start the workers
        warm_all = best(lambda: run(executor, names), 3)
        warm_small = best(lambda: run(executor, names[:small]), 3)
    return cold_all, cold_small, (warm_all - warm_small) / (len(names) - small)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pool", action="store_true", help="also time a two-process pool (for comparison only)")
    args = parser.parse_args()
    n = args.forms
    small = max(n // 10, 1)
    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}; Python {platform.python_version()}")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "forms"
        folder.mkdir()
        start = time.perf_counter()
        paths = make_forms(folder, n)
        print(
            f"wrote {n} bid forms with openpyxl in {time.perf_counter() - start:.1f} s "
            f"({sum(p.stat().st_size for p in paths) / n / 1024:.1f} KB each)"
        )
        intake = read_inputs([folder])
        bad = sum(1 for b in intake.bids if b.errors)
        assert len(intake.bids) == n and not bad, (len(intake.bids), bad, intake.problems[:3])

        cal_all = best(lambda: calamine_bare(paths), args.repeat)
        cal_small = best(lambda: calamine_bare(paths[:small]), args.repeat)
        ours_all = best(lambda: read_inputs(paths), args.repeat)
        ours_small = best(lambda: read_inputs(paths[:small]), args.repeat)
        subset = paths[:small]
        t_openpyxl = best(lambda: [load_workbook(p, data_only=True) for p in subset], 1)
        datas = [p.read_bytes() for p in paths]
        # each part alone, its results dropped file by file as read_inputs drops them (keeping a thousand
        # workbooks alive would time the memory they hold, not the work)
        t_zip = best(lambda: _each(open_zip, datas), args.repeat)
        safes = [open_zip(d) for d in datas]
        t_cal = best(lambda: _each(_calamine_sheets, safes), args.repeat)
        t_bytes = best(lambda: [read_input_bytes(p.name, d) for p, d in zip(paths, datas, strict=True)], args.repeat)
        pool = _pool_figures(paths, small) if args.pool else None

    cal_marginal = (cal_all - cal_small) / (n - small)
    ours_marginal = (ours_all - ours_small) / (n - small)
    print(
        f"calamine bare read: {cal_all:.3f} s for {n} forms = {cal_all / n * 1e3:.3f} ms per form; "
        f"marginal {cal_marginal * 1e3:.3f} ms"
    )
    print(
        f"read_inputs:        {ours_all:.3f} s for {n} forms = {ours_all / n * 1e3:.3f} ms per form; "
        f"marginal {ours_marginal * 1e3:.3f} ms"
    )
    print(f"ratio (marginal): {ours_marginal / cal_marginal:.2f}x   ratio (per form): {ours_all / cal_all:.2f}x")
    print(f"for scale: openpyxl full load (data_only) {t_openpyxl / len(subset) * 1e3:.3f} ms per form")
    if pool is not None:
        cold_all, cold_small, warm_marginal = pool
        print(
            f"process pool (2 workers, forkserver), for comparison only: {cold_all:.3f} s for {n} forms including "
            f"start-up ({cold_small:.3f} s for {small}); marginal {warm_marginal * 1e3:.3f} ms per form once started"
        )
    print(
        "breakdown per form (bytes already in memory, each part timed alone): "
        f"zip and XML checks {t_zip / n * 1e3:.3f} ms, calamine open + sheets {t_cal / n * 1e3:.3f} ms, "
        f"whole read_input_bytes {t_bytes / n * 1e3:.3f} ms "
        f"(so fields, values and bid records about {(t_bytes - t_zip - t_cal) / n * 1e3:.3f} ms)"
    )


if __name__ == "__main__":
    main()
