"""Fixtures for the intake corpus: every file is built in tmp_path or in memory by tests/io/corpus.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from repm_bids.domain.models import Bid, Problem, Severity
from repm_bids.io.intake import read_input_bytes


def errors_of(bids: list[Bid], problems: list[Problem]) -> list[Problem]:
    out = [p for p in problems if p.severity == Severity.ERROR]
    for b in bids:
        out.extend(b.errors)
    return out


def warnings_of(bids: list[Bid], problems: list[Problem]) -> list[Problem]:
    out = [p for p in problems if p.severity == Severity.WARNING]
    for b in bids:
        out.extend(b.warnings)
    return out


@pytest.fixture
def read_one() -> Callable[..., tuple[Bid, list[Problem]]]:
    """Read bytes that must give exactly one bid: (bid, file-level problems)."""

    def read(data: bytes, name: str = "bid.xlsx") -> tuple[Bid, list[Problem]]:
        bids, problems = read_input_bytes(name, data)
        assert len(bids) == 1, problems
        return bids[0], problems

    return read


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def put(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    return put
