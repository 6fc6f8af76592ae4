"""The one background-task helper: run a callable on the thread pool, deliver its result, error and progress on
the GUI thread (after Picard's picard/util/thread.py).

The callable receives `progress(done, total, message)` and a `CancelToken`, the same plain arguments the service
functions take, so nothing below the GUI knows about Qt. Signals belong to a QObject made on the GUI thread, so
Qt queues their delivery to it whatever thread emits them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from repm_bids.domain.progress import Cancelled, CancelToken

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int, str], None], CancelToken], Any]


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, message
    result = Signal(object)  # what the callable returned
    error = Signal(object)  # the exception it raised
    cancelled = Signal()
    finished = Signal()  # after result, error or cancelled


def already_ran(*args: Any) -> Any:
    """What a task holds in place of its work once it has run (`Task.release`)."""
    raise RuntimeError("this task has already run")


class Task(QRunnable):
    """One piece of background work. Keep `signals` connected; call `cancel()` from the GUI thread."""

    def __init__(self, work: Work, name: str = "task") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner holds the task until `finished`
        self.work = work
        self.name = name
        self.token = CancelToken()
        self.signals = TaskSignals()

    def cancel(self) -> None:
        self.token.cancel()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.signals.progress.emit(done, total, message)

    def release(self) -> None:
        """Drop the work, and what its closure holds (a session, an evaluation of 10,000 bids), once it has run: the
        connections made to the task's signals keep the task itself alive through Qt, where Python's collector
        cannot see them."""
        self.work = already_ran

    def run(self) -> None:
        try:
            value = self.work(self._progress, self.token)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # delivered to the GUI thread, which decides how to show it
            log.debug("task %s failed", self.name, exc_info=True)
            self.signals.error.emit(exc)
        else:
            if self.token.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.result.emit(value)
        finally:
            self.release()
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they finish."""

    started = Signal(object)  # Task
    done = Signal(object)  # Task

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.running: list[Task] = []

    def start(
        self,
        work: Work | Task,
        *,
        name: str = "task",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Task:
        task = work if isinstance(work, Task) else Task(work, name)  # a Task made beforehand (a ProcessTask)
        s = task.signals
        if on_result:
            s.result.connect(on_result)
        if on_error:
            s.error.connect(on_error)
        if on_progress:
            s.progress.connect(on_progress)
        if on_cancelled:
            s.cancelled.connect(on_cancelled)
        s.finished.connect(lambda: self._finished(task))
        self.running.append(task)
        self.started.emit(task)
        self.pool.start(task)
        return task

    def _finished(self, task: Task) -> None:
        if task in self.running:
            self.running.remove(task)
        self.done.emit(task)

    def cancel_all(self) -> None:
        for t in list(self.running):
            t.cancel()

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)
