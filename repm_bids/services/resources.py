"""Bundled resources (bid form template, default scheme, sample bids, icons, fonts), found the same way from a
checkout, an installed wheel and the desktop bundle: through importlib.resources, never a path built by hand."""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

_keep_open = ExitStack()


def resource(*parts: str) -> Traversable:
    """A bundled file or folder, e.g. resource("samples", "bids")."""
    node = resources.files("repm_bids.resources")
    for part in parts:
        node = node / part
    return node


def resource_path(*parts: str) -> Path:
    """A bundled file or folder as a real path on disk (extracted once, for the life of the process, if the package
    is zipped): for the libraries that want a file name, such as Qt's font database."""
    return Path(_keep_open.enter_context(resources.as_file(resource(*parts))))


def font_files() -> list[Path]:
    """The fonts shipped for Indian scripts (Noto Sans Devanagari, regular and bold), for a computer that has none."""
    folder = resource_path("fonts")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
