"""The reading worker's side of `sandbox.py`: a loop that takes a few files at a time from the pipe, runs the named
reading function on it, and sends back what it gave (or why it gave nothing).

It runs in its own process, started with the 'spawn' method (a fresh interpreter: safe beside Qt's threads, and the
same on Windows). Before the first file it imports the readers, then caps its own address space where the
operating system allows it (`resource.setrlimit(RLIMIT_AS)`: Linux and other Unix systems; not Windows, where the
parent's deadline is the only bound). A parser that runs out of memory then fails in this process only.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any


def limit_memory(budget: int) -> bool:
    """Cap the address space at what the process uses now plus `budget` bytes; False where that is not possible."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space() + budget
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError):
        return False
    return True


def _address_space() -> int:
    """The process's virtual size in bytes (Linux), or 1 GiB as a stand-in where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 1 << 30


READY = b"ready"  # the worker's first message: started, readers imported, memory capped


def resolve(task: str) -> Callable[[str, bytes], Any]:
    """'package.module:function' -> the function."""
    module, _, name = task.partition(":")
    fn: Callable[[str, bytes], Any] = getattr(importlib.import_module(module), name)
    return fn


def serve(conn: Any, memory: int, preload: Sequence[str]) -> None:
    """The worker's loop, until the parent closes the pipe. Each message is a task and a few files; each file is
    answered on its own, in order, with ('ok', result), ('memory', '') or ('error', the exception's type name)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it then closes the pipe
    for module in preload:
        importlib.import_module(module)
    limit_memory(memory)
    conn.send_bytes(READY)  # the parent starts a file's clock only now, so a slow start costs no file its time
    while True:
        try:
            task, files = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        read = resolve(task)
        while files:
            name, data = files.pop(0)
            try:
                reply: tuple[str, Any] = ("ok", read(name, data))
            except MemoryError:
                reply = ("memory", "")
            except BaseException as exc:  # noqa: BLE001 - reported as the file's, the worker goes on
                reply = ("error", type(exc).__name__)
            del data
            try:
                payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps(("memory", ""))
            del reply
            conn.send_bytes(payload)
