"""Where an evaluation not yet saved under a name is kept: a `.repm` file in the user's data folder.

From the first import every evaluation lives in a file, so a crash, a power cut or a Quit loses nothing. An
untitled file is removed when the evaluation is saved under a name or its work is discarded; one left behind means
the application did not close properly, and the next start offers to recover it.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from repm_bids.gui.settings import APPLICATION, ORGANISATION

FOLDER = "untitled"


def untitled_folder() -> Path:
    """The folder of untitled evaluations (made when first needed): the user's data folder, under the application's
    own name whatever the running QApplication is called."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    folder = Path(base or Path.home()) / ORGANISATION / APPLICATION / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_untitled_path() -> Path:
    """A fresh file name, by the time it was started (and the process, so two windows never share one)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return untitled_folder() / f"untitled-{stamp}-{os.getpid()}.repm"


def is_untitled(path: str | os.PathLike[str]) -> bool:
    p = Path(path)
    return p.parent.name == FOLDER and p.name.startswith("untitled-") and p.suffix == ".repm"


def left_behind(exclude: str | os.PathLike[str] | None = None) -> list[Path]:
    """Untitled files still on disk (newest first): work a crashed or killed session kept."""
    skip = Path(exclude).resolve() if exclude else None
    files = [p for p in untitled_folder().glob("untitled-*.repm") if p.resolve() != skip]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def remove_untitled(path: str | os.PathLike[str]) -> None:
    """Delete an untitled file and the journal files beside it (never a file outside the untitled folder)."""
    if not is_untitled(path):
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.remove(f"{path}{suffix}")
