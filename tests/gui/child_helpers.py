"""Functions the process-task tests run in a child process (module level, without Qt, so a child imports them)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from repm_bids.io.atomic import WriteFailed, atomic_file


def whose(progress: Any, cancel: Any, tag: str) -> tuple[int, str]:
    """Reports two steps and returns the child's process id with `tag`."""
    progress(1, 2, "first")
    progress(2, 2, "second")
    return os.getpid(), tag


def fails(progress: Any, cancel: Any, text: str) -> None:
    raise WriteFailed(text)


def dies(progress: Any, cancel: Any) -> None:
    os._exit(3)  # as if the system ended it


def writes_forever(progress: Any, cancel: Any, target: Path) -> None:
    """Starts a whole-or-nothing write of `target`, says so, and never finishes it (until cancelled)."""
    with atomic_file(target) as fh:
        fh.write(b"half a file")
        progress(1, 2, target.name)
        while True:
            time.sleep(0.01)


def niceness(progress: Any, cancel: Any) -> int:
    """The child's scheduling priority (0: the usual; higher: it gives way to others)."""
    return os.nice(0)
