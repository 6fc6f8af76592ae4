"""What every command module shares: exit codes, the usage error, how a command declares itself, and the checks of
the arguments that several commands take."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repm_bids.domain.scheme import Scheme

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command's arguments or files: printed as one sentence, exit 2."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its parser's help and description, how it adds its arguments, and its handler.
    `cli.main` builds the parser from the command tables of the command modules."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace], int]
    description: str | None = None

    def add_to(self, subparsers: Any) -> None:
        p = subparsers.add_parser(self.name, help=self.help, description=self.description)
        self.arguments(p)
        p.set_defaults(handler=self.handler)


def add_inputs(p: argparse.ArgumentParser) -> None:
    """INPUT...: the bid files and folders (or one saved evaluation) of every command that evaluates."""
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="bid files or folders, or one saved .repm evaluation")


def add_scheme(p: argparse.ArgumentParser, *, decisions: bool = True) -> None:
    """--scheme F and (unless `decisions` is False) --decisions F, as every command that evaluates takes them."""
    p.add_argument("--scheme", metavar="F", help="scheme file (TOML); the REPM defaults without it")
    if decisions:
        p.add_argument("--decisions", metavar="F", help="committee decisions (.xlsx or .csv)")


def check_inputs(inputs: Sequence[str]) -> None:
    """Every INPUT given exists (exit 2 naming those that do not)."""
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


def load_scheme(path: str | None) -> Scheme:
    """The scheme of --scheme F (or the defaults); a bad file is a usage error naming every bad key."""
    from repm_bids.io.scheme_file import SchemeFileError
    from repm_bids.services.evaluation import load_scheme_or_default

    try:
        return load_scheme_or_default(path)
    except SchemeFileError as exc:
        lines = "\n".join(f"  {exc.path}: {m}" for m in exc.messages)
        raise UsageError("the scheme file cannot be used:\n" + lines) from None
