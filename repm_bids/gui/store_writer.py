"""Every write to the open `.repm` file runs off the GUI thread, one after another, in the order made.

The writer stands in for the SavedEvaluation as the session's listener: on each change it takes a snapshot of
the session's state (lists and dicts copied, the bids themselves shared: they never change) and stores it on its own
thread, so storing an import of a thousand bids never freezes the window. Work that reads the file whole (Save As,
Verify) first waits for the queue (`flush`) and then holds the file's lock, so it sees every change made before it.

A change is stored STORE_AFTER_MS after the last one, not at once: storing it (its audit entry, the decisions and
files it touched) takes about 3 ms of the interpreter on this thread, and done at once it competed with the GUI thread
re-evaluating and repainting the same change (the interpreter runs one thread at a time). A run of quick changes (a
spin box's arrow held down) is held until it pauses, at most HOLD_AT_MOST_SECONDS; anything else queued (a result,
an export, closing, `flush`) first queues the changes held, so the order of the file's entries is the order made.

When storing finds that a file changed on disk or vanished while it was imported, the store corrects its copy of the
session; `adopt` hands the correction back to the GUI thread, which applies it to the session shown.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)


STORE_AFTER_MS = 150  # a change is stored this long after the last change: after its repaint, when editing pauses
HOLD_AT_MOST_SECONDS = 1.0  # a run of changes that never pauses is stored at least this often
ENCODE_APART_FROM = 3000  # bids: from here on a result is encoded in a child process (a start costs about 0.5 s)


def encoded_apart(evaluation: Any, pickled: Callable[[], bytes] | None = None) -> tuple[str, bytes] | None:
    """The result's digest and text made in a child process when the evaluation is large, else None (made here).
    At 10,000 bids encoding takes tens of seconds of processor time; on this thread it would compete with the GUI
    thread for the interpreter all along (an export or Verify first records the result, so the window froze for up
    to a second then). The child makes exactly what `record_evaluated` would. `pickled()`: the evaluation pickled
    for a child, when an export shares its pickle (`process_child.PickledOnce`)."""
    if len(evaluation.bids) < ENCODE_APART_FROM:
        return None
    from repm_bids.gui import child_work
    from repm_bids.gui.process_child import dumps
    from repm_bids.gui.process_task import call_in_child

    try:
        data = pickled() if pickled is not None else dumps(evaluation)
        encoded: tuple[str, bytes] = call_in_child(child_work.encode_result, data, name="store result")
    except Exception:  # noqa: BLE001 - no process could be started: the same work, here
        log.warning("encoding the result in a child process failed; encoding it here", exc_info=True)
        return None
    return encoded


class StoreWriter(QObject):
    written = Signal(str)  # an action stored (the audit trail has a new entry)
    failed = Signal(str, object)  # what was being stored, and the exception
    adopt = Signal(object)  # (session copy the store corrected, the input hashes it had before)

    def __init__(self, saved: Any, session: Any, parent: QObject | None = None) -> None:
        """`saved`: the open SavedEvaluation, or None when `create` makes it on the writer's thread."""
        super().__init__(parent)
        self.saved = saved
        self.session = session
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="repm-store")
        self._pending = 0  # changes held and work queued, not yet done
        self._count_lock = threading.Lock()
        self._order_lock = threading.RLock()  # held changes go to the queue before any later work
        self._held: list[tuple[Callable[[], Any], str]] = []
        self._held_since = 0.0
        self._made_on = threading.get_ident()  # the GUI thread (asking Qt for the thread's object from another
        # thread leaves, with PySide6 6.6, a Python object for a thread Qt deletes when the thread ends)
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(STORE_AFTER_MS)
        self._hold_timer.timeout.connect(self.release)
        self._last: Future[Any] | None = None
        self._recorded: Any = None  # the evaluation object last queued to be stored as the latest result
        if saved in session.listeners:
            session.listeners[session.listeners.index(saved)] = self
        else:
            session.listeners.insert(0, self)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    # -- the session's listener ------------------------------------------------------------------------------------
    def session_changed(self, session: Any, action: str, details: dict[str, Any]) -> None:
        copy = session.snapshot()
        kept = [p.sha256 for p in copy.parts]

        def store() -> None:
            if self.saved is None:
                return  # the file could not be made; the GUI said so
            self.saved.session_changed(copy, action, details)
            if [p.sha256 for p in copy.parts] != kept:
                self.adopt.emit((copy, kept))

        self._hold(store, action)

    def create(self, path: Any, user: str | None) -> None:
        """Make the file on the writer's thread (an untitled evaluation's first import stores every input file)."""
        copy = self.session.snapshot()

        def make() -> None:
            from repm_bids.services.saved import create_saved  # imported here too: the store's modules take a while

            self.saved = create_saved(path, copy, user)
            copy.listeners.clear()

        self._submit(make, "created")

    # -- other work on the same thread ------------------------------------------------------------------------------
    def record_evaluated(self, evaluation: Any, pickled: Callable[[], bytes] | None = None) -> None:
        """Store `evaluation` as the latest result, unless this very result was stored by this writer already:
        leaving an evaluation for another records it again, and hashing 1,000 outcomes on this thread for nothing
        would compete with the GUI thread installing the evaluation opened. `pickled`: see `encoded_apart`."""
        if evaluation is self._recorded:
            return
        self._recorded = evaluation  # the queue runs in order: once this job has run, it is the latest stored

        def record() -> None:
            try:
                self.saved.record_evaluated(evaluation, encoded_apart(evaluation, pickled))
            except Exception:
                if self._recorded is evaluation:
                    self._recorded = None  # not stored: tried again next time
                raise

        self._submit(record, "evaluated")

    def record(self, what: str, work: Callable[[Any], Any]) -> None:
        """Store something else (an export, a decisions file) after the changes queued before it:
        `work(saved_evaluation)` on the writer's thread."""
        self._submit(lambda: work(self.saved), what)

    def _hold(self, work: Callable[[], Any], what: str) -> None:
        """Keep a change to be stored when editing pauses (queued at once off the GUI thread, or once the changes
        held have waited HOLD_AT_MOST_SECONDS)."""
        with self._count_lock:
            self._pending += 1
            now = time.monotonic()
            if not self._held:
                self._held_since = now
            self._held.append((work, what))
            overdue = now - self._held_since >= HOLD_AT_MOST_SECONDS
        if overdue or threading.get_ident() != self._made_on:  # the timer runs on the thread that made the writer
            self.release()
        else:
            self._hold_timer.start()  # again: the change is stored once changes pause

    def release(self) -> None:
        """Queue the changes held, in the order made."""
        with self._order_lock:
            with self._count_lock:
                held, self._held = self._held, []
            for work, what in held:
                self._queue(work, what)

    def _submit(self, work: Callable[[], Any], what: str) -> None:
        with self._order_lock:
            self.release()
            with self._count_lock:
                self._pending += 1
            self._queue(work, what)

    def _queue(self, work: Callable[[], Any], what: str) -> None:
        """Run `work` on the writer's thread after everything queued before (counted in `_pending` already)."""

        def job() -> None:
            error: Exception | None = None
            try:
                work()
            except Exception as exc:  # the change stays in the session; the GUI says it was not stored
                log.exception("could not store %s", what or "the work")
                error = exc
            with self._count_lock:
                self._pending -= 1  # before the signal, so that its receiver sees the writer idle
            if error is not None:
                self.failed.emit(what, error)
            else:
                self.written.emit(what)

        self._last = self._pool.submit(job)

    def flush(self, timeout: float | None = 60.0) -> None:
        """Wait until every change made so far is stored (before closing, reading the file whole, and in tests)."""
        self.release()
        last = self._last
        if last is not None:
            last.result(timeout)

    def close_later(self, then: Callable[[], Any] | None = None) -> Future[Any]:
        """Stop listening now; store what is queued, close the file and call `then` on the writer's thread, so that
        leaving a large evaluation for another never waits on the GUI thread. The future is done when all is."""
        if self in self.session.listeners:
            self.session.listeners.remove(self)
        self.release()

        def last() -> None:
            if self.saved is not None:
                self.saved.close()
            if then is not None:
                then()

        done = self._pool.submit(last)
        self._pool.shutdown(wait=False)
        return done

    def close(self) -> None:
        """Store what is queued, stop listening and release the thread (the caller closes the file)."""
        if self in self.session.listeners:
            self.session.listeners.remove(self)
        self.release()
        self._pool.shutdown(wait=True)
