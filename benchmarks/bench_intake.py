"""Intake speed: bid forms from a folder to an evaluated result, through the reading worker.

    .venv/bin/python benchmarks/bench_intake.py [--forms 1000 100] [--repeat 3]

Writes the forms with openpyxl into a temporary folder (the blank template filled with varied values), then times,
best of `repeat`, for each count: a fresh reading worker started (its start-up included), every file read in it
(file read, SHA-256, zip and XML checks, calamine, values, notes, `Bid` records, problems, the trip back), and
`evaluate()` on the result. Then the same with the worker already running (what the application does: it starts
the worker when it opens), the worker's start-up alone, and the reading in this process with no worker, for scale.
Figures for docs/benchmarks.md (section "Intake"). The goals: 1,000 forms under 2 s and 100 under 0.5 s, start-up
included.
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

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.fields import FIELDS
from repm_bids.domain.scheme import Scheme
from repm_bids.io.intake import read_inputs
from repm_bids.io.intake_read import read_bid_bytes
from repm_bids.io.sandbox import Sandbox


def make_forms(folder: Path, n: int, seed: int = 7) -> list[Path]:
    from repm_bids.io.template import template_workbook  # openpyxl: kept out of what each worker re-imports

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


def folder_to_result(folder: Path, sandbox: Sandbox) -> int:
    intake = read_inputs([folder], sandbox=sandbox)
    evaluation = evaluate(intake.bids, Scheme(), inputs=intake.inputs, problems=intake.problems)
    return len(evaluation.outcomes)


def cpu_seconds() -> float:
    """Processor time of this process and of its ended workers (where the system tells it)."""
    try:
        import resource
    except ImportError:
        return time.process_time()
    own, ended = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime


CPU: list[float] = []  # processor seconds of each cold run (workers included)


def cold(folder: Path) -> float:
    """Fresh workers: their start-up, every file, the evaluation."""
    sandbox = Sandbox()
    cpu = cpu_seconds()
    start = time.perf_counter()
    try:
        folder_to_result(folder, sandbox)
        return time.perf_counter() - start
    finally:
        sandbox.close()
        CPU.append(cpu_seconds() - cpu)


def warm(folder: Path, sandbox: Sandbox) -> float:
    start = time.perf_counter()
    folder_to_result(folder, sandbox)
    return time.perf_counter() - start


def start_up() -> float:
    """Start a worker and read one empty file through it: the worker's start-up and its imports."""
    sandbox = Sandbox()
    try:
        start = time.perf_counter()
        sandbox.run(sandbox.bid_reader, "empty.csv", b"")
        return time.perf_counter() - start
    finally:
        sandbox.close()


def in_process(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        read_bid_bytes(str(p), p.read_bytes())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, nargs="+", default=[1000, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}; Python {platform.python_version()}")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average {os.getloadavg()[0]:.1f}")
    print(f"worker start-up (spawn, imports, one empty file): {best(start_up, args.repeat):.3f} s")
    print(f"workers: {Sandbox().workers}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.forms:
            folder = Path(tmp) / f"forms-{n}"
            folder.mkdir()
            paths = make_forms(folder, n)
            sandbox = Sandbox()
            try:
                assert folder_to_result(folder, sandbox) == n
                intake = read_inputs([folder], sandbox=sandbox)
                assert len(intake.bids) == n and not any(b.errors for b in intake.bids), intake.problems[:3]
                t_warm = best(lambda folder=folder, sandbox=sandbox: warm(folder, sandbox), args.repeat)
            finally:
                sandbox.close()
            CPU.clear()
            t_cold = best(lambda folder=folder: cold(folder), args.repeat)
            t_here = best(lambda paths=paths: in_process(paths), args.repeat)
            print(
                f"{n} forms, folder to evaluated result: {t_cold:.3f} s with the workers' start "
                f"({t_cold / n * 1e3:.2f} ms a form; processor time {min(CPU):.2f} s over all processes), "
                f"{t_warm:.3f} s with the workers running; reading alone in this process, no worker: {t_here:.3f} s"
            )


if __name__ == "__main__":
    main()
