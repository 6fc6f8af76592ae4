"""The stages of a saved two-cover evaluation on the command line: `clarify`, `approve`, `open-prices`, `reopen`.

Each command opens the `.repm` file, takes one step through the session (services/stages.py), records the
evaluation that results, and closes the file. A step out of order, an unknown or duplicate cover, or an edit after
the approval is one sentence and exit 2; the file then holds exactly what it held before.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from repm_bids import TOOL_NAME
from repm_bids.cli.common import EXIT_FAILED, EXIT_OK, Command, UsageError
from repm_bids.domain.local_time import local_text
from repm_bids.domain.result import Evaluation, Status
from repm_bids.domain.shown import shown
from repm_bids.domain.stages import StageRefused
from repm_bids.domain.wording import field_label
from repm_bids.io.atomic import WriteFailed
from repm_bids.services.saved import SavedError, SavedEvaluation, SavedWriteFailed, open_saved
from repm_bids.services.session import EvaluationSession

__all__ = ["COMMANDS", "cmd_approve", "cmd_clarify", "cmd_open_prices", "cmd_reopen"]


@contextmanager
def _opened(path: str, by: str | None = None) -> Iterator[tuple[SavedEvaluation, EvaluationSession]]:
    """The saved evaluation, open for one step; every refusal becomes a UsageError (exit 2), nothing recorded."""
    if not path.strip():
        raise UsageError("an empty file name was given for E.repm.")
    if by is not None and not by.strip():
        raise UsageError("--by names the committee member; it cannot be empty.")
    try:
        saved, session = open_saved(path, user=by.strip() if by else None, note_opened=False)
    except SavedError as exc:
        raise UsageError(str(exc)) from None
    try:
        yield saved, session
    except StageRefused as exc:
        raise UsageError(f"{exc} Nothing was changed in {path}.") from None
    except SavedWriteFailed as exc:
        raise WriteFailed(str(exc)) from None
    except SavedError as exc:
        raise UsageError(str(exc)) from None
    finally:
        saved.close()


def _record(saved: SavedEvaluation, session: EvaluationSession) -> Evaluation:
    evaluation = session.evaluation()
    saved.record_evaluated(evaluation)
    return evaluation


def _counts(evaluation: Evaluation) -> str:
    def n(status: Status) -> int:
        return sum(o.status is status for o in evaluation.outcomes)

    return (
        f"{n(Status.QUALIFIED)} technically qualified, {n(Status.NON_RESPONSIVE)} non-responsive, "
        f"{n(Status.INVALID)} invalid"
    )


# -- clarify -----------------------------------------------------------------------------------------------------------
def cmd_clarify(args: argparse.Namespace) -> int:
    with _opened(args.saved, args.by) as (saved, session):
        old = session.clarify(args.bid_ref, args.field, args.value, args.reason, args.document or "")
        evaluation = _record(saved, session)
        made = list(session.clarifications.values())[-1]  # the one just recorded (the latest made is last)
    replaced = f" (replacing {old.text!r})" if old is not None else ""
    note = f"; {made.note}" if made.note else ""
    print(
        f"Recorded in {shown(args.saved)}: bid {shown(made.bid_ref)}, {field_label(made.field)} verified as "
        f"{shown(made.text)}{replaced}{shown(note)}."
    )
    outcome = evaluation.outcome_for(made.bid_ref)
    if outcome is not None:
        print(f"Bid {shown(made.bid_ref)} is now {outcome.status.label.lower()}.")
    return EXIT_OK


# -- approve -----------------------------------------------------------------------------------------------------------
def cmd_approve(args: argparse.Namespace) -> int:
    with _opened(args.saved, args.by) as (saved, session):
        step = session.approve(saved.user)
        evaluation = _record(saved, session)
    print(
        f"Technical evaluation of {shown(args.saved)} approved by {shown(step.by)} on {local_text(step.at)}: "
        f"{_counts(evaluation)}."
    )
    print("Its inputs, decisions, clarifications and scheme are now frozen.")
    print(f"Next: {TOOL_NAME} open-prices {shown(args.saved)} FINANCIAL-COVERS…")
    return EXIT_OK


# -- reopen ------------------------------------------------------------------------------------------------------------
def cmd_reopen(args: argparse.Namespace) -> int:
    with _opened(args.saved, args.by) as (saved, session):
        session.reopen(args.reason)
        _record(saved, session)
    print(
        f"{shown(args.saved)} is back at its technical stage; the approval and the financial stage were discarded "
        "(the audit trail keeps them)."
    )
    return EXIT_OK


# -- open-prices -------------------------------------------------------------------------------------------------------
def _check_outputs(args: argparse.Namespace) -> None:
    from repm_bids.io.outputs import OutputCollision, check_outputs

    try:
        check_outputs([("--out", args.out), ("--json", args.json)], list(args.covers), ("the input", args.saved))
    except OutputCollision as exc:
        raise UsageError(str(exc)) from None
    missing = [c for c in args.covers if not Path(c).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


def cmd_open_prices(args: argparse.Namespace) -> int:
    from repm_bids.cli.text import summary_text
    from repm_bids.services.covers import CoversRefused

    _check_outputs(args)
    status = EXIT_OK
    with _opened(args.saved, args.by) as (saved, session):
        try:
            session.open_prices(list(args.covers), by=saved.user)
        except CoversRefused as exc:
            for message in exc.messages:
                print(f"{TOOL_NAME}: {shown(message)}", file=sys.stderr)
            raise UsageError(f"the financial covers were refused; no price was opened in {args.saved}.") from None
        evaluation = _record(saved, session)
        status = _outputs(args, saved, evaluation)
    if args.json != "-":
        print(summary_text(evaluation), end="")
    return status


def _outputs(args: argparse.Namespace, saved: SavedEvaluation, evaluation: Evaluation) -> int:
    from repm_bids.services.evaluation import export_award, export_json

    status = EXIT_OK
    to_err = args.json == "-"
    writes: list[tuple[str, Callable[[], None]]] = []
    if args.out:

        def workbook() -> None:
            export_award(evaluation, args.out, protected=[args.saved], trail_head=saved.trail_head())
            saved.record_export(args.out, evaluated_at=evaluation.evaluated_at)
            print(f"Award workbook written to {shown(args.out)}", file=sys.stderr if to_err else sys.stdout)

        writes.append(("--out", workbook))
    if args.json:
        writes.append(("--json", lambda: export_json(evaluation, sys.stdout if to_err else args.json, [args.saved])))
    for _, write in writes:
        try:
            write()
        except WriteFailed as exc:
            print(f"{TOOL_NAME}: {exc}", file=sys.stderr)
            status = EXIT_FAILED
    return status


# -- the command table -------------------------------------------------------------------------------------------------
def _by(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--by", metavar="NAME", help=f"who {what} (recorded in the audit trail); the default user without it"
    )


def _clarify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("saved", metavar="E.repm")
    p.add_argument("bid_ref", metavar="REF", help="the bid's reference")
    p.add_argument("field", metavar="FIELD", help="the technical field: its label on the bid form or its key")
    p.add_argument("value", metavar="VALUE", help="the verified value, written as on the bid form")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why the committee verified this value")
    p.add_argument("--document", metavar="TEXT", help="the document the verified value rests on")
    _by(p, "records it")


def _approve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("saved", metavar="E.repm")
    _by(p, "approves")


def _open_prices_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("saved", metavar="E.repm")
    p.add_argument("covers", nargs="+", metavar="FIN", help="the financial covers: files or folders")
    p.add_argument("--out", metavar="F.xlsx", help="write the award workbook")
    p.add_argument("--json", metavar="F", help="write the JSON result to F, or '-' for standard output")
    _by(p, "opens them")


def _reopen_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("saved", metavar="E.repm")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why the technical stage is reopened")
    _by(p, "reopens it")


COMMANDS = (
    Command(
        "clarify",
        "record the committee's verified value for a technical field of a bid (technical stage)",
        _clarify_arguments,
        cmd_clarify,
        "Record the committee's verified value for a technical field of one bid, with the reason and the document "
        "it rests on. Only at the technical stage, and never for the price. The evaluation uses the verified value; "
        "the bid's record shows the value declared beside it.",
    ),
    Command(
        "approve",
        "approve the technical evaluation of a saved evaluation (two covers)",
        _approve_arguments,
        cmd_approve,
        "Approve the technical evaluation: from then on its inputs, decisions, clarifications and scheme are frozen, "
        "and the financial covers may be opened. Exit 2 when the evaluation is not at its technical stage.",
    ),
    Command(
        "open-prices",
        "open the financial covers of the technically qualified bids (after approval)",
        _open_prices_arguments,
        cmd_open_prices,
        "Open the financial covers of the technically qualified bids only; the others are kept by their SHA-256 as "
        "returned unopened and never read. Then the ceiling check, ranking and allocation. A cover for an unknown "
        "bid, two covers for one bid or a qualified bid without a cover opens nothing (exit 2).",
    ),
    Command(
        "reopen",
        "go back to the technical stage, discarding the financial stage",
        _reopen_arguments,
        cmd_reopen,
        "Reopen the technical stage: the approval, the prices opened, draws and withdrawals leave the evaluation "
        "(the audit trail keeps them, with the reason given).",
    ),
)
"""The stage commands, added to the parser by `cli.main`."""
