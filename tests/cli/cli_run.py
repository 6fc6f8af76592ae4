"""Running the command line in a test: the exit status and what it printed."""

from __future__ import annotations

from repm_bids.cli.main import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
