"""The user's actions on an evaluation, shared by the command line and the application (no Qt)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from repm_bids.domain.progress import CancelToken, Progress
from repm_bids.domain.result import Evaluation
from repm_bids.domain.scheme import Scheme
from repm_bids.services.reading import import_files, read_decisions_file
from repm_bids.services.session import EvaluationSession

__all__ = [
    "EvaluationRun",
    "export_award",
    "export_json",
    "import_files",
    "load_scheme_or_default",
    "read_decisions_file",
    "refuse_input_as_target",
    "run_evaluation",
]


def load_scheme_or_default(path: str | os.PathLike[str] | None) -> Scheme:
    """The scheme in `path`, or the defaults. Raises io.scheme_file.SchemeFileError naming every bad key."""
    if path is None:
        return Scheme()
    from repm_bids.io.scheme_file import load_scheme

    return load_scheme(path)


@dataclass(frozen=True)
class EvaluationRun:
    """A headless run: the session that evaluated (its parts carry the bytes read) and its evaluation."""

    session: EvaluationSession
    evaluation: Evaluation
    no_readable_input: bool


def run_evaluation(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    scheme: Scheme,
    decisions_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    evaluated_at: datetime | None = None,
    prices: Sequence[str | os.PathLike[str]] = (),
    receipts_path: str | os.PathLike[str] | None = None,
) -> EvaluationRun:
    """Read the inputs (and decisions) once into an evaluation session, evaluate it, and say whether any input could
    be read at all. The command line evaluates only through this, and so through the same session as the
    application and saved evaluations."""
    session = EvaluationSession(scheme=scheme)
    session.import_paths(inputs, progress=progress, cancel=cancel)
    if decisions_path is not None:
        session.import_decisions(decisions_path)
    if receipts_path is not None:
        session.import_receipts(receipts_path)
    if prices:  # both stages in one sitting: the financial covers of the qualified bids, opened at once
        session.single_sitting = True
        session.open_prices(list(prices))
    evaluation = session.evaluation(evaluated_at=evaluated_at or datetime.now(UTC))
    # a file that gave no bid (not a workbook, a decisions file, a table with no rows) is not a readable input
    return EvaluationRun(session, evaluation, no_readable_input=not any(part.bids for part in session.parts))


def refuse_input_as_target(
    evaluation: Evaluation, target: str | os.PathLike[str], protected: Sequence[str | os.PathLike[str]] = ()
) -> None:
    """An export never replaces a file the evaluation read (nor a `protected` one, such as the open .repm): the
    submitted files are the evidence. Raises io.atomic.WriteFailed with a sentence."""
    from repm_bids.io.atomic import WriteFailed

    if not Path(target).is_file():
        return
    for source in [*(i.path for i in evaluation.inputs), *protected]:
        try:
            same = os.path.samefile(target, source)
        except OSError:
            same = False
        if same:
            raise WriteFailed(
                f"{target} is one of the inputs of this evaluation; choose another name (input files are never "
                "overwritten)."
            )


def export_award(
    evaluation: Evaluation,
    path: str | os.PathLike[str],
    protected: Sequence[str | os.PathLike[str]] = (),
    trail_head: str | None = None,
) -> Path:
    """Write the award workbook whole or not at all; raises io.atomic.WriteFailed with a sentence. `trail_head`:
    the saved evaluation's audit trail head when it is written from one (None: the workbook says it is not saved)."""
    from repm_bids.io.award_workbook import write_award_workbook

    target = Path(path)
    refuse_input_as_target(evaluation, target, protected)
    write_award_workbook(evaluation, target, trail_head)
    return target


def export_json(
    evaluation: Evaluation,
    target: str | os.PathLike[str] | IO[str],
    protected: Sequence[str | os.PathLike[str]] = (),
) -> None:
    from repm_bids.io.json_result import write_json

    if isinstance(target, str | os.PathLike):
        refuse_input_as_target(evaluation, target, protected)
    write_json(evaluation, target)
