"""Everything the command line prints goes through `shown_lines`: a bidder's ESC or CR cannot act on the terminal.

Standard output is wrapped for the length of a command, so every report (the summary, `check`, `log`, `verify`, the
JSON result on `--json -`) is covered without each print remembering to; the messages on standard error go through
`error_line`. The escapes used (`\\u001b`, `\\r`, `\\u202e`) are also JSON's, so the JSON result printed stays valid
JSON with the same meaning. Values that could hold a newline of their own (file names, cell text) are passed through
`shown` where the reports are made, so that they cannot start a line of their own either.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from repm_bids.domain.shown import shown_lines


class ShownStream:
    """A text stream that escapes control characters (not newlines) in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(shown_lines(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def shown_stdout() -> Iterator[None]:
    """Standard output escaped for the length of the block (progress on standard error keeps its own CR)."""
    before = sys.stdout
    sys.stdout = ShownStream(before)
    try:
        yield
    finally:
        sys.stdout = before


def error_line(text: object) -> str:
    """A message for standard error, with its controls escaped."""
    return shown_lines(str(text))
