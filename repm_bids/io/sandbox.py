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
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass
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
BATCH_FILES = 4  # files sent to a worker in one message (it answers each as it is read)
BATCH_BYTES = 1024 * 1024  # ... unless they reach this size together


@dataclass
class _Batch:
    """Files sent to one worker in one message and not answered yet (the first is being read), and when the
    first's time is up (-1: the worker could not be sent them)."""

    worker: _Worker
    files: deque[tuple[int, str, bytes]]  # (number in the run, name, data)
    deadline: float = -1.0


@dataclass(frozen=True)
class Failure:
    """Why the worker gave nothing for a file: 'deadline', 'memory', 'crashed' (with the signal or exit code in
    `detail`), 'too_large' or 'error' (with the exception's type name)."""

    reason: str
    detail: str = ""


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, memory: int, preload: tuple[str, ...]) -> None:
        import multiprocessing  # here: the sample, read in this process, starts no worker and needs none of it

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

    def worker_pids(self) -> list[int]:
        """The process ids of the workers running now (for benchmarks)."""
        return [w.process.pid for w in self._slots if w is not None and w.alive() and w.process.pid is not None]

    def run(self, task: str, name: str, data: bytes) -> Any:
        """What `task` ('module:function', called as function(name, data)) returns for one file, or a `Failure`."""
        return next(self.run_many(task, iter([(name, data)])))

    def run_many(self, task: str, files: Iterator[tuple[str, bytes]]) -> Generator[Any, None, None]:
        """`run` for each (name, data) of `files`, in order. Each free worker is sent a few files in one message
        (`BATCH_FILES`, at most `BATCH_BYTES` together) and answers file by file, so it never waits for this process
        between them; files are taken from `files` only as workers become free. When a file fails, the files sent
        with it that were not read yet go to the fresh worker. Close the iterator if it is not read to its end (this
        ends the workers still busy)."""
        with self._lock:
            batches: dict[int, _Batch] = {}  # slot -> the files sent to its worker and not answered yet
            again: deque[tuple[int, str, bytes]] = deque()  # files sent with a failed one, not read: sent again
            done: dict[int, Any] = {}
            taken = given = 0
            more = True
            try:
                while True:
                    while given in done:
                        yield done.pop(given)
                        given += 1
                    fill: dict[int, list[tuple[int, str, bytes]]] = {}  # the free workers' next files
                    for slot in range(self.workers):
                        if slot in batches:
                            continue
                        batch: list[tuple[int, str, bytes]] = []
                        size = 0
                        while len(batch) < BATCH_FILES and (not batch or size < BATCH_BYTES) and (again or more):
                            if again:
                                batch.append(again.popleft())
                            else:
                                item = next(files, None)
                                if item is None:
                                    more = False
                                    break
                                batch.append((taken, *item))
                                taken += 1
                            size += len(batch[-1][2])
                        if batch:
                            fill[slot] = batch
                    for slot in fill:  # every worker that has files to read starts now, before any is waited for
                        self._worker(slot)
                    for slot, batch in fill.items():
                        batches[slot] = self._send(slot, task, batch)
                    if not batches:  # nothing is being read and nothing is left: every file has been given
                        return
                    self._collect(batches, done, again)
            finally:
                for slot in list(batches):  # abandoned half-way (cancelled): those workers are not waited for
                    self._end(slot)

    def _allowance(self, data: bytes) -> float:
        return self.deadline + self.deadline_per_mb * len(data) / (1024 * 1024)

    def _send(self, slot: int, task: str, files: list[tuple[int, str, bytes]]) -> _Batch:
        worker = self._worker(slot)
        batch = _Batch(worker, deque(files))
        if not worker.wait_ready(STARTUP_SECONDS):
            return batch  # it never started: collected as crashed at once
        message = pickle.dumps((task, [(name, data) for _, name, data in files]), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            worker.conn.send_bytes(message)
        except OSError:
            return batch  # the worker is gone: collected as crashed at once
        batch.deadline = time.monotonic() + self._allowance(files[0][2])
        return batch

    def _collect(self, batches: dict[int, _Batch], done: dict[int, Any], again: deque[tuple[int, str, bytes]]) -> None:
        """Wait for the first reply or deadline among the busy workers; record what came."""
        now = time.monotonic()
        timeout = max(0.0, min(b.deadline for b in batches.values()) - now)
        from multiprocessing.connection import wait

        ready = set(wait([b.worker.conn for b in batches.values() if b.deadline >= 0], timeout))
        for slot, batch in list(batches.items()):
            number = batch.files[0][0]
            if batch.deadline < 0:
                got = done[number] = self._failed(slot, "crashed")
            elif batch.worker.conn in ready:
                got = done[number] = self._receive(slot, batch.worker)
            elif batch.deadline <= time.monotonic():
                got = done[number] = self._failed(slot, "deadline")
            else:
                continue
            batch.files.popleft()
            if isinstance(got, Failure):  # that worker is ended: the rest of its batch goes to the next one
                again.extendleft(reversed(batch.files))
                batch.files.clear()
            if batch.files:  # the worker goes on to the next file of the batch now: its clock starts
                batch.deadline = time.monotonic() + self._allowance(batch.files[0][2])
            else:
                del batches[slot]

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
