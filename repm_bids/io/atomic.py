"""Write a file whole or not at all: a temporary file beside the target, flushed, then moved over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


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
    return f"Cannot write {target}: {exc.strerror or exc}."


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file to write; on success it replaces `target`, on any exception it is removed."""
    path = Path(target)
    if path.is_dir():
        raise WriteFailed(_explain(path, IsADirectoryError(str(path))))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteFailed(_explain(path, exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
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
