"""Letters of award: one Word document per beneficiary, from the evaluation the committee signed (the command line's
`letters` and the application call the same function)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path

from repm_bids.domain.letters import LetterOfAward, letter_file_names, letters_of_award
from repm_bids.domain.report import result_sha256
from repm_bids.domain.result import Evaluation


class LettersExist(Exception):
    """Letters of these names are in the folder already; `paths` lists them. Nothing was written."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        shown = ", ".join(p.name for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        super().__init__(f"{len(paths)} letter(s) of award exist already in {paths[0].parent}: {shown}")


def planned_letters(evaluation: Evaluation, trail_head: str | None = None) -> list[tuple[str, LetterOfAward]]:
    """Each awardee's letter with its file name, in rank order; empty when nothing was awarded. `trail_head`: the
    saved evaluation's audit trail head when written from one (None: the letter says it is not saved)."""
    letters = letters_of_award(evaluation, result_sha256(evaluation), trail_head)
    return list(zip(letter_file_names(letters), letters, strict=True))


def export_letters(
    evaluation: Evaluation,
    folder: str | os.PathLike[str],
    *,
    force: bool = False,
    protected: Sequence[str | os.PathLike[str]] = (),
    trail_head: str | None = None,
) -> list[Path]:
    """Write every letter of award into `folder` (made if missing) and return their paths.

    Every letter is made before the first is written, so a fault in making one writes none; each file is written
    whole or not at all. Raises LettersExist (nothing written) when a letter of the same name is there and `force`
    is not given, and io.atomic.WriteFailed with a sentence when the folder or a file cannot be written."""
    from repm_bids.io.atomic import WriteFailed
    from repm_bids.io.letter_docx import letter_document_bytes
    from repm_bids.services.evaluation import refuse_input_as_target

    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise WriteFailed(f"{target} is a file; give a folder for the letters of award.")
    planned = planned_letters(evaluation, trail_head)
    paths = [target / name for name, _ in planned]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise LettersExist(existing)
    for p in existing:
        refuse_input_as_target(evaluation, p, protected)
    when = evaluation.evaluated_at
    stamp = when.astimezone(UTC).replace(tzinfo=None) if when and when.tzinfo else when
    blobs = [letter_document_bytes(letter, stamp) for _, letter in planned]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"the folder {target} cannot be made: {exc.strerror or exc}.") from None
    from repm_bids.io.atomic import write_bytes_atomic

    for path, data in zip(paths, blobs, strict=True):
        write_bytes_atomic(path, data)
    return paths
