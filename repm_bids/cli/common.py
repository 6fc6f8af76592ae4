"""What every command module shares: exit codes, the usage error, and how a command declares itself."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
