"""Only regular files inside the folder given are read.

Opening a named pipe (FIFO) for reading waits, forever, until something writes to it; a device can return endless
bytes; a symbolic link in a folder of bids can point at any file on the computer (a system file, another folder's
bids), whose bytes would then be read and kept in a saved evaluation. So a file is opened without waiting
(`O_NONBLOCK`), its type is checked on the open descriptor before a byte is read, and an entry of a folder is read
only when it resolves to a place inside that folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = ["NotRegular", "open_regular", "outside_folder", "read_regular"]

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotRegular(OSError):
    """Not a regular file (a pipe, device or socket); `str(exc)` is the reason as a sentence fragment."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only descriptor of `path`, opened without waiting; raises NotRegular for a pipe, device or socket
    (and IsADirectoryError for a folder), and the usual OSError when it cannot be opened."""
    fd = os.open(os.fspath(path), os.O_RDONLY | _NONBLOCK | _BINARY)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(f"{path} is a folder")
        if not stat.S_ISREG(mode):
            raise NotRegular(f"it is {_kind(mode)}, not a file; it was not read")
        if _NONBLOCK:  # back to ordinary reads: a regular file never blocks, and some systems refuse flags
            with contextlib.suppress(OSError, AttributeError):
                os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file (one more than the limit shows the file is too large)."""
    fd = open_regular(path)
    try:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def outside_folder(entry: Path, folder: Path) -> tuple[str, dict[str, str]] | None:
    """Why an entry listed in `folder` must not be read (a link that leads out of the folder), as a problem code
    and its figures, or None."""
    if not entry.is_symlink():
        return None
    try:
        target = entry.resolve(strict=True)
        base = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return "link_nowhere", {"name": entry.name}
    if target == base or base not in target.parents:
        return "link_outside", {"name": entry.name, "target": str(target), "folder": str(folder)}
    return None
