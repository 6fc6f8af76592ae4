"""Progress reporting and cancellation for long work, without Qt: the GUI passes a callback and a token."""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[int, int, str], None]
"""progress(done, total, message): called from the working thread; must be cheap."""


class Cancelled(Exception):
    """Raised inside long work when its CancelToken was cancelled; callers catch it and keep nothing half-done."""


class CancelToken:
    """A flag the GUI thread sets and the working thread polls (thread-safe)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
