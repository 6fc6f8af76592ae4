"""Untrusted files are parsed in a worker process (`sandbox_worker.py`) with limits on time, memory and the size
of what comes back. A crash, an abort, a hang or a memory bomb in any parser (the zip and XML checks, calamine,
openpyxl) then costs that one file, reported as unreadable with the reason, and never the application or the other
files: the worker is ended and a fresh one started for the next file.

- Time: each file has a deadline (`deadline` seconds plus `deadline_per_mb` per megabyte of the file); past it the
  worker is killed. The clock starts when the worker has said it is ready (its readers imported), so a slow
  start, after a restart or on a busy machine, costs no file its time.
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
import os
import pickle
import signal
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from .sandbox_worker import READY, serve

DEADLINE_SECONDS = 30.0  # for one file, plus DEADLINE_PER_MB for each megabyte of it
DEADLINE_PER_MB = 1.0
STARTUP_SECONDS = 60.0  # how long a worker may take to start (import the readers) before it counts as crashed
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


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, memory: int, preload: tuple[str, ...]) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=serve, args=(child, memory, preload), daemon=True, name="repm-bids reader")
        self.process.start()
        child.close()
        self.ready = False

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def wait_ready(self, timeout: float) -> bool:
        """Whether the worker has said it is ready (waiting up to `timeout` seconds for it to say so)."""
        if not self.ready:
            try:
                self.ready = self.conn.poll(timeout) and self.conn.recv_bytes(len(READY)) == READY
            except (EOFError, OSError):  # it died while starting
                self.ready = False
        return self.ready

    def end(self) -> str:
        """Stop the worker; what ended it, when it had ended on its own (a signal's name or an exit code)."""
        self.conn.close()
        code = self.process.exitcode
        if code is None:
            self.process.kill()
        self.process.join(5)
        if code is None:
            return ""
        if code < 0:
            try:
                return signal.Signals(-code).name
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"


def default_workers() -> int:
    """Two workers where there are two processors or more (a batch reads about twice as fast), else one."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


class Sandbox:
    """Reading workers and their limits. Thread-safe: one batch at a time."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        deadline: float = DEADLINE_SECONDS,
        deadline_per_mb: float = DEADLINE_PER_MB,
        memory: int = MEMORY_BYTES,
        max_reply: int = MAX_REPLY_BYTES,
        bid_reader: str = BID_READER,
        decision_reader: str = DECISION_READER,
        preload: tuple[str, ...] = PRELOAD,
    ) -> None:
        self.workers = workers or default_workers()
        self.deadline = deadline
        self.deadline_per_mb = deadline_per_mb
        self.memory = memory
        self.max_reply = max_reply
        self.bid_reader = bid_reader
        self.decision_reader = decision_reader
        self.preload = preload
        self.restarts = 0  # workers ended after a failure (for tests and benchmarks)
        self._lock = threading.Lock()
        self._slots: list[_Worker | None] = [None] * self.workers

    def start(self) -> None:
        """Start the workers now if they are not running; returns at once (each imports the readers on its own)."""
        with self._lock:
            for i in range(self.workers):
                self._worker(i)

    def close(self) -> None:
        with self._lock:
            for i in range(self.workers):
                self._end(i)

    def run(self, task: str, name: str, data: bytes) -> Any:
        """What `task` ('module:function', called as function(name, data)) returns for one file, or a `Failure`."""
        return next(self.run_many(task, iter([(name, data)])))

    def run_many(self, task: str, files: Iterator[tuple[str, bytes]]) -> Generator[Any, None, None]:
        """`run` for each (name, data) of `files`, in order; a file is taken from `files` only when a worker is free
        for it. Close the iterator if it is not read to its end (this ends the workers still busy)."""
        with self._lock:
            busy: dict[int, tuple[int, float, Any]] = {}  # slot -> (file number, deadline, worker)
            done: dict[int, Any] = {}
            sent = given = 0
            more = True
            try:
                while more or busy or given < sent:
                    while given in done:
                        yield done.pop(given)
                        given += 1
                    if not (more or busy):
                        continue
                    for slot in range(self.workers):
                        if more and slot not in busy:
                            item = next(files, None)
                            if item is None:
                                more = False
                                break
                            busy[slot] = self._send(slot, sent, task, *item)
                            sent += 1
                    if busy:
                        self._collect(busy, done)
            finally:
                for slot in list(busy):  # abandoned half-way (cancelled): those workers are not waited for
                    self._end(slot)

    def _send(self, slot: int, number: int, task: str, name: str, data: bytes) -> tuple[int, float, Any]:
        worker = self._worker(slot)
        if not worker.wait_ready(STARTUP_SECONDS):
            return number, -1.0, worker  # it never started: collected as crashed at once
        deadline = time.monotonic() + self.deadline + self.deadline_per_mb * len(data) / (1024 * 1024)
        try:
            worker.conn.send_bytes(pickle.dumps((task, name, data), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return number, -1.0, worker  # the worker is gone: collected as crashed at once
        return number, deadline, worker

    def _collect(self, busy: dict[int, tuple[int, float, Any]], done: dict[int, Any]) -> None:
        """Wait for the first reply or deadline among the busy workers; record what came."""
        now = time.monotonic()
        timeout = max(0.0, min(deadline for _, deadline, _ in busy.values()) - now)
        ready = set(wait([w.conn for _, d, w in busy.values() if d >= 0], timeout))
        for slot, (number, deadline, worker) in list(busy.items()):
            if deadline < 0:
                done[number] = self._failed(slot, "crashed")
            elif worker.conn in ready:
                done[number] = self._receive(slot, worker)
            elif deadline <= time.monotonic():
                done[number] = self._failed(slot, "deadline")
            else:
                continue
            del busy[slot]

    def _receive(self, slot: int, worker: _Worker) -> Any:
        try:
            payload = worker.conn.recv_bytes(self.max_reply)
        except EOFError:
            return self._failed(slot, "crashed")
        except OSError:  # longer than max_reply (or the pipe broke)
            return self._failed(slot, "too_large" if worker.alive() else "crashed")
        try:
            status, value = _PlainData(io.BytesIO(payload)).load()
        except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, EOFError) as exc:
            return self._failed(slot, "error", type(exc).__name__)
        if status == "ok":
            return value
        return self._failed(slot, str(status), str(value))

    def _failed(self, slot: int, reason: str, detail: str = "") -> Failure:
        """End the worker (a fresh one reads the next file) and say why."""
        worker = self._slots[slot]
        if worker is not None and reason == "crashed":
            worker.process.join(2)
        ended = self._end(slot)
        self.restarts += 1
        return Failure(reason, detail or (ended if reason == "crashed" else ""))

    def _worker(self, slot: int) -> _Worker:
        worker = self._slots[slot]
        if worker is None or not worker.alive():
            if worker is not None:
                worker.end()
            worker = self._slots[slot] = _Worker(self.memory, self.preload)
        return worker

    def _end(self, slot: int) -> str:
        worker, self._slots[slot] = self._slots[slot], None
        return worker.end() if worker is not None else ""


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


class Shipped(Sandbox):
    """For the files the application ships (the bundled sample) only: read in this process, with no worker to
    start, so that the sample opens as fast as the window. A file from outside always goes to the workers."""

    def __init__(self) -> None:
        super().__init__(workers=1)

    def run_many(self, task: str, files: Iterator[tuple[str, bytes]]) -> Generator[Any, None, None]:
        from .sandbox_worker import resolve

        read = resolve(task)
        for name, data in files:
            yield read(name, data)
