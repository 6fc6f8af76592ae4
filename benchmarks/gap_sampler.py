"""Where the window freezes: run the event-loop gap part of bench_gui.py and, whenever the GUI thread's 10 ms timer
is more than 30 ms late, record that thread's stack every 5 ms, marked "cpu" when the thread used the processor
since the last sample and "wait" when it did not (waiting for a processor or for the interpreter).

    python benchmarks/gap_sampler.py 10000
"""

from __future__ import annotations

import collections
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_gui  # noqa: E402

OPERATIONS = ("import new", "save as", "export", "verify", "open", "import saved")  # bench_gui's order
MAIN = threading.get_ident()
samples: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
state: dict[str, Any] = {"op": None, "last": time.perf_counter(), "ops": iter(OPERATIONS)}


def _patch() -> None:
    tick, measure = bench_gui.GapMeter._tick, bench_gui.GapMeter.measure

    def timed_tick(self: Any) -> None:
        state["last"] = time.perf_counter()
        tick(self)

    def named_measure(self: Any, start: Any, done: Any) -> Any:
        state["op"], state["last"] = next(state["ops"]), time.perf_counter()
        try:
            return measure(self, start, done)
        finally:
            state["op"] = None

    bench_gui.GapMeter._tick = timed_tick  # type: ignore[method-assign]
    bench_gui.GapMeter.measure = named_measure  # type: ignore[method-assign]


def _watch() -> None:
    clock = time.pthread_getcpuclockid(MAIN)
    before = time.clock_gettime(clock)
    while True:
        time.sleep(0.005)
        now = time.clock_gettime(clock)
        used, before = now - before, now
        op = state["op"]
        if not op or time.perf_counter() - state["last"] <= 0.03:
            continue
        frame = sys._current_frames().get(MAIN)
        if frame is None:
            continue
        names = [f"{os.path.basename(f.filename)}:{f.name}:{f.lineno}" for f in traceback.extract_stack(frame)]
        samples[op][("cpu  " if used > 0.002 else "wait ") + " > ".join(names[-7:])] += 1


def main() -> int:
    _patch()
    threading.Thread(target=_watch, daemon=True).start()
    for what, (gap, wall, cpu) in bench_gui.event_loop_gaps(int(sys.argv[1]) if len(sys.argv) > 1 else 1000).items():
        print(f"{what:34} gap {gap * 1000:7.0f} ms   wall {wall:.2f} s, processor {cpu:.2f} s")
    for op, counter in samples.items():
        print(f"== {op}: 5 ms samples while the timer was late")
        for stack, n in counter.most_common(12):
            print(n, stack)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
