"""Write a file whole or not at all: a temporary file beside the target, flushed, then moved over it."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from repm_bids.io.replace import replace_file


class WriteFailed(Exception):
    """The target could not be written; the message is a sentence for the user. Any existing file is unchanged."""


def _explain(target: Path, exc: OSError) -> str:
    if target.is_dir():
        return f"Cannot write {target}: it is a folder. Choose a file name."
    if isinstance(exc, PermissionError):
        return (
            f"Cannot write {target}: permission denied. If the file is open in Excel or another program, close it "
            "and try again, or choose another name."
        )
    if not target.parent.exists():
        return f"Cannot write {target}: the folder {target.parent} does not exist."
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            f"Cannot write {target}: the disk is full. Free some space or choose another place; nothing was "
            "written and any existing file is unchanged."
        )
    if exc.errno == errno.EROFS:
        return f"Cannot write {target}: the disk or folder is read-only. Choose another place."
    return f"Cannot write {target}: {exc.strerror or exc}."


def _read_umask() -> int:
    umask = os.umask(0o022)  # read once at import: os.umask is process-wide and not thread-safe
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _mode_for(path: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets the usual mode (0666 less the umask), not
    mkstemp's private 0600."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file to write; on success it replaces `target`, on any exception it is removed."""
    path = Path(target)
    if path.is_dir():
        raise WriteFailed(_explain(path, IsADirectoryError(str(path))))
    if path.exists() and not path.is_file():  # replacing a device, pipe or socket would destroy it, not write it
        raise WriteFailed(
            f"Cannot write {path}: it is not a regular file (a device, pipe or socket). Choose a file name."
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteFailed(_explain(path, exc)) from exc
    try:
        os.chmod(tmp, _mode_for(path))
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:  # the disk filled up or failed while writing: a sentence; the old file stays
            raise WriteFailed(_explain(path, exc)) from exc
        try:
            replace_file(tmp, path)  # tried again on Windows while another program holds the target
        except OSError as exc:
            raise WriteFailed(_explain(path, exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(target: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> None:
    with atomic_file(target) as fh:
        write(fh)


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_file(target) as fh:
        fh.write(data)
