"""Reading input files for an evaluation session: each file is read once, and its bytes travel with it (in its
`InputFile`) to whoever keeps them, so that nothing reads the disk again."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from repm_bids.domain.committee import Receipt
from repm_bids.domain.models import Bid, Decision, InputFile, Problem
from repm_bids.domain.progress import CancelToken, Progress


@dataclass(frozen=True, slots=True)
class InputPart:
    """What one imported file brought: its identity and bytes, its bids and its file-level problems."""

    input: InputFile
    bids: tuple[Bid, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def sha256(self) -> str:
        return self.input.sha256

    @property
    def data(self) -> bytes | None:
        """The bytes read (None for a part rebuilt without them)."""
        return self.input.data


def import_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    known_sha256: Collection[str] = (),
    shipped: bool = False,
) -> tuple[list[InputPart], list[Problem]]:
    """Read bid files and folders into one part per file, plus the problems that belong to no file read.
    `shipped`: the files are the application's own (the bundled sample), read in this process."""
    from repm_bids.io.intake import read_inputs
    from repm_bids.io.sandbox import Shipped

    sandbox = Shipped() if shipped else None
    intake = read_inputs(paths, progress=progress, cancel=cancel, known_sha256=known_sha256, sandbox=sandbox)
    by_path: dict[str, list[Bid]] = {}
    for bid in intake.bids:
        by_path.setdefault(bid.source.path, []).append(bid)
    file_problems: dict[str, list[Problem]] = {}
    loose: list[Problem] = []
    input_paths = {i.path for i in intake.inputs}
    for p in intake.problems:
        (file_problems.setdefault(p.path, []) if p.path in input_paths else loose).append(p)
    parts = [InputPart(i, tuple(by_path.get(i.path, ())), tuple(file_problems.get(i.path, ()))) for i in intake.inputs]
    return parts, loose


@dataclass(frozen=True, slots=True)
class DecisionsRead:
    """A committee decisions file as read: the decisions, the problems, and the file (None if it could not be
    opened at all; its `data` holds the bytes)."""

    decisions: list[Decision]
    problems: list[Problem]
    input: InputFile | None


def read_decisions_input(path: str | os.PathLike[str]) -> DecisionsRead:
    from repm_bids.io.intake import read_decisions

    decisions, problems, info = read_decisions(path)
    return DecisionsRead(decisions, problems, info)


def read_decisions_file(path: str | os.PathLike[str]) -> tuple[list[Decision], list[Problem]]:
    """The decisions and problems of a decisions file (without the file itself; see `read_decisions_input`)."""
    read = read_decisions_input(path)
    return read.decisions, read.problems


@dataclass(frozen=True, slots=True)
class ReceiptsRead:
    """A receipt register as read: its rows, the problems, and the file (None if it could not be opened at all)."""

    receipts: list[Receipt]
    problems: list[Problem]
    input: InputFile | None


def read_receipts_input(path: str | os.PathLike[str]) -> ReceiptsRead:
    from repm_bids.io.intake import read_receipts

    receipts, problems, info = read_receipts(path)
    return ReceiptsRead(receipts, problems, info)
