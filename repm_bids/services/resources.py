"""Bundled resources (bid form template, default scheme, sample bids, icons), from a checkout or an installed wheel."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A bundled file or folder, e.g. resource("samples", "bids")."""
    node = resources.files("repm_bids.resources")
    for part in parts:
        node = node / part
    return node
