"""CSV files: a bids table or committee decisions (docs/bid-files.md, sections 3 and 7).

UTF-8 with or without a BOM, any line ends. UTF-16 with a BOM is read too (Excel's "Unicode text"). A file that is
not valid UTF-8 is refused with a sentence rather than guessed at. The separator is a comma; a semicolon or a tab is
accepted only when the header row clearly uses it (it splits the header into known column names and a comma does
not).
"""

from __future__ import annotations

import csv
import io

from repm_bids.domain.fields import decision_column_for_label, field_for_label

from .safety import MAX_FILE_BYTES, Refused


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, note) or Refused."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused("file_too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(b"\xef\xbb\xbf"):
        body, note = data[3:], None
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise Refused("utf32")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "read as UTF-16 text"
        except UnicodeDecodeError as exc:
            raise Refused("bad_utf16") from exc
    else:
        body, note = data, None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise Refused("not_utf8", line=line) from exc
    if "\x00" in text:
        raise Refused("not_text")
    return text, note


def _header_score(line: str, sep: str) -> int:
    cells = next(csv.reader([line], delimiter=sep), [])
    return sum(1 for c in cells if field_for_label(c) is not None or decision_column_for_label(c) is not None)


def sniff_separator(text: str) -> tuple[str, str | None]:
    """',' unless the first lines clearly use ';' or a tab (more known column names that way, and more than one)."""
    lines = text[: 64 * 1024].splitlines()[:20]  # a header within the first 20 lines: never split a whole file
    best = (0, ",")
    for line in lines:
        for sep in (",", ";", "\t"):
            score = _header_score(line, sep)
            if score > best[0]:
                best = (score, sep)
        if best[0] >= 2:
            break
    sep = best[1]
    if sep == ",":
        return ",", None
    name = "semicolons" if sep == ";" else "tabs"
    return sep, f"the header row is separated by {name}; read with {name}"


def parse_rows(text: str, sep: str, max_rows: int | None = None) -> tuple[list[list[str]], list[int]]:
    """Rows and the 1-based line each starts on, at most `max_rows` of them. Raises Refused on a malformed file."""
    rows: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    start = 1
    try:
        for row in reader:
            if max_rows is not None and len(rows) >= max_rows:
                break
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Refused("csv_unreadable", line=start, why=str(exc)) from exc
    return rows, lines
