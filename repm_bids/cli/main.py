"""The `repm-bids` command (its commands are listed in README.md). Bad input and bad arguments never end in a
traceback."""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from repm_bids import TOOL_NAME, __version__
from repm_bids.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Command, UsageError, add_inputs, add_scheme
from repm_bids.cli.common import check_inputs as _check_inputs
from repm_bids.cli.common import load_scheme as _load_scheme
from repm_bids.io.atomic import WriteFailed

if TYPE_CHECKING:
    from datetime import datetime

    from repm_bids.domain.progress import Progress
    from repm_bids.domain.result import Evaluation

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]

log = logging.getLogger("repm_bids")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=TOOL_NAME,
        description="Evaluate, rank and allocate bids under the REPM scheme. With no command, opens the application.",
        epilog="Exit status: 0 the work ran (even with invalid or non-responsive bids); 1 an output could not be "
        "written; 2 a usage error, a bad scheme file, or no readable input.",
    )
    p.add_argument("--version", action="version", version=f"{TOOL_NAME} {__version__}")
    p.add_argument("--demo", action="store_true", help="open the application on the bundled sample evaluation")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    from repm_bids.cli import letters_command, stage_commands, store_commands

    for command in (*COMMANDS, *store_commands.COMMANDS, *stage_commands.COMMANDS, *letters_command.COMMANDS):
        command.add_to(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if not args_list:
        return _gui([], demo=False)
    if len(args_list) == 1 and args_list[0].lower().endswith(".repm") and not args_list[0].startswith("-"):
        return _gui(args_list, demo=False)
    parser = _parser()
    args = parser.parse_args(args_list)  # exits 2 with a usage message on bad arguments
    try:
        if args.command is None:
            return _gui([], demo=args.demo)
        _refuse_empty_names(args)
        from repm_bids.cli.shown_output import shown_stdout

        with shown_stdout():  # a bidder's ESC or CR is shown, never obeyed by the terminal
            code = int(args.handler(args))
            sys.stdout.flush()  # here, where a reader gone away (`| head`) is handled, not at the exit
            return code
    except UsageError as exc:
        from repm_bids.cli.shown_output import error_line

        print(f"{TOOL_NAME}: {error_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except WriteFailed as exc:  # an output could not be written (a full disk): its reason, exit 1
        print(f"{TOOL_NAME}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        print(f"{TOOL_NAME}: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # an unexpected fault, not bad input: one line, details in the log
        log.debug("unexpected error", exc_info=True)
        print(f"{TOOL_NAME}: unexpected error ({type(exc).__name__}: {exc}). Please report it.", file=sys.stderr)
        return EXIT_FAILED


def _reader_gone() -> int:
    """The program reading the output stopped early (`repm-bids … | head`): stop quietly, as Python's documentation
    advises for SIGPIPE. Standard output is pointed at the null device, so that the flush at exit raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real standard output (a test's capture): nothing to flush into a pipe
        pass
    return EXIT_FAILED


# Every argument that names a file or folder, with how the user wrote it.
_FILE_ARGS = {"inputs": "INPUT", "path": "PATH", "dir": "DIR", "workbook": "F.xlsx", "saved": "E.repm"}
_FILE_OPTIONS = ("scheme", "decisions", "receipts", "out", "json", "save")


def _refuse_empty_names(args: argparse.Namespace) -> None:
    """An empty name (an unset shell variable) is a mistake: it would read the current folder, or skip an output
    and still exit 0."""
    named = [(name, f"--{name}") for name in _FILE_OPTIONS] + list(_FILE_ARGS.items())
    for name, shown in named:
        value = getattr(args, name, None)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and not v.strip():
                raise UsageError(f"an empty file name was given for {shown}.")


def _no_display() -> bool:
    """On Linux without X11, Wayland or a chosen Qt platform, Qt would abort the process: say so instead."""
    env = os.environ
    return sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")
    )


def _gui(inputs: list[str], demo: bool) -> int:
    if _no_display():
        print(
            f"{TOOL_NAME}: the desktop application needs a desktop session (no DISPLAY or WAYLAND_DISPLAY is set). "
            f"The headless commands work here: {TOOL_NAME} evaluate, check, template, scheme, demo.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        from repm_bids.gui.app import run_gui
    except ImportError as exc:
        print(f"{TOOL_NAME}: the desktop application cannot start ({exc}).", file=sys.stderr)
        return EXIT_FAILED
    saved = inputs[0] if len(inputs) == 1 and inputs[0].lower().endswith(".repm") else None
    return run_gui([] if saved else inputs, demo=demo, saved=saved)


def _refuse_existing(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name.")
    if path.exists() and not force:
        raise UsageError(f"{path} exists already; use --force to replace it.")


def cmd_gui(args: argparse.Namespace) -> int:
    return _gui(list(args.inputs), demo=False)


def _write_new_file(args: argparse.Namespace, write: Callable[[Path], None], done: str) -> int:
    """template and scheme: write a new file (or, with --force, replace one), whole or not at all."""
    from repm_bids.io.atomic import WriteFailed

    path = Path(args.path)
    _refuse_existing(path, args.force)
    try:
        write(path)
    except WriteFailed as exc:
        raise UsageError(str(exc)) from None
    print(done.format(path=path))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    """A folder: the two blank covers (two covers, the default); a file name ending .xlsx: the one-cover form."""
    from repm_bids.io.template import COVER_FILES, write_cover_templates, write_template

    path = Path(args.path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _write_new_file(
            args, write_template, "Blank one-cover bid form written to {path} (for a scheme with [process] covers = 1)"
        )
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; give a folder for the two covers, or a name ending .xlsx for one form.")
    targets = [path / name for name in COVER_FILES.values()]
    for target in targets:
        _refuse_existing(target, args.force)
    try:
        path.mkdir(parents=True, exist_ok=True)
        written = write_cover_templates(path)
    except (WriteFailed, OSError) as exc:
        raise UsageError(str(exc)) from None
    print(f"Blank covers written to {path}:")
    print(f"  {written[0].name}  the technical cover (the sheet Bid Form, no price)")
    print(f"  {written[1].name}  the financial cover (the sheet Financial Bid alone), sealed apart")
    return EXIT_OK


def cmd_scheme(args: argparse.Namespace) -> int:
    from repm_bids.io.scheme_file import write_scheme

    return _write_new_file(
        args, write_scheme, "Default scheme written to {path} (every key commented; edit and pass it with --scheme)"
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from repm_bids.io.atomic import WriteFailed
    from repm_bids.services.samples import write_demo

    try:
        written = write_demo(Path(args.dir), force=args.force)
    except FileExistsError as exc:
        raise UsageError(f"{exc}; use --force to replace the sample files.") from None
    except (WriteFailed, NotADirectoryError) as exc:
        raise UsageError(str(exc)) from None
    if not written:
        print(f"The sample is in {args.dir} already, unchanged.")
    else:
        print(f"Wrote {len(written)} files into {args.dir}:")
    folder = Path(args.dir)
    for p in written:
        print(f"  {p.relative_to(folder).as_posix()}")
    tech, fin = shlex.quote(str(folder / "technical")), shlex.quote(str(folder / "financial"))
    scheme = shlex.quote(str(folder / "scheme.toml"))
    print(f"Next, the technical stage: {TOOL_NAME} evaluate {tech} --scheme {scheme}")
    print(f"Both stages in one sitting: {TOOL_NAME} evaluate {tech} --scheme {scheme} --prices {fin} --out award.xlsx")
    return EXIT_OK


def _progress(quiet: bool) -> Progress | None:
    if quiet or not sys.stderr.isatty():
        return None

    def report(done: int, total: int, message: str) -> None:
        print(f"\rReading {done}/{total} {message[-50:]:<50}", end="" if done < total else "\n", file=sys.stderr)

    return report


def cmd_evaluate(args: argparse.Namespace) -> int:
    from repm_bids.io.atomic import WriteFailed
    from repm_bids.services.evaluation import export_award, export_json

    inputs = list(args.inputs)
    _check_inputs(inputs)
    _refuse_colliding_outputs(args)
    saved_inputs = [i for i in inputs if i.lower().endswith(".repm")]
    trail_head: str | None = None  # the saved evaluation's, printed in the workbook; None: not saved
    if saved_inputs:
        if len(inputs) != 1:
            raise UsageError("a saved evaluation (.repm) is evaluated on its own, without other inputs.")
        from repm_bids.cli.store_commands import saved_trail_head

        evaluation = _evaluate_saved(inputs[0], args)
        trail_head = saved_trail_head(inputs[0])
        _refuse_overwriting_inputs(args, evaluation)
    else:
        scheme = _load_scheme(args.scheme)
        if args.decisions and not Path(args.decisions).is_file():
            raise UsageError(f"no such decisions file: {args.decisions}")
        if args.receipts and not Path(args.receipts).is_file():
            raise UsageError(f"no such receipt register: {args.receipts}")
        if args.save and Path(args.save).exists():  # before anything is read
            raise UsageError(
                f"{args.save} exists already; choose another name for the saved evaluation (or delete it first)."
            )
        if args.prices and args.save:
            raise UsageError(
                "--prices opens both covers in a single sitting, which is not saved; save the technical stage "
                "without --prices instead."
            )
        if args.prices and scheme.covers != 2:
            raise UsageError("--prices needs a scheme with two covers ([process] covers = 2).")
        run = _run_with_covers(inputs, scheme, args)
        evaluation = run.evaluation
        _refuse_bad_decisions(evaluation, args.decisions)
        if run.no_readable_input:
            from repm_bids.cli.text import summary_text

            print(summary_text(evaluation), file=sys.stderr)
            raise UsageError("no readable input: no bid file could be read (see the problems above).")
        _refuse_overwriting_inputs(args, evaluation)
        if args.save:  # the same session and result: the store keeps the bytes the run read
            from repm_bids.cli.store_commands import save_session, saved_trail_head

            save_session(run.session, args.save, evaluation, to_stderr=args.json == "-")
            trail_head = saved_trail_head(args.save)
    status = EXIT_OK
    if args.out:
        try:
            export_award(evaluation, args.out, trail_head=trail_head)
            print(f"Award workbook written to {args.out}", file=sys.stderr if args.json == "-" else sys.stdout)
            if args.save and not saved_inputs:
                from repm_bids.cli.store_commands import record_saved_export

                record_saved_export(args.save, args.out, evaluation.evaluated_at)
            elif saved_inputs:
                _record_export_of_saved(saved_inputs[0], args.out, evaluation.evaluated_at)
        except WriteFailed as exc:
            print(f"{TOOL_NAME}: {exc}", file=sys.stderr)
            status = EXIT_FAILED
    if args.json:
        if args.json == "-":
            export_json(evaluation, sys.stdout)
        else:
            try:
                export_json(evaluation, args.json)
            except WriteFailed as exc:
                print(f"{TOOL_NAME}: {exc}", file=sys.stderr)
                status = EXIT_FAILED
    if args.json != "-":
        from repm_bids.cli.text import summary_text

        print(summary_text(evaluation), end="")
    return status


def _refuse_colliding_outputs(args: argparse.Namespace) -> None:
    """--out, --json and --save name three different files, none of them an input (a skipped duplicate included) or
    the saved evaluation read; checked before anything is read or written (exit 2)."""
    from repm_bids.io.outputs import OutputCollision, check_outputs

    repm = [i for i in args.inputs if i.lower().endswith(".repm")]
    saved = ("--save", args.save) if args.save else (("the input", repm[0]) if repm else None)
    inputs = [i for i in args.inputs if i not in repm] + [p for p in (args.scheme, args.decisions, args.receipts) if p]
    try:
        check_outputs([("--out", args.out), ("--json", args.json)], inputs, saved)
        if args.save:
            check_outputs([("--save", args.save)], inputs)
    except OutputCollision as exc:
        raise UsageError(str(exc)) from None


def _refuse_bad_decisions(evaluation: Evaluation, decisions: str | None) -> None:
    """The committee's file is all or nothing: any error in it (a bad row, two rows for one bid, a bid reference
    that no bid has) stops the command before anything is printed as a result or written (exit 2)."""
    if not decisions:
        return
    from repm_bids.domain.models import Severity

    bad = [p for p in evaluation.problems if p.severity is Severity.ERROR and p.path == str(decisions)]
    if not bad:
        return
    for p in bad:
        print(f"{p.where}: {p.message}", file=sys.stderr)
    raise UsageError(
        f"the decisions file {decisions} was refused ({len(bad)} error(s) above); nothing was evaluated. Correct it, "
        "or run without --decisions."
    )


def _refuse_overwriting_inputs(args: argparse.Namespace, evaluation: Evaluation) -> None:
    """--out and --json never replace a file this evaluation read (a bid file, the scheme, the decisions, the .repm):
    the submitted files are evidence. Checked before anything is saved or written (exit 2)."""
    from repm_bids.io.atomic import WriteFailed
    from repm_bids.services.evaluation import refuse_input_as_target

    also = [p for p in (*args.inputs, args.scheme, args.decisions, args.receipts) if p]
    for option, target in (("--out", args.out), ("--json", None if args.json == "-" else args.json)):
        if not target:
            continue
        try:
            refuse_input_as_target(evaluation, target, also)
        except WriteFailed:
            raise UsageError(
                f"{option} {target} is one of the inputs of this evaluation; choose another name "
                "(input files are never overwritten)."
            ) from None


def _record_export_of_saved(saved: str, workbook: str, evaluated_at: datetime | None = None) -> None:
    """A workbook written from a saved evaluation goes into its audit trail, with its SHA-256
    (docs/saved-evaluations.md). An archive
    copy that cannot be written keeps its trail as it is: the workbook is still written, with a warning."""
    from repm_bids.cli.store_commands import record_saved_export

    try:
        record_saved_export(saved, workbook, evaluated_at)
    except UsageError as exc:
        print(f"{TOOL_NAME}: warning: the export was not recorded in the audit trail ({exc})", file=sys.stderr)


def _evaluate_saved(path: str, args: argparse.Namespace) -> Evaluation:
    if args.scheme or args.decisions or args.save or args.receipts:
        raise UsageError(
            "--scheme, --decisions, --receipts and --save do not apply to a saved evaluation; "
            "open it in the application to change it."
        )
    from repm_bids.cli.store_commands import evaluate_saved

    return evaluate_saved(path)


def _run_with_covers(inputs: list[str], scheme, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from repm_bids.services.covers import CoversRefused
    from repm_bids.services.evaluation import run_evaluation

    try:
        return run_evaluation(
            inputs,
            scheme=scheme,
            decisions_path=args.decisions,
            progress=_progress(args.quiet),
            prices=args.prices or (),
            receipts_path=args.receipts,
        )
    except CoversRefused as exc:
        for message in exc.messages:
            print(f"{TOOL_NAME}: {message}", file=sys.stderr)
        raise UsageError("the financial covers were refused; no price was opened.") from None


def cmd_check(args: argparse.Namespace) -> int:
    from repm_bids.cli.text import check_text
    from repm_bids.services.evaluation import run_evaluation

    _check_inputs(args.inputs)
    scheme = _load_scheme(args.scheme)
    run = run_evaluation(list(args.inputs), scheme=scheme)
    if args.values:
        from repm_bids.cli.values_text import values_text

        print(values_text(run.evaluation))
    print(check_text(run.evaluation), end="")
    if run.no_readable_input:
        raise UsageError("no readable input: no bid file could be read.")
    return EXIT_OK


def _evaluate_arguments(e: argparse.ArgumentParser) -> None:
    add_inputs(e)
    add_scheme(e)
    e.add_argument("--out", metavar="F.xlsx", help="write the award workbook")
    e.add_argument("--json", metavar="F", help="write the JSON result to F, or '-' for standard output")
    e.add_argument("--save", metavar="E.repm", help="also save the evaluation (inputs, scheme, decisions, audit trail)")
    e.add_argument(
        "--prices",
        nargs="+",
        metavar="FIN",
        help="two covers: open these financial covers (files or folders) in the same sitting",
    )
    e.add_argument(
        "--receipts",
        metavar="F",
        help="the receipt register (.xlsx or .csv: Bid reference, Received at, Bidder): ties by time of receipt",
    )
    e.add_argument("--quiet", action="store_true", help="no progress on standard error")


def _check_arguments(c: argparse.ArgumentParser) -> None:
    add_inputs(c)
    add_scheme(c, decisions=False)
    c.add_argument(
        "--values", action="store_true", help="also print each bid's fields: text as written, value read, note"
    )


def _new_file_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")


def _gui_arguments(g: argparse.ArgumentParser) -> None:
    g.add_argument("inputs", nargs="*", metavar="INPUT", help="bid files or folders, or one saved .repm evaluation")


def _demo_arguments(d: argparse.ArgumentParser) -> None:
    d.add_argument("dir", metavar="DIR")
    d.add_argument("--force", action="store_true", help="replace sample files already in DIR")


COMMANDS = (
    Command("gui", "open the application, with these inputs imported", _gui_arguments, cmd_gui),
    Command(
        "template",
        "write the blank covers into a folder (technical-cover.xlsx, financial-cover.xlsx), or one form F.xlsx",
        _new_file_arguments,
        cmd_template,
    ),
    Command("scheme", "write the default scheme file, with a comment on every key", _new_file_arguments, cmd_scheme),
    Command(
        "demo",
        "write the bundled sample into DIR: technical/ and financial/ covers, scheme, decisions, receipts",
        _demo_arguments,
        cmd_demo,
    ),
    Command("evaluate", "the whole evaluation, headless", _evaluate_arguments, cmd_evaluate),
    Command("check", "reading and technical checks only, as readable text", _check_arguments, cmd_check),
)
"""This module's commands; the saved-evaluation commands come from `cli.store_commands.COMMANDS`."""
