"""Background work in a child process: a `Task` whose heavy part never shares this process's interpreter.

A thread of the pool can still freeze the window: while it runs Python (writing a workbook cell by cell, reading one
back) the GUI thread waits for the interpreter between its own calls, and the garbage it makes is collected on the
GUI thread. A `ProcessTask` runs on the pool like any `Task`, with the same signals, so a flow follows it, shows its
progress and cancels it the same way; but its thread only prepares what the child needs (`prepare`, which should
be quick: a path, a copy of a file, a value to pickle), starts a fresh process (the "spawn" way, the same on every
system), and waits for its answers without holding the interpreter.

The child calls `function(progress, cancel, *args)`: a module-level function (it travels by name), with arguments
and a result that pickle. Progress, the result, the exception (with the child's traceback as a note) and a
cancellation reach the window as they do from a thread. Cancel asks the child to stop; it stops at its next line of
Python, its whole-or-nothing writes removing their temporary files; a child that has not stopped within
`CANCEL_GRACE` seconds is killed. A child that dies (killed from outside, out of memory) is an error, never a hang.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from repm_bids.domain.progress import Cancelled
from repm_bids.gui.process_child import CANCEL, serve
from repm_bids.gui.tasks import Task, already_ran

log = logging.getLogger(__name__)

CANCEL_GRACE = 3.0  # seconds a cancelled child has to stop by itself before it is killed (closing waits 5 s)
POLL = 0.1  # how often the waiting thread looks at the cancel token

Prepare = Callable[[Callable[[int, int, str], None], Any], tuple[Any, ...]]


class ChildDied(Exception):
    """The child process ended without an answer."""


class ProcessTask(Task):
    """Run `function(progress, cancel, *prepare(progress, cancel))` in a child process; `cleanup()` runs on the
    pool thread once the child has ended, whatever happened (removing a copy made for it, say)."""

    def __init__(
        self,
        function: Callable[..., Any],
        prepare: Prepare | None = None,
        *,
        name: str = "task",
        cleanup: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(self._in_child, name)
        self.function = function
        self.prepare = prepare or _nothing_to_prepare
        self.cleanup = cleanup
        self.pid: int | None = None  # the child's, once started (tests)

    def release(self) -> None:
        super().release()
        self.function = already_ran
        self.prepare = _nothing_to_prepare
        self.cleanup = None

    def _in_child(self, progress: Callable[[int, int, str], None], cancel: Any) -> Any:
        try:
            args = self.prepare(progress, cancel)
            if cancel.cancelled:
                raise Cancelled()
            return _run_child(self, self.function, args, progress, cancel)
        finally:
            if self.cleanup is not None:
                self.cleanup()


def _nothing_to_prepare(progress: Callable[[int, int, str], None], cancel: Any) -> tuple[Any, ...]:
    return ()


def call_in_child(function: Callable[..., Any], *args: Any, name: str = "task") -> Any:
    """`function(progress, cancel, *args)` in a child process, waited for on the calling thread (not the GUI's):
    for work queued on a thread of its own, such as the store's writer, that would otherwise run Python here for
    seconds. Its exception is raised here; it cannot be cancelled, but it ends with this process."""
    from repm_bids.domain.progress import CancelToken

    return _run_child(_Named(name), function, args, lambda *progress: None, CancelToken())


class _Named:
    """What `_run_child` needs of a task: its name, and a place for the child's process id."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pid: int | None = None


def _run_child(
    task: ProcessTask | _Named, function: Callable[..., Any], args: tuple[Any, ...], progress: Any, cancel: Any
) -> Any:
    ctx = multiprocessing.get_context("spawn")
    replies, child_replies = ctx.Pipe(duplex=False)
    child_commands, commands = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=serve, args=(child_replies, child_commands), daemon=False, name=f"repm-bids {task.name}"
    )
    # Not a daemon: the work may start processes of its own (the sandbox's readers); it still ends with this process,
    # since losing the parent's end of the command pipe cancels it.
    process.start()
    child_replies.close()
    child_commands.close()
    task.pid = process.pid
    try:
        commands.send((function, args))
        return _wait(process, replies, commands, progress, cancel)
    finally:
        if process.exitcode is None:
            process.kill()
        process.join()
        replies.close()
        commands.close()


def _wait(process: Any, replies: Connection, commands: Connection, progress: Any, cancel: Any) -> Any:
    """Follow the child's answers until its last one; ask it to stop once `cancel` is set, kill it if it will not."""
    asked_at: float | None = None
    while True:
        if cancel.cancelled and asked_at is None:
            asked_at = time.monotonic()
            with contextlib.suppress(OSError):  # it has already ended
                commands.send_bytes(CANCEL)
        if asked_at is not None and time.monotonic() - asked_at > CANCEL_GRACE:
            raise Cancelled()  # the caller kills it
        ready = wait([replies, process.sentinel], POLL)
        if replies in ready:
            try:
                answer = replies.recv()
            except EOFError:  # it closed its end: it is ending without an answer
                process.join(CANCEL_GRACE)
                break
            kind = answer[0]
            if kind == "progress":
                progress(*answer[1:])
                continue
            if kind == "result":
                return answer[1]
            if kind == "error":
                raise answer[1]
            raise Cancelled()
        if process.sentinel in ready and not replies.poll():
            process.join()
            break
    if asked_at is not None:
        raise Cancelled()
    raise ChildDied(f"The background process ended without an answer (exit code {process.exitcode}).")


def leftovers_remover(target: Path) -> Callable[[], None]:
    """A `cleanup` for a child writing `target` whole or not at all: the temporary files such a write makes beside
    it (`.name.*.tmp`) that were not there before and are still there once the child has ended (it was killed
    mid-write) are removed. A child that ends by itself has removed its own."""
    pattern = f".{glob.escape(target.name)}.*.tmp"
    before = set(target.parent.glob(pattern)) if target.parent.is_dir() else set()

    def remove() -> None:
        if target.parent.is_dir():
            for left in set(target.parent.glob(pattern)) - before:
                with contextlib.suppress(OSError):
                    left.unlink()

    return remove
