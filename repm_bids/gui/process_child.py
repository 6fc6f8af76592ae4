"""The child's side of `process_task`: run one piece of work in a process of its own and answer over a pipe.

Kept free of Qt, so the child imports only what its work needs. The child receives `(function, args)`, calls
`function(progress, cancel, *args)` and sends back, in order, any number of `("progress", done, total, message)`
and then exactly one of `("result", value)`, `("error", exception)` or `("cancelled",)`.

Cancelling is asked for over a second pipe: a listening thread sets the work's `CancelToken` and interrupts the
child's main thread, so the work stops at its next line of Python and its `with` blocks clean up (a whole-or-nothing
write removes its temporary file) before the child says it was cancelled.
"""

from __future__ import annotations

import _thread
import contextlib
import dataclasses
import io
import operator
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from repm_bids.domain.progress import Cancelled, CancelToken

CANCEL = b"cancel"


class ChildFailed(Exception):
    """The work failed with an exception that could not be sent back as it was: its type and text."""


def serve(replies: Connection, commands: Connection) -> None:
    """The child process's whole life: one piece of work."""
    # The cancel listener interrupts this thread as Ctrl+C would; a child started from a shell that ignores Ctrl+C
    # (a background job) inherits that, and the interruption would do nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _yield_to_the_window()
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        replies.send(("progress", done, total, message))

    try:
        function, args = commands.recv()
        threading.Thread(target=_listen, args=(commands, token), daemon=True, name="cancel listener").start()
        try:
            value = function(progress, token, *args)
        except (Cancelled, KeyboardInterrupt):
            replies.send(("cancelled",))
            return
        replies.send(("cancelled",) if token.cancelled else ("result", value))
    except KeyboardInterrupt:  # cancelled before the work began or while answering: the parent stops reading
        return
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the window, which says what it was
        replies.send(("error", _sendable(exc)))


BACKGROUND_NICENESS = 10  # how much lower the child's claim on a processor is than the window's


def _yield_to_the_window() -> None:
    """Run at a lower priority than the window's process. An export writing a workbook and the store encoding a
    result are two children each using a whole processor; on a two-core machine the window's own thread then waits
    for a processor, and freezes a tenth of a second at a time. Their work is the same, only its turn comes after
    the window's (on systems without `os.nice` it runs at the usual priority)."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed here: the usual priority
            os.nice(BACKGROUND_NICENESS)


def _listen(commands: Connection, token: CancelToken) -> None:
    try:
        asked = commands.recv_bytes() == CANCEL
    except (EOFError, OSError):  # the parent is gone: stop too
        asked = True
    if asked:
        token.cancel()
        _thread.interrupt_main()


def _sendable(exc: Exception) -> Exception:
    """The exception itself, with the child's traceback as a note, when it survives pickling; else ChildFailed."""
    exc.add_note("".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - an exception that cannot travel is described instead
        failed = ChildFailed(f"{type(exc).__name__}: {exc}")
        failed.add_note("".join(traceback.format_exception(exc)))
        return failed
    return exc


# -- handing a large value over quickly ----------------------------------------------------------------------------
# Frozen dataclasses with slots (most of the domain) pickle through dataclasses' own `__getstate__`, which looks up
# the class's fields again for every object: 0.75 s for the 20,000 objects of a 1,000-bid evaluation. A reducer
# made once per class (a C attrgetter of its fields) gives the same fields, about thirty times faster.
_REDUCERS: dict[type, Callable[[Any], Any]] = {}


_ONE_AT_A_TIME = threading.Lock()


class PickledOnce:
    """`dumps(value)` made once, by the first thread that asks; another that asks meanwhile waits for it and gets
    the same bytes. An export and the store's writer both send the evaluation shown to a child at the same moment:
    pickling 10,000 outcomes twice is twice the time the GUI thread waits for the interpreter."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self._lock = threading.Lock()
        self._data: bytes | None = None

    def __call__(self) -> bytes:
        with self._lock:
            if self._data is None:
                self._data = dumps(self.value)
            return self._data


def dumps(value: Any) -> bytes:
    """Pickle `value` for the child, slotted dataclasses through `_rebuild` (`pickle.loads` reads it back).

    One pickle at a time in this process: an export and the store's writer both hand a large evaluation to a child
    at the same moment, and two threads pickling at once keep the GUI thread waiting for the interpreter about twice
    as long as one does (the one waiting for the lock waits without holding it)."""
    with _ONE_AT_A_TIME:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        return buffer.getvalue()


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        reducer = _REDUCERS.get(cls)
        if reducer is None:
            reducer = _REDUCERS[cls] = _reducer_for(cls)
        return reducer(obj)


def _reducer_for(cls: type) -> Callable[[Any], Any]:
    getstate = getattr(cls, "__getstate__", None)
    if not dataclasses.is_dataclass(cls) or getattr(getstate, "__name__", "") != "_dataclass_getstate":
        return lambda obj: NotImplemented  # pickle's own way
    names = tuple(f.name for f in dataclasses.fields(cls))
    if not names:
        return lambda obj: NotImplemented
    values = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (_rebuild, (cls, names, (values(obj),)))
    return lambda obj: (_rebuild, (cls, names, values(obj)))


def _rebuild(cls: type, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    """What `_dataclass_setstate` does: the fields set as they were, without `__init__` (nothing is checked again)."""
    obj: Any = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(obj, name, value)
    return obj
