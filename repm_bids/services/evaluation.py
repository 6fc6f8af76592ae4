"""The user's actions on an evaluation, shared by the command line and the application (no Qt)."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import Decision, Problem
from repm_bids.domain.progress import CancelToken, Progress
from repm_bids.domain.result import Evaluation
from repm_bids.domain.scheme import Scheme
from repm_bids.services.session import InputPart


def load_scheme_or_default(path: str | os.PathLike[str] | None) -> Scheme:
    """The scheme in `path`, or the defaults. Raises io.scheme_file.SchemeFileError naming every bad key."""
    if path is None:
        return Scheme()
    from repm_bids.io.scheme_file import load_scheme

    return load_scheme(path)


def import_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    known_sha256: Collection[str] = (),
) -> tuple[list[InputPart], list[Problem]]:
    """Read bid files and folders into one part per file, plus the problems that belong to no file read."""
    from repm_bids.io.intake import read_inputs

    intake = read_inputs(paths, progress=progress, cancel=cancel, known_sha256=known_sha256)
    by_path: dict[str, list] = {}
    for bid in intake.bids:
        by_path.setdefault(bid.source.path, []).append(bid)
    file_problems: dict[str, list[Problem]] = {}
    loose: list[Problem] = []
    input_paths = {i.path for i in intake.inputs}
    for p in intake.problems:
        (file_problems.setdefault(p.path, []) if p.path in input_paths else loose).append(p)
    parts = [InputPart(i, tuple(by_path.get(i.path, ())), tuple(file_problems.get(i.path, ()))) for i in intake.inputs]
    return parts, loose


def read_decisions_file(path: str | os.PathLike[str]) -> tuple[list[Decision], list[Problem]]:
    from repm_bids.io.intake import read_decisions

    decisions, problems, _ = read_decisions(path)
    return decisions, problems


@dataclass(frozen=True)
class EvaluationRun:
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
) -> EvaluationRun:
    """Read the inputs (and decisions), evaluate, and say whether any input could be read at all."""
    parts, loose = import_files(inputs, progress=progress, cancel=cancel)
    decisions: list[Decision] = []
    problems: list[Problem] = list(loose)
    extra_inputs = []
    if decisions_path is not None:
        from repm_bids.io.intake import read_decisions

        decisions, dproblems, dinput = read_decisions(decisions_path)
        problems.extend(dproblems)
        if dinput is not None:
            extra_inputs.append(dinput)
    for part in parts:
        problems.extend(part.problems)
    bids = [b for part in parts for b in part.bids]
    evaluation = evaluate(
        bids,
        scheme,
        decisions=decisions,
        inputs=[p.input for p in parts] + extra_inputs,
        problems=problems,
        evaluated_at=evaluated_at or datetime.now(UTC),
    )
    # a file that gave no bid (not a workbook, a decisions file, a table with no rows) is not a readable input
    return EvaluationRun(evaluation, no_readable_input=not any(part.bids for part in parts))


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
    evaluation: Evaluation, path: str | os.PathLike[str], protected: Sequence[str | os.PathLike[str]] = ()
) -> Path:
    """Write the award workbook whole or not at all; raises io.atomic.WriteFailed with a sentence."""
    from repm_bids.io.award_workbook import write_award_workbook

    target = Path(path)
    refuse_input_as_target(evaluation, target, protected)
    write_award_workbook(evaluation, target)
    return target


def export_json(
    evaluation: Evaluation,
    target: str | os.PathLike[str] | IO[str],
    protected: Sequence[str | os.PathLike[str]] = (),
) -> None:
    from repm_bids.io.json_result import write_json

    if not hasattr(target, "write"):
        refuse_input_as_target(evaluation, target, protected)  # type: ignore[arg-type]
    write_json(evaluation, target)
