"""Output paths never collide: with an input, with each other, or with the saved evaluation.

Checked before anything is read or written. Two names are the same file when they resolve to the same place (links
and `..` followed), when they name the same existing file (a hard link), or when they differ only in case on a file
system that ignores case (Windows, macOS). Every file in an input folder counts as an input, including one that
the reading skipped because it was a byte-identical duplicate of another: it is a submitted file all the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["OutputCollision", "check_outputs"]


class OutputCollision(Exception):
    """Two of the paths given are the same file; `str(exc)` is a sentence for the user."""


def _case_insensitive(folder: Path) -> bool:
    """Whether the file system holding `folder` ignores case: the same folder reached with its name's case swapped
    is the folder itself."""
    if sys.platform in ("win32", "darwin"):
        return True
    probe = folder.resolve()
    name = probe.name
    if not name or name.swapcase() == name:
        return False
    other = probe.with_name(name.swapcase())
    try:
        return other.exists() and os.path.samefile(probe, other)
    except OSError:
        return False


def _key(path: str | os.PathLike[str]) -> str:
    p = Path(os.path.abspath(os.fspath(path)))
    resolved = Path(os.path.realpath(p))
    text = os.path.normcase(str(resolved))
    return text.casefold() if _case_insensitive(resolved.parent) else text


def _same(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    if _key(a) == _key(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _input_files(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every file an input names: the file itself, or every file directly in the folder (read or skipped)."""
    out: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            try:
                out.extend(str(entry) for entry in sorted(path.iterdir()) if not entry.is_dir())
            except OSError:
                continue
        else:
            out.append(str(path))
    return out


def check_outputs(
    outputs: Sequence[tuple[str, str | os.PathLike[str] | None]],
    inputs: Iterable[str | os.PathLike[str]] = (),
    saved: tuple[str, str | os.PathLike[str]] | None = None,
) -> None:
    """Raise OutputCollision naming the first clash. `outputs` are (option, path) pairs (a path of None or "-" is
    no file); `inputs` the files and folders read (scheme and decisions included); `saved` the saved evaluation as
    (how it was given, path): written with --save, or read as the input."""
    given = [(option, os.fspath(p)) for option, p in outputs if p is not None and os.fspath(p) not in ("", "-")]
    for i, (option, path) in enumerate(given):
        for other_option, other in given[:i]:
            if _same(path, other):
                raise OutputCollision(
                    f"{option} {path} and {other_option} {other} are the same file; the second would replace the "
                    "first. Choose another name for one of them."
                )
        if saved is not None and _same(path, saved[1]):
            raise OutputCollision(
                f"{option} {path} is the saved evaluation ({saved[0]} {saved[1]}); it would be replaced. Choose "
                "another name."
            )
        for source in _input_files(inputs):
            if _same(path, source):
                raise OutputCollision(
                    f"{option} {path} is one of the inputs of this evaluation ({source}); choose another name "
                    "(input files are never overwritten)."
                )
