"""The sample read and evaluated by a copy of the process: the same parts and the same evaluations as this process
would make, plain data when they cross, and nothing at all where no copy can be made.

The copy is made (on Linux) only by a process running one thread, so each test that makes one runs in a fresh
interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import replace

from repm_bids.services import sample_reading
from repm_bids.services.reading import import_files
from repm_bids.services.sample_reading import SampleReading, plain
from repm_bids.services.samples import sample_paths
from repm_bids.services.session import EvaluationSession


def _in_fresh_process(code: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return result


def test_the_copy_makes_what_this_process_would():
    code = """
import json, sys
from dataclasses import replace
from repm_bids.services.reading import import_files
from repm_bids.services.sample_reading import SampleReading, plain
from repm_bids.services.samples import sample_paths
from repm_bids.services.session import EvaluationSession
paths = [str(p) for p in sample_paths()]
reading = SampleReading(paths)
copied = reading._pid is not None
engine_before = "numpy" in sys.modules
empty = reading.empty(60)
parts, loose, evaluation = reading.sample(60)
engine_after_reading = "numpy" in sys.modules
want_parts, want_loose = import_files(paths, shipped=True)
# each file is dated when it was read (by the copy, a moment before): the rest must be the same
want_parts = [replace(w, input=replace(w.input, read_at=p.input.read_at)) for w, p in zip(want_parts, parts)]
session = EvaluationSession()
session.add_parts(want_parts, want_loose)
want = plain(replace(session.evaluation(), evaluated_at=evaluation.evaluated_at))
fresh = EvaluationSession().evaluation()
print(json.dumps({
    "copied": copied,
    "engine loaded before": engine_before,
    "engine loaded to read the replies": engine_after_reading,
    "same parts": parts == want_parts and loose == want_loose,
    "same evaluation": repr(evaluation) == repr(want),
    "bids": evaluation.summary.bids_received,
    "same empty evaluation": repr(replace(empty, evaluated_at=fresh.evaluated_at)) == repr(fresh),
    "copy reaped": reading._pid is None,
}))
"""
    assert _in_fresh_process(code) == {
        "copied": True,
        "engine loaded before": False,
        "engine loaded to read the replies": False,  # the replies are plain data
        "same parts": True,
        "same evaluation": True,
        "bids": 10,
        "same empty evaluation": True,
        "copy reaped": True,
    }


def test_a_copy_that_is_not_waited_for_is_ended_and_reaped():
    code = """
import json, os
from repm_bids.services.sample_reading import SampleReading
from repm_bids.services.samples import sample_paths
reading = SampleReading([str(p) for p in sample_paths()])
pid = reading._pid
reading.close()
try:
    os.waitpid(pid, os.WNOHANG)
    gone = False
except ChildProcessError:
    gone = True
print(json.dumps({"copied": pid is not None, "gone": gone, "sample": reading.sample(0)}))
"""
    assert _in_fresh_process(code) == {"copied": True, "gone": True, "sample": None}


def test_a_copy_whose_reading_fails_says_so_and_the_caller_reads_itself():
    code = """
import json
from repm_bids.services.sample_reading import SampleReading
import repm_bids.services.reading as reading_module
def broken(*args, **kwargs):
    raise RuntimeError("no reading")
reading_module.import_files = broken  # in the copy too: it is this process
reading = SampleReading(["anything.xlsx"])
empty = reading.empty(60)
print(json.dumps({"empty made": empty is not None, "sample": reading.sample(60)}))
"""
    assert _in_fresh_process(code) == {"empty made": True, "sample": None}


def test_no_copy_is_made_while_other_threads_run():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not sample_reading.can_copy_process()
        reading = SampleReading([str(p) for p in sample_paths()])
        assert reading.empty(0) is None and reading.sample(0) is None
        assert reading.sample_ready()  # nothing to wait for: the caller reads the sample itself at once
        session = reading.new_session(0)
        assert not session.evaluated and not reading.matches(session)
    finally:
        stop.set()
        other.join()


def test_plain_evaluation_is_the_same_evaluation_made_now():
    paths = [str(p) for p in sample_paths()]
    parts, loose = import_files(paths, shipped=True)
    session = EvaluationSession()
    session.add_parts(parts, loose)
    evaluation = session.evaluation()
    made = plain(evaluation)
    assert made == evaluation
    for before, after in zip(evaluation.outcomes, made.outcomes, strict=True):
        assert type(after.checks) is tuple and type(after.grounds) is tuple
        assert list(after.checks) == list(before.checks) and list(after.grounds) == list(before.grounds)
    assert replace(made, outcomes=evaluation.outcomes) == evaluation


def test_the_empty_evaluation_is_waited_for_once_only(monkeypatch):
    """A copy too slow to answer the first window is not waited for again by the sample's session."""
    waits: list[float] = []
    monkeypatch.setattr(SampleReading, "_reply", lambda self, index, timeout: waits.append(timeout))
    reading = SampleReading([])
    assert not reading.new_session(0.5).evaluated
    assert not reading.new_session(0.5).evaluated
    reading.close()
    assert waits == [0.5, 0.0]
