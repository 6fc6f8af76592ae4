"""Fixtures the command-line tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.one_cover import write_one_cover_sample

from .cli_run import run


@pytest.fixture
def demo(tmp_path: Path, capsys) -> Path:
    """The bundled sample written into a fresh folder."""
    assert run(capsys, "demo", str(tmp_path / "demo"))[0] == 0
    return tmp_path / "demo"


@pytest.fixture
def one_cover(tmp_path: Path) -> Path:
    """The sample in one cover (the single pass): one/bids, one/scheme.toml (`covers = 1`), one/decisions.csv."""
    return write_one_cover_sample(tmp_path / "one")
