"""What the window runs in a child process (`process_task`): exporting and verifying, and encoding a large result
for the store's writer. Free of Qt, so the child imports only the services; each is called as
`function(progress, cancel, *args)` with arguments made quickly on the pool thread (a pickle of the evaluation, a
copy of the saved file)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any


def export_award(
    progress: Any, cancel: Any, evaluation: bytes, target: Path, protected: list[str], trail_head: str | None
) -> Path:
    """The award workbook of the pickled evaluation, whole or not at all."""
    from repm_bids.services.evaluation import export_award as write

    write(pickle.loads(evaluation), target, protected, trail_head=trail_head)
    progress(1, 1, target.name)
    return target


def export_json(progress: Any, cancel: Any, evaluation: bytes, target: Path, protected: list[str]) -> Path:
    """The JSON result of the pickled evaluation, whole or not at all."""
    from repm_bids.services.evaluation import export_json as write

    write(pickle.loads(evaluation), target, protected)
    progress(1, 1, target.name)
    return target


def encode_result(progress: Any, cancel: Any, evaluation: bytes) -> tuple[str, bytes]:
    """The pickled evaluation's result digest and stored text, as UTF-8 (`services.saved.encode_result`)."""
    from repm_bids.services.saved import encode_result as encode

    return encode(pickle.loads(evaluation))


def verify_copy(progress: Any, cancel: Any, workbook: str, copy: Path) -> Any:
    """Verify the workbook against a copy of the saved evaluation made for it (the window keeps the file itself)."""
    from repm_bids.services.saved import verify_copy as verify

    return verify(workbook, copy)
