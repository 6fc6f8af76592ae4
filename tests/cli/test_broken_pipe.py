"""`repm-bids … | head`: when the reader of the output stops early, the command stops quietly (no traceback, no
'unexpected error'), as Python's documentation advises for SIGPIPE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from repm_bids.services.samples import sample_bid_dir


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "repm_bids", "check", "--values", str(sample_bid_dir())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `head` does once it has what it wants: every write from now on meets a closed pipe
    err = child.stderr.read().decode()
    assert child.wait(timeout=120) == 1
    assert err == ""
