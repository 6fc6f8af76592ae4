"""The bundled sample, read and evaluated by a copy of the application's process while the application starts.

A committee laptop has two cores or more, and the start of the application keeps one of them busy loading PySide6
and the window's modules. The evaluation engine (numpy and the checks) and the sample's ten workbooks are loaded,
read and evaluated on another core at the same time, so the window shows the sample in its first paint and loads the
engine for itself only afterwards. Where the system can copy a running process (`os.fork`, Linux), the copy is made
before anything else has started (no thread, no window): it costs about a millisecond and needs no second start of
the interpreter. The copy uses the very functions the application would use: it evaluates a new, empty session (what
the first window shows), then reads the sample with `import_files` as for the application's own files, adds it to a
new session and evaluates that, sends each result as it is made, and ends.

Elsewhere, or if the copy fails or has not answered when a result is wanted, the application does the work itself:
nothing depends on the copy but the time. A result is used only for the state it was made for: the empty evaluation
for a session just made, the sample's only for that session with nothing else added (see `matches`).

The sample is the application's own file and the copy is this very program, so its replies are unpickled as they are.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from repm_bids.domain.models import Problem
    from repm_bids.domain.result import Evaluation
    from repm_bids.services.reading import InputPart
    from repm_bids.services.session import EvaluationSession

Sample = tuple[list["InputPart"], list["Problem"], "Evaluation"]
_LENGTH = struct.Struct("<Q")
# how long a new session waits for the copy's evaluation of it before evaluating itself (the copy answers within a
# few tenths of a second; on a machine too busy for that, the wait is bounded by about what evaluating here costs)
EMPTY_WAIT_SECONDS = 1.0


def can_copy_process() -> bool:
    """Copying the process is safe only on Linux (macOS forbids it once its frameworks are loaded; Windows has no
    fork) and only while this process runs a single thread (a copy holds only the thread that made it)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _fork() -> int | None:
    """A copy of this process (0 in the copy, its id here), where `can_copy_process` said so."""
    if hasattr(os, "fork"):
        return os.fork()
    return None


class SampleReading:
    """The empty evaluation and the sample, made by a copy of this process started now. `empty` and `sample` give
    them (or None); `close` ends the copy if it is still running."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = [str(p) for p in paths]
        self._fd: int | None = None
        self._pid: int | None = None
        self._buffer = b""
        self._replies: list[Any] = []
        self._empty: Evaluation | None = None
        self._asked = False  # whether the empty evaluation was waited for once already
        if not can_copy_process():
            return
        read_fd, write_fd = os.pipe()
        try:
            pid = _fork()
        except OSError:  # no copy: the application does the work itself
            pid = None
        if pid is None:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the copy
            os.close(read_fd)
            _work_and_end(write_fd, self.paths)
        os.close(write_fd)
        self._fd, self._pid = read_fd, pid

    def empty(self, timeout: float) -> Evaluation | None:
        """The evaluation of a new, empty session, waiting up to `timeout` seconds for it the first time it is asked
        for (after that, it is taken only if it has come meanwhile: the caller has been evaluating for itself)."""
        if self._empty is None:
            self._empty = self._reply(0, 0.0 if self._asked else timeout)
            self._asked = True
        return self._empty

    def new_session(self, timeout: float = EMPTY_WAIT_SECONDS) -> EvaluationSession:
        """A new, empty session, holding the copy's evaluation of it when the copy makes it within `timeout`."""
        from repm_bids.services.session import EvaluationSession

        session = EvaluationSession()
        empty = self.empty(timeout)
        if empty is not None:
            session.install(empty, session.generation)
        return session

    def matches(self, session: EvaluationSession) -> bool:
        """Whether `session` is still in the state the copy's empty evaluation was made for: a new session that
        took that evaluation and has not changed since (any change drops it)."""
        return self._empty is not None and session.evaluated and session.evaluation() is self._empty

    def sample_ready(self, timeout: float = 0.0) -> bool:
        """Whether `sample` would answer without waiting, after waiting up to `timeout` seconds for the copy."""
        if len(self._replies) < 2 and self._fd is not None:
            self._reply(1, timeout)  # keeps what came meanwhile
        return len(self._replies) > 1 or self._fd is None

    def sample(self, timeout: float) -> Sample | None:
        """The sample's parts, problems and evaluation (of a new session with the sample added), waiting up to
        `timeout` seconds; None when the copy failed or has not answered in time. The copy is done with after.
        The evaluation is dated now, when it is taken, as the application dates the evaluation it makes when the
        files are added (the date is recorded; nothing in the evaluation depends on it)."""
        try:
            reply: Sample | None = self._reply(1, timeout)
        finally:
            self.close()
        if reply is None:
            return None
        parts, loose, evaluation = reply
        return parts, loose, replace(evaluation, evaluated_at=datetime.now(UTC))

    def _reply(self, index: int, timeout: float) -> Any:
        """The copy's reply number `index` (0: the empty evaluation, 1: the sample), None if there is none."""
        deadline = time.monotonic() + timeout
        while len(self._replies) <= index and self._fd is not None:
            left = max(0.0, deadline - time.monotonic())
            try:
                if not select.select([self._fd], [], [], left)[0]:
                    return None
                chunk = os.read(self._fd, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:  # the copy ended: no more replies
                self.close()
                break
            self._buffer += chunk
            self._split()
        if len(self._replies) <= index:
            return None
        return self._replies[index]

    def _split(self) -> None:
        while len(self._buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._buffer)
            if len(self._buffer) < _LENGTH.size + size:
                return
            data = self._buffer[_LENGTH.size : _LENGTH.size + size]
            self._buffer = self._buffer[_LENGTH.size + size :]
            self._replies.append(pickle.loads(data) if data else None)  # noqa: S301 - this program's own copy

    def close(self) -> None:
        fd, pid = self._fd, self._pid
        self._fd = self._pid = None
        if fd is not None:
            os.close(fd)
        if pid is not None:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if not done:
                    os.kill(pid, 9)  # SIGKILL: there is no pid on a system without it
                    os.waitpid(pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass


def plain(evaluation: Evaluation) -> Evaluation:
    """The same evaluation with each bid's checks and grounds made now (they are made when first read, from the
    engine's arrays): what crosses to the window is then plain data, and reading it back needs no engine."""
    outcomes = tuple(replace(o, checks=tuple(o.checks), grounds=tuple(o.grounds)) for o in evaluation.outcomes)
    return replace(evaluation, outcomes=outcomes)


def _send(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) if value is not None else b""
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _work_and_end(fd: int, paths: list[str]) -> None:
    """The copy's whole life: evaluate a new session, then read the sample into another and evaluate it, sending
    each result (an empty reply when one failed: the application then does that work itself and says what went
    wrong), and end at once, running none of the exit handlers the copy inherited."""
    code = 0
    try:
        from repm_bids.services.reading import import_files
        from repm_bids.services.session import EvaluationSession

        try:
            _send(fd, EvaluationSession().evaluation())
        except Exception:  # noqa: BLE001 - the application evaluates it itself
            _send(fd, None)
        try:
            parts, loose = import_files(paths, shipped=True)
            session = EvaluationSession()
            session.add_parts(parts, loose)
            _send(fd, (parts, loose, plain(session.evaluation())))
        except Exception:  # noqa: BLE001 - the application reads it itself
            _send(fd, None)
    except BaseException:  # noqa: BLE001 - nothing may escape the copy into the application's own code
        code = 1
    finally:
        os._exit(code)
