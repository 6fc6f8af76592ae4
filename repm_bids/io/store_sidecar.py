"""The files SQLite keeps beside a database (`E.repm-wal`, `E.repm-journal`), and whether to take them in.

A `-wal` file beside a closed `.repm` holds changes that are not in the file itself. repm-bids leaves one only when
it was stopped while the file was open (a crash, a power cut); anyone can also put one there, and SQLite would
merge it into the file the next time the file is opened, so that the file on disk would no longer be the file that
was given. So:

- the read-only commands (`log`, `verify`, `evaluate E.repm`) never take a sidecar in: with one present they refuse,
  and without one they read the file as it is (`immutable`), changing nothing;
- opening to work on the file takes a `-wal` in only after checking, on a copy, that what it adds continues the
  audit trail and leaves the tables as the trail records; anything else is refused, unmerged;
- a rollback `-journal` is never left by repm-bids (its files use a write-ahead log), so one is always refused.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from repm_bids.io.store_audit import ChainStatus

SIDECARS = ("-wal", "-journal")


def sidecar(path: Path, suffix: str) -> Path:
    return Path(f"{path}{suffix}")


def present(path: Path) -> list[Path]:
    """The sidecar files beside `path` that hold anything (an empty one changes nothing)."""
    out = []
    for suffix in SIDECARS:
        side = sidecar(path, suffix)
        try:
            if side.stat().st_size > 0:
                out.append(side)
        except OSError:
            continue
    return out


def refused_for_reading(path: Path, sides: list[Path]) -> str:
    names = " and ".join(s.name for s in sides)
    return (
        f"{path.name} is open in another repm-bids window or program, or it was not closed properly: {names} beside "
        f"it holds changes that are not in {path.name} itself. Nothing was read and nothing was changed. Close it "
        "where it is open; otherwise open it in the application, which takes in changes repm-bids left and refuses "
        "any others."
    )


def refused_journal(path: Path) -> str:
    return (
        f"{path.name} cannot be opened: {path.name}-journal beside it was not left by repm-bids (its files use a "
        "write-ahead log, never a rollback journal), and taking it in would change the file. Nothing was changed. "
        f"Move {path.name}-journal elsewhere (keep it as evidence) to open {path.name} as it is."
    )


def refused_wal(path: Path, why: str) -> str:
    return (
        f"{path.name} cannot be opened: {path.name}-wal beside it holds changes that repm-bids did not make ({why}). "
        f"They were not taken in and {path.name} was not changed. Move {path.name}-wal elsewhere (keep it as "
        f"evidence) to open {path.name} as it is."
    )


def check_wal(
    path: Path, trail_of: Callable[[sqlite3.Connection], list[str]], check: Callable[..., ChainStatus]
) -> str | None:
    """Take a `-wal` in on a copy and check it; None when it only continues the trail, else why not.

    `trail_of(conn)` gives the entries' hashes in order; `check(conn, path)` the whole check of an opened copy.
    """
    wal = sidecar(path, "-wal")
    before_conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        before = trail_of(before_conn)
    except sqlite3.Error:
        before = []
    finally:
        before_conn.close()
    with tempfile.TemporaryDirectory(prefix="repm-check-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, sidecar(copy, "-wal"))
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            after = trail_of(conn)
            status = check(conn, copy)
        except sqlite3.Error as exc:
            return f"it cannot be read: {exc}"
        finally:
            conn.close()
    if after[: len(before)] != before:
        return "they rewrite entries already in the file"
    if not status.ok:
        return status.message
    return None
