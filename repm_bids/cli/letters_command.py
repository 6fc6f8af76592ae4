"""`repm-bids letters`: the letters of award, one .docx per beneficiary, from a saved evaluation or from the inputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from repm_bids import TOOL_NAME
from repm_bids.cli.common import EXIT_FAILED, EXIT_OK, Command, UsageError, add_inputs, add_scheme

if TYPE_CHECKING:
    from repm_bids.domain.result import Evaluation


def _arguments(lt: argparse.ArgumentParser) -> None:
    add_inputs(lt)
    lt.add_argument("dir", metavar="DIR", help="the folder the letters are written into (made if missing)")
    add_scheme(lt)
    lt.add_argument("--force", action="store_true", help="replace letters of the same name in DIR")


def _evaluation(args: argparse.Namespace) -> tuple[Evaluation, str | None]:
    """The evaluation, and the saved evaluation's audit trail head when it is one (None: not saved)."""
    from repm_bids.cli.common import check_inputs as _check_inputs
    from repm_bids.cli.common import load_scheme as _load_scheme

    inputs = list(args.inputs)
    _check_inputs(inputs)
    if any(i.lower().endswith(".repm") for i in inputs):
        if len(inputs) != 1:
            raise UsageError("a saved evaluation (.repm) is used on its own, without other inputs.")
        if args.scheme or args.decisions:
            raise UsageError("--scheme and --decisions do not apply to a saved evaluation; it holds its own.")
        from repm_bids.cli.store_commands import evaluate_saved, saved_trail_head

        return evaluate_saved(inputs[0]), saved_trail_head(inputs[0])
    from repm_bids.services.evaluation import run_evaluation

    scheme = _load_scheme(args.scheme)
    if args.decisions and not Path(args.decisions).is_file():
        raise UsageError(f"no such decisions file: {args.decisions}")
    run = run_evaluation(inputs, scheme=scheme, decisions_path=args.decisions)
    if run.no_readable_input:
        raise UsageError("no readable input: no bid file could be read (see 'repm-bids check').")
    return run.evaluation, None


def cmd_letters(args: argparse.Namespace) -> int:
    from repm_bids.io.atomic import WriteFailed
    from repm_bids.services.letters import LettersExist, export_letters

    evaluation, trail_head = _evaluation(args)  # trail_head: the saved evaluation's, printed in every letter
    protected = [p for p in (*args.inputs, args.scheme, args.decisions) if p]
    try:
        paths = export_letters(evaluation, args.dir, force=args.force, protected=protected, trail_head=trail_head)
    except LettersExist as exc:
        raise UsageError(f"{exc}; use --force to replace them.") from None
    except WriteFailed as exc:
        print(f"{TOOL_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not paths:
        print("No bid was awarded: there is no letter of award to write.")
        return EXIT_OK
    print(f"{len(paths)} letter(s) of award written into {args.dir}:")
    for p in paths:
        print(f"  {p.name}")
    return EXIT_OK


COMMANDS = (
    Command(
        "letters",
        "write a letter of award (.docx) for each beneficiary into DIR",
        _arguments,
        cmd_letters,
        "Evaluate (a saved evaluation, or bid files with --scheme and --decisions) and write one letter of award per "
        "beneficiary into DIR, named by bid reference, for the ministry's letterhead. Exit 0 when the letters were "
        "written (or no bid was awarded), 1 when one could not be written, 2 on a usage or input error.",
    ),
)
