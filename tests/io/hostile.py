"""Hostile files built in memory, and a reading function that misbehaves on purpose for the worker to run."""

from __future__ import annotations

import io
import os
import time
import zipfile
from typing import Any

from repm_bids.domain.fields import FIELDS
from repm_bids.io.intake_read import read_bid_bytes

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def minimal_xlsx(sheet: bytes, shared: bytes | None = None, name: str = "Bids") -> bytes:
    """A one-sheet workbook with the given sheet XML (and shared strings)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>' if shared else "")
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook {NS} {_RNS}><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        rels = f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        if shared:
            rels += f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels
            + "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            z.writestr("xl/sharedStrings.xml", shared)
    return buf.getvalue()


def _column(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def shared_string_bomb(rows: int = 1000, cols: int = 1000) -> bytes:
    """A bids table (about 2.5 MB) whose million cells all point at one 32,767-character shared string: within every
    size limit of the package, but 32 GB of text once laid out."""
    letters = [_column(c).encode() for c in range(cols)]
    parts = [f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode()]
    for r in range(1, rows + 1):
        parts.append(b'<row r="%d">' % r)
        parts.append(b"".join(b'<c r="%s%d" t="s"><v>0</v></c>' % (col, r) for col in letters))
        parts.append(b"</row>")
    parts.append(b"</sheetData></worksheet>")
    shared = f'<?xml version="1.0"?><sst {NS} count="1" uniqueCount="1"><si><t>{"x" * 32767}</t></si></sst>'
    return minimal_xlsx(b"".join(parts), shared.encode())


def table_sheet(rows: list[list[str]], comment: bytes = b"") -> bytes:
    """A sheet of inline-string cells, with an XML comment before the data."""
    body = []
    for r, row in enumerate(rows, 1):
        cells = b"".join(
            b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (_column(c).encode(), r, v.encode())
            for c, v in enumerate(row)
        )
        body.append(b'<row r="%d">%s</row>' % (r, cells))
    return (
        f'<?xml version="1.0"?><worksheet {NS}>'.encode()
        + comment
        + b"<sheetData>"
        + b"".join(body)
        + (b"</sheetData></worksheet>")
    )


def row_comment_sheet(size: int) -> bytes:
    """A valid sheet whose XML comment repeats `<row` to about `size` bytes, and whose cells carry no reference (so
    a reader lays them out along their row): the worst case of a pattern that looked for numbered rows."""
    cells = b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % f.label.encode() for f in FIELDS)
    comment = b"<!--" + b"<row " * (size // 5) + b"-->"
    return (
        f'<?xml version="1.0"?><worksheet {NS}>'.encode()
        + comment
        + b"<sheetData><row>"
        + cells
        + b"</row></sheetData></worksheet>"
    )


def misbehave(name: str, data: bytes) -> Any:
    """Read as the worker does, unless the file's name asks for a crash, a hang, a memory bomb or a huge reply."""
    base = os.path.basename(name)
    if "crash" in base:
        os.abort()
    if "hang" in base:
        time.sleep(3600)
    if "memory" in base:
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(1024)]  # 64 GiB, a page touched in each
        for block in hoard:
            block[0] = 1
    if "chatty" in base:
        return [], ["x" * (8 * 1024 * 1024)]
    if "sneaky" in base:
        return os.system, ()
    return read_bid_bytes(name, data)
