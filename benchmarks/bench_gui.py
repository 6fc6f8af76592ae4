"""Benchmark the desktop application (offscreen):

1. start-up: from starting the process to the window shown with the bundled demo loaded (goal: under 0.6 s);
2. a scheme change with 1,000 bids: from the edit to every view refreshed and painted (goal: under 20 ms), split
   into the evaluation itself and the views' share (installing the result and painting);
3. the window never freezes: the longest gap between ticks of a 10 ms timer on the GUI thread while importing a
   bids table, saving as, exporting, verifying, opening and importing into the saved evaluation, at 1,000 and 10,000
   bids (goal: under 100 ms at 1,000 and under 250 ms at 10,000).

    python benchmarks/bench_gui.py [--runs 5] [--bids 1000] [--changes 30] [--edit capacity] [--gaps 1000,10000]
                                   [--no-startup] [--only-gaps] [--until export|verify]

The processor time of an operation includes the child processes that ended during it (the export and Verify run
in one each).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the application sets it before numpy loads (one_blas_thread)

CHILD = r"""
import os, sys, tempfile
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # untitled evaluations of the runs never reach the user's folder
from repm_bids.gui.app import launch
app, window = launch([], demo=True)  # what `repm-bids --demo` does before its event loop
def loaded(parts=None):
    app.processEvents()  # paint the loaded views
    print("LOADED", window.evaluation.summary.bids_received, "pandas" in sys.modules, flush=True)
    os._exit(0)  # measured; quitting would ask about the untitled sample
if window.evaluation.summary.bids_received:  # shown already (read and evaluated aside while the window loaded)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, loaded)  # at the event loop's first turn, which paints the window
else:
    window.files.import_done.connect(loaded)
app.exec()
"""


def startup(runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock times and the processor times of the child process (all its threads, and the copy of itself that
    reads and evaluates the sample), as installed: the modules'
    bytecode compiled once (pip compiles it when it installs the package; a checkout run with
    PYTHONDONTWRITEBYTECODE=1 would compile every module of the package at each start, about 0.1 s more), so one
    launch first, not counted, writes the bytecode into a temporary folder."""
    import resource
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="repm-bench-pyc-")
    subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        # timed to the moment the child says the demo is painted (its line arrives), not to the end of the process
        with subprocess.Popen(
            [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
        ) as child:
            assert child.stdout is not None
            line = next((x for x in child.stdout if x.startswith("LOADED")), None)
            painted = time.perf_counter()
            _, err = child.communicate(timeout=120)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if line is None:
            raise SystemExit(f"the child did not load the demo:\n{err}")
        times.append(painted - t0)
        _, n, pandas = line.split()
        assert n == "10", line
        assert pandas == "False", "pandas was imported on the first window's path"
    return times, cpu


def generated_session(n: int, covers: int = 2):  # type: ignore[no-untyped-def]
    """n generated bids; under one cover (each form holds its price) they are ranked and awarded at once."""
    from repm_bids.domain.models import Bid, InputFile, Location
    from repm_bids.domain.scheme import Scheme
    from repm_bids.services.session import EvaluationSession, InputPart

    rng = random.Random(7)
    base = datetime(2026, 6, 29, 9, 0)
    bids = []
    for i in range(n):
        cap = rng.randrange(600, 1300, 100)
        values = {
            "bid_ref": f"B-{i:05}",
            "bidder_name": f"Bidder {i} Ltd",
            "bidder_type": "Company",
            "country": "India",
            "registration_no": f"U{i:08}",
            "group": None,
            "lead_equity_pct": None,
            "capacity": float(cap),
            "net_worth_cr": rng.uniform(150, 900),
            "investment_cr": cap * rng.uniform(0.4, 0.9),
            "stage_oxide_metal": True,
            "stage_metal_alloy": rng.random() > 0.05,
            "stage_alloy_magnet": True,
            "plant_state": "Odisha",
            "commissioning_months": rng.randrange(12, 30),
            "dpr_submitted": True,
            "bid_security_cr": 5.0,
            "dva_pct": rng.uniform(30, 80),
            "submitted_at": base + timedelta(minutes=i),
            "quoted_incentive": float(rng.randrange(1400, 2300)),
        }
        bids.append(Bid(Location(f"bids-{n}.csv", None, line=i + 2), values))
    part = InputPart(InputFile(f"bids-{n}.csv", "0" * 64, 1, kind="bids"), tuple(bids))
    session = EvaluationSession()
    if covers != 2:
        session.set_scheme(Scheme(covers=covers))
    session.add_parts([part])
    return session


def _total(i: int) -> float:
    """A different total capacity at each of the first 30 changes (3,000 to 5,900 MTPA in whole steps of 100, never
    the same twice in a row), so that no change repeats an earlier scheme: a result kept from an earlier evaluation
    of the same scheme cannot make the figures."""
    return 3000.0 + 100.0 * ((i * 7) % 30)


EDITS = {  # what each scheme change alternates (every change a real one, none repeating an earlier scheme)
    # the total capacity and, every second change, the method: the ranking order, the columns shown, the award,
    # the waiting list and the chart all change (the most a single edit repaints)
    "capacity-and-method": lambda i: {"total_capacity": _total(i), "method": ("lcs", "qcbs")[(i // 2) % 2]},
    # the total capacity alone: the same ranking, the award and the waiting list change at the cut
    "capacity": lambda i: {"total_capacity": _total(i)},
    # the incentive outlay: no bid's place or award changes, only the totals against the outlay
    "outlay": lambda i: {"incentive_outlay_crore": 7000.0 + 10.0 * i},
}


def scheme_change(n: int, changes: int, edit: str = "capacity-and-method") -> dict[str, list[float]]:
    """Each change is timed from the edit until the window shows its result, painted: when the evaluation goes to
    the background (it does after one that took over 0.1 s of processor time, as under load) the time runs until
    the result is installed and painted. 'views' is the window's own share: installing the result in the views
    (`MainWindow._show`) and painting them, wall-clock and the GUI thread's processor time. `edit` names what the
    changes alternate (EDITS)."""
    import tempfile

    from PySide6.QtCore import QSettings

    from repm_bids.gui.app import make_app
    from repm_bids.gui.commands import SchemeCommand
    from repm_bids.gui.main_window import RANKING_TAB, MainWindow
    from repm_bids.gui.settings import AppSettings

    app = make_app([sys.argv[0]])
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="repm-bench-")  # the untitled file of the run
    no_questions()  # closing the window at the end would ask whether to save the changed evaluation
    session = generated_session(n, covers=1)  # ranked and awarded: the ranking, waiting list and chart change
    # settings of its own: the window's first layout every run (the user's saved panes would change what is measured,
    # and closing the window would save this run's for the next)
    ini = Path(tempfile.mkdtemp(prefix="repm-bench-")) / "settings.ini"
    window = MainWindow(session, settings=AppSettings(QSettings(str(ini), QSettings.Format.IniFormat)))
    window.resize(1500, 900)
    window.show()
    window.tabs.setCurrentIndex(RANKING_TAB)  # the chart too is redrawn on every change
    app.processEvents()
    out: dict[str, list[float]] = {
        k: [] for k in ("evaluate", "refresh", "painted", "painted_cpu", "views", "views_cpu", "background")
    }
    shown: list[tuple[float, float]] = []
    install = window._show

    def timed_show(ev, action):  # type: ignore[no-untyped-def]
        c, t = time.thread_time(), time.perf_counter()
        install(ev, action)
        shown.append((time.perf_counter() - t, time.thread_time() - c))

    window._show = timed_show  # type: ignore[method-assign]
    for i in range(changes):
        scheme = session.scheme.with_changes(**EDITS[edit](i))
        shown.clear()
        c0, t0 = time.thread_time(), time.perf_counter()
        window.undo_stack.push(SchemeCommand(session, scheme))  # re-evaluates and refreshes every view
        t1 = time.perf_counter()
        out["background"].append(float(window.evaluating))
        while window.evaluating:  # evaluated on the thread pool: wait for the result to be shown
            app.processEvents()
            time.sleep(0.0005)
        c_paint, t_paint = time.thread_time(), time.perf_counter()
        app.processEvents()  # and paints them (offscreen)
        # a table whose rows moved, came or went is laid out again and repainted whole at the next turn of the event
        # loop (Qt lays item views out on a zero timer and a queued call): the change is painted once that turn is
        # done too (a third turn paints nothing)
        app.processEvents()
        t2 = time.perf_counter()
        out["painted_cpu"].append(time.thread_time() - c0)
        out["refresh"].append(t1 - t0)
        out["painted"].append(t2 - t0)
        out["views"].append(sum(w for w, _ in shown) + t2 - t_paint)
        out["views_cpu"].append(sum(c for _, c in shown) + time.thread_time() - c_paint)
        session.invalidate()  # the evaluation alone, for the split
        t3 = time.perf_counter()
        session.evaluation()
        out["evaluate"].append(time.perf_counter() - t3)
    window.close()
    return out


def write_bids_table(path: Path, n: int, first: int = 0) -> Path:
    """A bids table (CSV, the labels of the bid form) of n generated bids."""
    import csv

    from repm_bids.domain.fields import FIELDS

    session = generated_session(n)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow([f.label for f in FIELDS])
        for i, bid in enumerate(session.bids):
            values = {**bid.values, "bid_ref": f"B-{first + i:06}", "registration_no": f"U{first + i:09}"}
            row = []
            for f in FIELDS:
                v = values.get(f.key)
                if hasattr(v, "strftime"):
                    v = v.strftime("%Y-%m-%d %H:%M")
                elif isinstance(v, bool):
                    v = "Yes" if v else "No"
                row.append("" if v is None else v)
            out.writerow(row)
    return path


class GapMeter:
    """A 10 ms timer on the GUI thread; the longest time between two of its ticks is how long the window froze."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def measure(self, start, done) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
        """Run start(), keep the event loop turning until done(); (longest gap, wall time, processor time of the
        whole process: the GUI thread and the workers, and of the child processes that ended meanwhile: an export's
        or Verify's) in seconds."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        self.longest, self.last = 0.0, time.perf_counter()
        t0, c0 = self.last, _processor()
        self.timer.start()
        start()
        while not done():
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        self._tick()
        self.timer.stop()
        return self.longest, time.perf_counter() - t0, _processor() - c0


def _processor() -> float:
    """Processor time of this process and of its ended (waited-for) children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def no_questions() -> None:
    """Every Save / Discard / Cancel question is answered Discard (a benchmark has no one to answer it)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)  # type: ignore[method-assign]


def event_loop_gaps(n: int, until: str = "") -> dict[str, tuple[float, float, float]]:
    """The operations in order; `until` stops after the one it names (e.g. "verify")."""
    import tempfile

    from PySide6.QtCore import QSettings

    from repm_bids.gui.app import make_app
    from repm_bids.gui.main_window import MainWindow
    from repm_bids.gui.settings import AppSettings

    make_app([sys.argv[0]])
    tmp = Path(tempfile.mkdtemp(prefix="repm-bench-"))
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    no_questions()
    settings = AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    first, second = write_bids_table(tmp / "bids-a.csv", n), write_bids_table(tmp / "bids-b.csv", n, first=n)
    window = MainWindow(settings=settings)
    window.resize(1366, 768)
    window.show()
    meter = GapMeter()
    flows = window.saved_flows
    out: dict[str, tuple[float, float, float]] = {}
    done: list[object] = []

    def imported(paths: list[str]):  # type: ignore[no-untyped-def]
        done.clear()
        window.files.import_done.connect(done.append)
        return lambda: window.files.import_paths(
            paths
        ), lambda: bool(done) and not (flows.writer is not None and flows.writer.busy)

    out["import into a new evaluation"] = meter.measure(*imported([str(first)]))
    window.files.import_done.disconnect()
    repm = tmp / "evaluation.repm"
    out["save as"] = meter.measure(lambda: done.append(flows.save_as(str(repm))), lambda: True)
    book = tmp / "award.xlsx"
    done.clear()
    window.files.export_done.connect(done.append)
    # Both end when their audit entry ("exported", "verified") is in the file, which the store's writer does after
    # the window has shown the outcome.
    stored = lambda: not (flows.writer is not None and flows.writer.busy)  # noqa: E731
    out["export the award workbook"] = meter.measure(
        lambda: window.files.export_award(str(book)), lambda: bool(done) and stored()
    )
    assert isinstance(done[0], Path), done
    if until == "export":
        flows.leave()
        window.close()
        return out
    out["verify"] = meter.measure(lambda: window.verify_flow.verify(str(book)), stored)
    if until == "verify":
        flows.leave()
        window.close()
        return out
    assert flows.save_as(str(tmp / "evaluation-2.repm"))  # open the first file while this one is open, as Open does
    out["open"] = meter.measure(lambda: flows.open(str(repm)), lambda: True)
    out["import into the saved evaluation"] = meter.measure(*imported([str(second)]))
    assert len(window.session.bids) == 2 * n, len(window.session.bids)
    flows.leave()
    window.close()
    return out


def load() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    from PySide6 import __version__ as pyside

    return (
        f"{model or 'unknown CPU'}, nproc = {os.cpu_count()}, Python {platform.python_version()}, PySide6 {pyside}, "
        f"{datetime.now().strftime('%Y-%m-%d %H:%M')}"
    )


def ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:.1f} ms, best {min(xs) * 1000:.1f} ms, worst {max(xs) * 1000:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bids", type=int, default=1000)
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--gaps", default="1000,10000", help="bid counts for the event-loop gaps ('' to skip)")
    ap.add_argument("--only-gaps", action="store_true")
    ap.add_argument("--until", default="", choices=["", "export", "verify"], help="stop the gaps after this operation")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up runs")
    ap.add_argument(
        "--edit", default="capacity-and-method", choices=sorted(EDITS), help="what the scheme changes alternate"
    )
    args = ap.parse_args()
    print(machine())
    print(load(), "(the figures are wall-clock times unless they say processor time)")
    for n in [int(x) for x in args.gaps.split(",") if x]:
        print(f"longest event-loop gap (10 ms timer) with {n:,} bids (goal < {100 if n <= 1000 else 250} ms):")
        for what, (gap, wall, cpu) in event_loop_gaps(n, args.until).items():
            print(f"  {what:34} {gap * 1000:7.0f} ms   (the whole operation {wall:.2f} s, processor time {cpu:.2f} s)")
        print(" ", load())
    if args.only_gaps:
        return 0
    if not args.no_startup:
        s, cpu = startup(args.runs)
        print(f"start-up to the window shown with the demo loaded ({args.runs} runs): {ms(s)}  (goal < 600 ms)")
        print(f"  processor time, with its copy:      {ms(cpu)}")
        print(" ", load())
    if args.changes <= 0:  # `--changes 0`: start-up (and gaps) only
        return 0
    r = scheme_change(args.bids, args.changes, args.edit)
    print(f"scheme change with {args.bids} bids, {args.changes} changes ({args.edit}):")
    print(f"  evaluate() alone:                 {ms(r['evaluate'])}")
    print(f"  edit to every view refreshed:     {ms(r['refresh'])}  (goal < 20 ms)")
    print(f"  ... and painted (offscreen):      {ms(r['painted'])}")
    print(f"  ... processor time, GUI thread:   {ms(r['painted_cpu'])}")
    print(f"  evaluated in the background:      {sum(r['background']):.0f} of {args.changes} changes")
    print(f"  the views' share (result installed and painted): {ms(r['views'])}")
    print(f"  ... processor time, GUI thread:   {ms(r['views_cpu'])}")
    print(" ", load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
