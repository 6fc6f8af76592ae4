"""Write the JSON result (docs/json-result.md) to a file, whole or not at all, or to a stream."""

from __future__ import annotations

import os
from typing import IO

from repm_bids.domain.report import result_json
from repm_bids.domain.result import Evaluation
from repm_bids.io.atomic import write_bytes_atomic


def write_json(evaluation: Evaluation, target: str | os.PathLike[str] | IO[str]) -> None:
    text = result_json(evaluation)
    if isinstance(target, str | os.PathLike):
        write_bytes_atomic(target, text.encode("utf-8"))
    else:
        target.write(text)
