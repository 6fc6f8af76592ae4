"""Saved evaluations on the command line: `log`, `verify`, and the helpers `evaluate` uses for
`--save E.repm` and for a saved evaluation given as its input.

Exit status: 0 intact / match; 1 broken chain / mismatch; 2 a usage error or a file that cannot be opened (locked,
not a repm file, newer schema). Never a traceback for a bad or busy file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from repm_bids import TOOL_NAME
from repm_bids.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Command, UsageError
from repm_bids.domain.local_time import recorded_time_text
from repm_bids.domain.result import Evaluation
from repm_bids.domain.shown import shown
from repm_bids.io.atomic import WriteFailed
from repm_bids.services.saved import (
    AuditEntry,
    SavedError,
    SavedWriteFailed,
    create_saved,
    open_saved,
    read_trail,
    verify_award,
)
from repm_bids.services.session import EvaluationSession

__all__ = [
    "COMMANDS",
    "cmd_log",
    "cmd_verify",
    "evaluate_saved",
    "record_saved_export",
    "save_session",
    "saved_trail_head",
]


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


def _is_time_key(key: str) -> bool:
    return key == "at" or key.endswith("_at")


def details_lines(details: Mapping[str, Any]) -> list[str]:
    """One line per detail; a list or a table gives one line per item. A recorded time (kept in UTC) is shown in
    India's time, like the entry's own."""
    out: list[str] = []
    for key, value in details.items():
        label = key.replace("_", " ")
        if _is_time_key(key) and isinstance(value, str):
            out.append(f"{label}: {recorded_time_text(value)}")
        elif isinstance(value, list):
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
    return UsageError(message)


def evaluate_saved(path: str | Path) -> Evaluation:
    """The evaluation of a saved evaluation, from its stored inputs (the file is read, not changed).
    Raises UsageError (exit 2) when the file cannot be opened."""
    try:
        saved, session = open_saved(path, read_only=True)
    except SavedError as exc:
        raise _usage(str(exc)) from None
    try:
        return session.evaluation()
    finally:
        saved.close()


def saved_trail_head(path: str | Path) -> str | None:
    """The audit trail head of a saved evaluation as it is on disk (read, not changed)."""
    try:
        return read_trail(path).head
    except SavedError as exc:
        raise _usage(str(exc)) from None


def save_session(
    session: EvaluationSession, path: str | Path, evaluation: Evaluation | None = None, *, to_stderr: bool = False
) -> Evaluation:
    """`evaluate ... --save E.repm`: a new saved evaluation holding this session (the bytes its parts read, its
    scheme and decisions) and its result. Nothing is read again: the store keeps what the session read. Refuses an
    existing file. Raises UsageError (exit 2). Returns the evaluation recorded (the session's)."""
    if Path(path).exists():
        raise _usage(f"{path} exists already; choose another name for the saved evaluation (or delete it first).")
    try:
        saved = create_saved(path, session)
    except SavedWriteFailed as exc:  # an output that could not be written: exit 1, with the reason
        raise WriteFailed(str(exc)) from None
    except SavedError as exc:
        raise _usage(str(exc)) from None
    try:
        result = evaluation if evaluation is not None else session.evaluation()
        saved.record_evaluated(result)
    except SavedWriteFailed as exc:
        raise WriteFailed(f"{exc} The saved evaluation holds the inputs but not the result.") from None
    except SavedError as exc:
        raise _usage(str(exc)) from None
    finally:
        saved.close()
        if saved in session.listeners:
            session.listeners.remove(saved)
    print(f"Saved evaluation written to {path}", file=sys.stderr if to_stderr else None)
    if result.stage == "technical":  # two covers: the committee's next steps
        print(
            f"It is at its technical stage. Next: {TOOL_NAME} clarify / approve {path} --by NAME, then "
            f"{TOOL_NAME} open-prices {path} FINANCIAL-COVERS…",
            file=sys.stderr if to_stderr else None,
        )
    return result


def record_saved_export(saved_path: str | Path, workbook_path: str | Path, evaluated_at: Any = None) -> None:
    """Record in a saved evaluation that its award workbook was written (with the workbook's SHA-256), for
    `evaluate --save E.repm --out F.xlsx` after the workbook is written. Raises UsageError (exit 2)."""
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


def _log_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("saved", metavar="E.repm")


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("workbook", metavar="F.xlsx")
    p.add_argument("saved", metavar="E.repm")


COMMANDS = (
    Command(
        "log",
        "print the audit trail of a saved evaluation and check its hash chain",
        _log_arguments,
        cmd_log,
        "Print the audit trail of a saved evaluation and check its hash chain. Exit 0 when the chain is intact, 1 "
        "when it is broken (the first broken entry is named), 2 when the file cannot be opened.",
    ),
    Command(
        "verify",
        "re-evaluate a saved evaluation and compare it with an award workbook",
        _verify_arguments,
        cmd_verify,
        "Re-evaluate a saved evaluation from its stored inputs and compare every figure of the award workbook's "
        "Summary, Ranking and Award sheets. Exit 0 when they match, 1 naming each differing cell, 2 when a file "
        "cannot be read.",
    ),
)
"""The saved-evaluation commands, added to the parser by `cli.main`."""
