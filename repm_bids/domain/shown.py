"""Text from outside (a bidder's cells, a file's name) made safe to show on a terminal or in a window.

A bid's text or a file name can hold control characters: ESC starts a terminal command (colours, moving the cursor,
erasing a line), CR returns to the start of the line so that what follows overwrites what came before, a newline
starts what looks like another line of the report, and the bidirectional controls reorder what is read. Shown raw,
one bid could hide another bid's failure line. Every such character is shown as an escape (`\\u001b`, `\\r`, `\\n`,
`\\u202e`) instead, so the text is still all there and nothing it holds can act on the screen.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the bidirectional embeddings/overrides/isolates and marks, the line and paragraph
# separators, and the two noncharacters U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")
_CONTROL_NOT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    """JSON's escapes (`\\u001b`), so that text escaped inside a JSON document still means the same."""
    ch = m.group(0)
    return _NAMED.get(ch) or f"\\u{ord(ch):04x}"


def shown(text: object) -> str:
    """One value (a bid reference, a name, a path, a message) as it may be shown: every control escaped, the
    newline too, so the value stays on its line."""
    return _CONTROL.sub(_escape, str(text))


def shown_lines(text: str) -> str:
    """A report made of lines: every control escaped except the newlines that separate its lines. For values that
    could hold a newline of their own (file names, cell text), use `shown` on each value first."""
    return _CONTROL_NOT_NEWLINE.sub(_escape, text)
