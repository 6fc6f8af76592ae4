"""The desktop bundle's program: the `repm-bids` command (no arguments: the application), plus `--smoke`, the
install check that opens the window on the sample offscreen and exits 0 when all went well."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    # bid files are read in worker processes started by re-running this program: let such a start be a worker
    multiprocessing.freeze_support()
    if sys.argv[1:2] == ["--smoke"]:
        from repm_bids.gui.smoke import main as smoke

        return smoke()
    from repm_bids.cli.main import main as command

    return command()


if __name__ == "__main__":
    sys.exit(main())
