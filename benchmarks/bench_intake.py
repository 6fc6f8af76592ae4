"""Intake speed: bid forms from a folder to an evaluated result, through the reading worker.

    .venv/bin/python benchmarks/bench_intake.py [--forms 1000 100] [--repeat 3]

Writes the forms with openpyxl into a temporary folder (the blank template filled with varied values), then times,
best of `repeat`, for each count: fresh reading workers started (their start-up included), every file read in them
(file read, SHA-256, zip and XML checks, calamine, values, notes, `Bid` records, problems, the trip back), and
`evaluate()` on the result. Then the same with the workers already running (what the application does: it starts
them when it opens), the workers' start-up alone, and the reading in this process with no worker, for scale.
Each line gives the wall-clock time and the processor time (user + system) of this process and its workers: on a
shared machine the wall-clock time says little, the processor time much more. Figures for docs/benchmarks.md
(section "Intake"). The goals: 1,000 forms under 2 s and 100 under 0.5 s of wall-clock time, start-up included.
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

from repm_bids.io.sandbox import Sandbox

# The reading workers are started with 'spawn', which imports this script again in each of them: what it imports at
# the top is paid by every worker. So the rest (numpy with the domain's evaluation) is imported where it is used, as
# the command line does.


def make_forms(folder: Path, n: int, seed: int = 7) -> list[Path]:
    from repm_bids.domain.fields import FIELDS
    from repm_bids.io.template import template_workbook

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


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def folder_to_result(folder: Path, sandbox: Sandbox) -> int:
    from repm_bids.domain.evaluation import evaluate
    from repm_bids.domain.scheme import Scheme
    from repm_bids.io.intake import read_inputs

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


def worker_seconds(sandbox: Sandbox) -> float:
    """Processor time of the sandbox's running workers so far (Linux: /proc; 0 elsewhere)."""
    total = 0.0
    for pid in sandbox.worker_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Timed:
    """Best of `repeat` runs: wall-clock seconds and the processor seconds of this process and its workers."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __str__(self) -> str:
        return f"wall {min(self.wall):.3f} s, processor {min(self.cpu):.3f} s"


def cold(folder: Path, timed: Timed) -> None:
    """Fresh workers: their start-up, every file, the evaluation (workers' processor time counted once ended)."""
    sandbox = Sandbox()
    cpu = cpu_seconds()
    start = time.perf_counter()
    try:
        folder_to_result(folder, sandbox)
        timed.wall.append(time.perf_counter() - start)
    finally:
        sandbox.close()
        timed.cpu.append(cpu_seconds() - cpu)


def warm(folder: Path, sandbox: Sandbox, timed: Timed) -> None:
    """Workers already running, as in the application."""
    cpu = cpu_seconds() + worker_seconds(sandbox)
    start = time.perf_counter()
    folder_to_result(folder, sandbox)
    timed.wall.append(time.perf_counter() - start)
    timed.cpu.append(cpu_seconds() + worker_seconds(sandbox) - cpu)


def start_up(timed: Timed) -> None:
    """Start the workers and read one empty file through each: their start-up and their imports."""
    sandbox = Sandbox()
    cpu = cpu_seconds()
    start = time.perf_counter()
    try:
        list(sandbox.run_many(sandbox.bid_reader, iter([("empty.csv", b"")] * sandbox.workers)))
        timed.wall.append(time.perf_counter() - start)
    finally:
        sandbox.close()
        timed.cpu.append(cpu_seconds() - cpu)


def in_process(paths: list[Path], timed: Timed) -> None:
    from repm_bids.io.intake_read import read_bid_bytes

    cpu = cpu_seconds()
    start = time.perf_counter()
    for p in paths:
        read_bid_bytes(str(p), p.read_bytes())
    timed.wall.append(time.perf_counter() - start)
    timed.cpu.append(cpu_seconds() - cpu)


GOALS = {1000: 2.0, 100: 0.5}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, nargs="+", default=[1000, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}; Python {platform.python_version()}")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average at the start {os.getloadavg()[0]:.1f}")
    print(f"reading workers: {Sandbox().workers}; best of {args.repeat} runs")
    timed = Timed()
    for _ in range(args.repeat):
        start_up(timed)
    print(f"workers' start-up (spawn, imports, one empty file each): {timed}")
    from repm_bids.io.intake import read_inputs

    with tempfile.TemporaryDirectory() as tmp:
        for n in args.forms:
            folder = Path(tmp) / f"forms-{n}"
            folder.mkdir()
            paths = make_forms(folder, n)
            sandbox = Sandbox()
            runs = {"cold": Timed(), "warm": Timed(), "here": Timed()}
            try:
                intake = read_inputs([folder], sandbox=sandbox)
                assert len(intake.bids) == n and not any(b.errors for b in intake.bids), intake.problems[:3]
                for _ in range(args.repeat):
                    warm(folder, sandbox, runs["warm"])
            finally:
                sandbox.close()
            for _ in range(args.repeat):
                cold(folder, runs["cold"])
                in_process(paths, runs["here"])
            goal = f" (goal: under {GOALS[n]} s wall)" if n in GOALS else ""
            print(f"{n} forms, folder to evaluated result, workers' start included{goal}: {runs['cold']}")
            print(f"{n} forms, the same with the workers already running: {runs['warm']}")
            print(f"{n} forms, reading alone in this process, no worker, no evaluation: {runs['here']}")
    print(f"load average at the end {os.getloadavg()[0]:.1f} (wall-clock figures are worth little above 1)")


if __name__ == "__main__":
    main()
