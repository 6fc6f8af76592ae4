"""Saved evaluations on the command line (contract section 4): `log`, `verify`, and the helpers `evaluate` uses for
`--save E.repm` and for a saved evaluation given as its input.

Exit status: 0 intact / match; 1 broken chain / mismatch; 2 a usage error or a file that cannot be opened (locked,
not a repm file, newer schema). Never a traceback for a bad or busy file.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from repm_bids import TOOL_NAME
from repm_bids.domain.local_time import recorded_time_text
from repm_bids.domain.result import Evaluation
from repm_bids.domain.shown import shown
from repm_bids.services.saved import (
    AuditEntry,
    SavedError,
    create_saved,
    open_saved,
    read_trail,
    verify_award,
)
from repm_bids.services.session import EvaluationSession

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

__all__ = ["cmd_log", "cmd_verify", "evaluate_saved", "record_saved_export", "register", "save_evaluation"]


def register(subparsers: Any) -> None:
    """Add the `log` and `verify` subcommands (each carries its handler in `args.handler`)."""
    lg = subparsers.add_parser(
        "log",
        help="print the audit trail of a saved evaluation and check its hash chain",
        description="Print the audit trail of a saved evaluation and check its hash chain. Exit 0 when the chain is "
        "intact, 1 when it is broken (the first broken entry is named), 2 when the file cannot be opened.",
    )
    lg.add_argument("saved", metavar="E.repm")
    lg.set_defaults(handler=cmd_log)

    vf = subparsers.add_parser(
        "verify",
        help="re-evaluate a saved evaluation and compare it with an award workbook",
        description="Re-evaluate a saved evaluation from its stored inputs and compare every figure of the award "
        "workbook's Summary, Ranking and Award sheets. Exit 0 when they match, 1 naming each differing cell, 2 when "
        "a file cannot be read.",
    )
    vf.add_argument("workbook", metavar="F.xlsx")
    vf.add_argument("saved", metavar="E.repm")
    vf.set_defaults(handler=cmd_verify)


def _fail(message: str) -> int:
    print(f"{TOOL_NAME}: {shown(message)}", file=sys.stderr)
    return EXIT_USAGE


# -- log ---------------------------------------------------------------------------------------------------------------
def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, Mapping):
        if set(value) == {"from", "to"}:
            return f"{_value_text(value['from'])} -> {_value_text(value['to'])}"
        return ", ".join(f"{k} {_value_text(v)}" for k, v in value.items())
    if value is None:
        return "none"
    return str(value)


def details_lines(details: Mapping[str, Any]) -> list[str]:
    """One line per detail; a list or a table gives one line per item."""
    out: list[str] = []
    for key, value in details.items():
        label = key.replace("_", " ")
        if isinstance(value, list):
            out.append(f"{label}: {len(value)}")
            out.extend(f"  - {_value_text(v)}" for v in value)
        elif isinstance(value, Mapping) and value and all(isinstance(v, Mapping) for v in value.values()):
            out.append(f"{label}:")
            out.extend(f"  {k}: {_value_text(v)}" for k, v in value.items())
        else:
            out.append(f"{label}: {_value_text(value)}")
    return out


def _when(entry: AuditEntry) -> str:
    """The entry's time in India ('30-06-2026 15:45:02 IST'), whatever the recording machine's clock was set to."""
    return recorded_time_text(entry.time_utc)


def log_text(path: str, entries: list[AuditEntry], bad_seq: int | None) -> str:
    lines = [f"Audit trail of {shown(path)}: {len(entries)} entries", ""]
    for e in entries:
        mark = "   <-- BROKEN" if e.seq == bad_seq else ""
        lines.append(f"#{e.seq}  {shown(_when(e))}  {shown(e.user)}  {shown(e.action)}{mark}")
        lines.extend(f"      {shown(d)}" for d in details_lines(e.details))
        lines.append(f"      entry hash {shown(e.hash)}")
    return "\n".join(lines) + "\n"


def cmd_log(args: argparse.Namespace) -> int:
    try:
        trail = read_trail(args.saved)
    except SavedError as exc:
        return _fail(str(exc))
    print(log_text(args.saved, trail.entries, trail.status.first_bad_seq), end="")
    if not trail.covers_tables:
        print(
            "(This file was saved by an older version: its trail does not cover what its tables hold. Opening it in "
            "the application brings it up to date, and from then on it does.)"
        )
    if trail.status.ok:
        print(
            f"Chain intact: {len(trail.entries)} entries. Head of the trail (the last entry's hash), to write in "
            f"the minutes:\n  {trail.head}"
        )
        return EXIT_OK
    print(f"CHAIN BROKEN. {shown(trail.status.message)}")
    return EXIT_FAILED


# -- verify ------------------------------------------------------------------------------------------------------------
def cmd_verify(args: argparse.Namespace) -> int:
    if not str(args.saved).lower().endswith(".repm") and str(args.workbook).lower().endswith(".repm"):
        return _fail(f"give the workbook first, then the saved evaluation: {TOOL_NAME} verify F.xlsx E.repm")
    try:
        report = verify_award(args.workbook, args.saved)
    except SavedError as exc:
        return _fail(str(exc))
    print(f"Verified {shown(args.workbook)} against {shown(args.saved)} (re-evaluated from the stored input files).")
    if report.ok:
        print(
            f"MATCH: the workbook is the one exported from this trail, and all {report.checked} figures of the "
            "Summary, Ranking and Award sheets agree."
        )
    else:
        print(f"MISMATCH: {len(report.differences)} difference(s):")
        for d in report.differences:
            print(f"  {shown(d)}")
    for note in report.notes:
        print(f"Note: {shown(note)}")
    return EXIT_OK if report.ok else EXIT_FAILED


# -- helpers for `evaluate` --------------------------------------------------------------------------------------------
def _usage(message: str) -> Exception:
    from repm_bids.cli.main import UsageError

    return UsageError(message)


def evaluate_saved(path: str | Path) -> Evaluation:
    """The evaluation of a saved evaluation, from its stored inputs (the file is read, not changed).
    Raises cli.main.UsageError (exit 2) when the file cannot be opened."""
    try:
        saved, session = open_saved(path, read_only=True)
    except SavedError as exc:
        raise _usage(str(exc)) from None
    try:
        return session.evaluation()
    finally:
        saved.close()


def save_evaluation(run_args: argparse.Namespace, session_or_evaluation: Any, path: str | Path) -> Evaluation:
    """`evaluate ... --save E.repm`: a new saved evaluation holding the inputs, scheme and decisions of this run, and
    its result. Given an Evaluation, the inputs are read again into a session (each file's bytes are kept and checked
    against the SHA-256 the run read). Refuses an existing file. Raises cli.main.UsageError (exit 2).

    Returns the evaluation as saved (what `evaluate E.repm` and `verify` will recompute). Its figures equal the
    run's; with --decisions its result SHA-256 differs (a session lists only bid files as inputs), so a workbook
    written from it carries the digest the saved evaluation records."""
    if Path(path).exists():  # before reading the inputs again
        raise _usage(f"{path} exists already; choose another name for the saved evaluation (or delete it first).")
    if isinstance(session_or_evaluation, EvaluationSession):
        session = session_or_evaluation
        evaluated_at = None
        decisions_path = None
    else:
        evaluation: Evaluation = session_or_evaluation
        evaluated_at = evaluation.evaluated_at
        session = EvaluationSession(scheme=evaluation.scheme)
        session.import_paths(list(run_args.inputs))
        decisions_path = getattr(run_args, "decisions", None)
    try:
        saved = create_saved(path, session)
    except SavedError as exc:
        raise _usage(str(exc)) from None
    try:
        if decisions_path:
            from repm_bids.services.evaluation import read_decisions_file

            decisions, problems = read_decisions_file(decisions_path)
            with contextlib.suppress(OSError):  # the decisions were read; the evidence copy is best effort
                saved.record_decisions_file(decisions_path)
            session.replace_decisions(decisions, problems)
        result = session.evaluation(evaluated_at=evaluated_at)
        saved.record_evaluated(result)
        if not isinstance(session_or_evaluation, EvaluationSession):
            _warn_if_different(session_or_evaluation, result)
    except SavedError as exc:
        raise _usage(str(exc)) from None
    finally:
        saved.close()
        if saved in session.listeners:
            session.listeners.remove(saved)
    print(f"Saved evaluation written to {path}", file=sys.stderr if getattr(run_args, "json", None) == "-" else None)
    return result


def _warn_if_different(run: Evaluation, saved: Evaluation) -> None:
    from repm_bids.io.award_reader import expected_figures

    if expected_figures(run) != expected_figures(saved):
        print(
            f"{TOOL_NAME}: warning: the input files changed while the evaluation was being saved; the saved "
            "evaluation holds the files as they are now, and its figures differ from those printed. Run again.",
            file=sys.stderr,
        )


def record_saved_export(saved_path: str | Path, workbook_path: str | Path, evaluated_at: Any = None) -> None:
    """Record in a saved evaluation that its award workbook was written (with the workbook's SHA-256), for
    `evaluate --save E.repm --out F.xlsx` after the workbook is written. Raises cli.main.UsageError (exit 2)."""
    try:
        saved, _ = open_saved(saved_path, note_opened=False)
    except SavedError as exc:
        raise _usage(str(exc)) from None
    try:
        saved.record_export(workbook_path, evaluated_at=evaluated_at)
    except (SavedError, OSError) as exc:
        raise _usage(f"the export could not be recorded in {saved_path}: {exc}") from None
    finally:
        saved.close()
