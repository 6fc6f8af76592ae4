"""Untrusted files are parsed in a worker process (`sandbox_worker.py`) with limits on time, memory and the size
of what comes back. A crash, an abort, a hang or a memory bomb in any parser (the zip and XML checks, calamine,
openpyxl) then costs that one file, reported as unreadable with the reason, and never the application or the other
files: the worker is ended and a fresh one started for the next file.

- Time: each file has a deadline (`deadline` seconds plus `deadline_per_mb` per megabyte of the file); past it the
  worker is killed.
- Memory: the worker caps its own address space at what it uses once started plus `memory` bytes, where the
  operating system allows it (Linux, other Unix systems). On Windows there is no such cap; the deadline still holds.
- Output: a reply larger than `max_reply` bytes is refused and the worker ended.
- What comes back is plain data: bids, problems and decisions as the domain defines them, unpickled with only the
  domain's classes and `datetime` allowed, so even a worker taken over by a hostile file cannot make this process
  run code.

One worker serves a batch, one file at a time; `start()` starts it ahead of time (the application does so when it
opens), so the first import does not wait for the worker's own start (about 0.3 s).
"""

from __future__ import annotations

import datetime
import importlib
import io
import multiprocessing
import pickle
import signal
import threading
from dataclasses import dataclass
from typing import Any

from .sandbox_worker import serve

DEADLINE_SECONDS = 30.0  # for one file, plus DEADLINE_PER_MB for each megabyte of it
DEADLINE_PER_MB = 1.0
MEMORY_BYTES = 2 * 1024 * 1024 * 1024  # address space the worker may add to what it uses once started
MAX_REPLY_BYTES = 512 * 1024 * 1024  # what one file's reading may send back
BID_READER = "repm_bids.io.intake_read:read_bid_bytes"
DECISION_READER = "repm_bids.io.intake_read:read_decision_bytes"
PRELOAD = ("repm_bids.io.intake_read",)


@dataclass(frozen=True)
class Failure:
    """Why the worker gave nothing for a file: 'deadline', 'memory', 'crashed' (with the signal or exit code in
    `detail`), 'too_large' or 'error' (with the exception's type name)."""

    reason: str
    detail: str = ""


class Sandbox:
    """A reading worker and its limits. Thread-safe: one file at a time."""

    def __init__(
        self,
        *,
        deadline: float = DEADLINE_SECONDS,
        deadline_per_mb: float = DEADLINE_PER_MB,
        memory: int = MEMORY_BYTES,
        max_reply: int = MAX_REPLY_BYTES,
        bid_reader: str = BID_READER,
        decision_reader: str = DECISION_READER,
        preload: tuple[str, ...] = PRELOAD,
    ) -> None:
        self.deadline = deadline
        self.deadline_per_mb = deadline_per_mb
        self.memory = memory
        self.max_reply = max_reply
        self.bid_reader = bid_reader
        self.decision_reader = decision_reader
        self.preload = preload
        self.restarts = 0  # workers ended after a failure (for tests and benchmarks)
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None

    def start(self) -> None:
        """Start the worker now if it is not running; returns at once (the worker imports the readers on its own)."""
        with self._lock:
            self._ensure()

    def close(self) -> None:
        with self._lock:
            self._discard()

    def run(self, task: str, name: str, data: bytes) -> Any:
        """What `task` ('module:function', called as function(name, data)) returns for one file, or a `Failure`."""
        request = pickle.dumps((task, name, data), protocol=pickle.HIGHEST_PROTOCOL)
        deadline = self.deadline + self.deadline_per_mb * len(data) / (1024 * 1024)
        with self._lock:
            self._ensure()
            conn = self._conn
            try:
                conn.send_bytes(request)
                del request
                ready = conn.poll(deadline)
            except OSError:
                return self._failed("crashed")
            if not ready:
                return self._failed("deadline")
            try:
                payload = conn.recv_bytes(self.max_reply)
            except EOFError:
                return self._failed("crashed")
            except OSError:  # longer than max_reply (or the pipe broke)
                return self._failed("too_large" if self._process.is_alive() else "crashed")
        try:
            status, value = _PlainData(io.BytesIO(payload)).load()
        except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, EOFError) as exc:
            with self._lock:
                return self._failed("error", type(exc).__name__)
        if status == "ok":
            return value
        with self._lock:
            return self._failed(str(status), str(value))

    def _failed(self, reason: str, detail: str = "") -> Failure:
        """End the worker (a fresh one reads the next file) and say why."""
        process = self._process
        if process is not None and reason == "crashed":
            process.join(2)
            code = process.exitcode
            if code is not None and code < 0:
                try:
                    detail = signal.Signals(-code).name
                except ValueError:
                    detail = f"signal {-code}"
            elif code is not None:
                detail = f"exit code {code}"
        self._discard()
        self.restarts += 1
        return Failure(reason, detail)

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._discard()
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(
            target=serve, args=(child, self.memory, self.preload), daemon=True, name="repm-bids reader"
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent

    def _discard(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)


_PLAIN: dict[tuple[str, str], Any] = {
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timedelta"): datetime.timedelta,
    ("datetime", "timezone"): datetime.timezone,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
}


class _PlainData(pickle.Unpickler):
    """Unpickles only the domain's classes, `datetime` and plain containers: no function, no other class."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN:
            return _PLAIN[module, name]
        if module.startswith("repm_bids.domain."):
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type):
                return found
        return _refuse(module, name)


def _refuse(module: str, name: str) -> Any:
    raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def shared_sandbox() -> Sandbox:
    """The process's reading worker, made on first use (not started until a file is read or `start_reading`)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Sandbox()
        return _shared


def start_reading() -> None:
    """Start the reading worker in the background, so that the first import of files does not wait for it."""
    shared_sandbox().start()
