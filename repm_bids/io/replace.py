"""Moving a finished file over its target, on every system.

On Windows, os.replace fails with PermissionError while another program holds the target open: a virus scanner or
the search indexer lets go within a moment, Excel only when the workbook is closed. So on Windows the move is tried
again a few times over about a second and a half before the error goes up to the caller, whose message tells the
member to close the file. Elsewhere a PermissionError means the folder is not writable, and trying again cannot help.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

WINDOWS = os.name == "nt"
RETRY_DELAYS_S = (0.05, 0.1, 0.2, 0.4, 0.8)


def replace_file(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, sleep: Callable[[float], None] = time.sleep
) -> None:
    """os.replace(source, target), tried again on Windows while the target is held open elsewhere."""
    delays = RETRY_DELAYS_S if WINDOWS else ()
    for delay in delays:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            sleep(delay)
    os.replace(source, target)
