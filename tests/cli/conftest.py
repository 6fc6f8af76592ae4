"""Fixtures the command-line tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli_run import run


@pytest.fixture
def demo(tmp_path: Path, capsys) -> Path:
    """The bundled sample written into a fresh folder."""
    assert run(capsys, "demo", str(tmp_path / "demo"))[0] == 0
    return tmp_path / "demo"
