"""Defences that run before any spreadsheet parser sees a file: what kind of file it is, the zip container's sizes,
ratios and structure, and the check that XML is parsed with defusedxml. The XML inside is checked by
`sheet_facts.py`, and the whole package by `xlsx_package.py`; all of it runs in the reading worker (`sandbox.py`),
which bounds what a check here does not foresee.

Every limit is documented in docs/bid-files.md. A bid form needs a few tens of KB; a bids table of 10,000 bids a few
MB. The limits leave a wide margin above that and still keep a hostile file to a second and bounded memory.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any, NamedTuple

# --- limits (documented in docs/bid-files.md) ------------------------------------------------------------------
MAX_FILE_BYTES = 50 * 1024 * 1024  # a file on disk
MAX_ZIP_MEMBERS = 1_000  # parts inside an .xlsx
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 128 * 1024 * 1024  # all parts together, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_CELLS = 1_000_000  # rows x columns of a sheet's used area, counted from A1 (47,000 bids of 21 fields)
MAX_SHARED_STRINGS = 2_000_000
MAX_FORM_ROWS = 1_000  # rows of a bid form sheet that are looked at
MAX_TABLE_ROWS = 100_000  # rows of a bids table (or decisions) sheet that are read
MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_SHEET_TEXT = 64 * 1024 * 1024  # characters of shared text the cells of one sheet may point at


# the zip format's compression methods (zipfile's constants, without importing zipfile into the reading worker)
ZIP_STORED = 0
ZIP_DEFLATED = 8


class Refused(Exception):
    """The file is not read, and why: a problem code and its figures, which `domain.wording` words (`str(exc)` is
    that sentence)."""

    def __init__(self, code: str, **figures: Any) -> None:
        super().__init__(code)
        self.code = code
        self.figures = figures

    def __str__(self) -> str:
        from repm_bids.domain.wording import reason_words  # here: the reading worker starts without the sentences

        return reason_words(self.code, self.figures)


def _defusedxml_present() -> bool:
    try:
        import defusedxml.ElementTree  # noqa: F401
    except ImportError:
        return False
    return True


DEFUSED: bool = _defusedxml_present()
"""True when defusedxml is installed (openpyxl then parses with it too); checked once, at import."""


def not_defused_message() -> str:
    """The sentence given when defusedxml is missing."""
    return str(Refused("no_defusedxml"))


def require_defused() -> None:
    if not DEFUSED:
        raise Refused("no_defusedxml")


# --- what kind of file ------------------------------------------------------------------------------------------
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def sniff(data: bytes) -> str:
    """'empty', 'zip', 'ole', 'ole_encrypted' (a password-protected Office file), 'text' or 'binary'."""
    if not data:
        return "empty"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:8] == _OLE_MAGIC:
        if any(mark in data for mark in _ENCRYPTION_MARKS):
            return "ole_encrypted"
        return "ole"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:3] == b"\xef\xbb\xbf":
        return "text"
    head = data[:4096]
    if b"\x00" in head:
        return "binary"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return "binary" if controls > len(head) // 100 + 1 else "text"


# --- the zip container ------------------------------------------------------------------------------------------
def column_number(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _damaged(what: str) -> Refused:
    return Refused("damaged", what=what)


class Entry(NamedTuple):
    """One part as the zip's central directory declares it."""

    name: str
    flags: int
    method: int
    crc: int
    compress_size: int
    file_size: int
    header_offset: int


_EOCD = b"PK\x05\x06"
_CDH = struct.Struct("<4s6H3L5H2L")  # central directory file header, 46 bytes
_LOCAL_LENGTHS = struct.Struct("<HH")  # name and extra field lengths, at offset 26 of a local file header


def central_directory(data: bytes) -> list[Entry]:
    """The parts of a zip, from its central directory (no ZIP64: a bid file never needs it). Raises Refused."""
    floor = max(0, len(data) - 65_557)
    # the end record is one whose comment reaches exactly to the end of the file; two such records (one hidden in
    # the other's comment) could lead two readers to two different directories: refused
    ends = []
    at = data.rfind(_EOCD, floor)
    while at >= 0:
        if len(data) >= at + 22 and at + 22 + struct.unpack_from("<H", data, at + 20)[0] == len(data):
            ends.append(at)
        at = data.rfind(_EOCD, floor, at)
    if not ends:
        raise _damaged("its zip directory is missing")
    if len(ends) > 1:
        raise Refused("zip_ambiguous")
    at = ends[0]
    _disk, _cd_disk, _n_here, count, cd_size, cd_offset, _comment = struct.unpack("<4H2LH", data[at + 4 : at + 22])
    zip64 = at >= 20 and data[at - 20 : at - 16] == b"PK\x06\x07"
    if zip64 or count == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
        raise Refused("zip64")
    if count > MAX_ZIP_MEMBERS:
        raise Refused("too_many_parts", count=count, limit=MAX_ZIP_MEMBERS)
    if cd_offset + cd_size > at:
        raise _damaged("its zip directory is cut short")
    entries: list[Entry] = []
    pos = cd_offset
    unpack = _CDH.unpack_from
    for _ in range(count):
        if pos + 46 > at:
            raise _damaged("its zip directory is cut short")
        f = unpack(data, pos)
        if f[0] != b"PK\x01\x02":
            raise _damaged("its zip directory is corrupt")
        nlen = f[10]
        flags = f[3]
        name = data[pos + 46 : pos + 46 + nlen].decode("utf-8" if flags & 0x800 else "cp437", "replace")
        entries.append(Entry(name, flags, f[4], f[7], f[8], f[9], f[16]))
        pos += 46 + nlen + f[11] + f[12]
    return entries


def unpack_zip(data: bytes) -> tuple[dict[str, bytes], bool]:
    """Check a package's directory and unpack every part within the limits: member count, each declared and actual
    size, the total, the compression ratio, names that two readers could match differently. Returns the parts and
    whether it holds macros. Raises Refused."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused("file_too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    entries = central_directory(data)
    total = 0
    seen = set()
    macros = False
    for info in entries:
        folded = info.name.replace("\\", "/").lower()  # readers differ in how they match names: none may be ambiguous
        if folded in seen:
            raise Refused("two_parts", name=info.name)
        seen.add(folded)
        macros = macros or folded.endswith("vbaproject.bin")
        if info.file_size > MAX_MEMBER_BYTES:
            raise Refused("part_too_large", name=info.name, size=info.file_size, limit_mb=MAX_MEMBER_BYTES // (1 << 20))
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused("part_ratio", name=info.name, ratio=MAX_RATIO)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise Refused("unpack_too_large", size=total, limit_mb=MAX_TOTAL_BYTES // (1024 * 1024))
    parts: dict[str, bytes] = {}
    for info in entries:
        if info.name.endswith("/"):
            continue  # a folder entry
        start = _member_start(data, info)
        raw = data[start : start + info.compress_size]
        if len(raw) < info.compress_size:
            raise _damaged(f"the part {info.name!r} is cut short")
        parts[info.name] = _inflate(info, raw)
    return parts, macros


def _member_start(data: bytes, info: Entry) -> int:
    """Where the compressed bytes of one part start, located through its local header."""
    if info.flags & 0x1:
        raise Refused("password")
    off = info.header_offset
    if off + 30 > len(data) or not data.startswith(b"PK\x03\x04", off):
        raise _damaged(f"the part {info.name!r} is missing")
    name_len, extra_len = _LOCAL_LENGTHS.unpack_from(data, off + 26)
    return int(off + 30 + name_len + extra_len)


def _inflate(info: Entry, raw: bytes) -> bytes:
    """Unpack one part, never beyond its declared size, and check its CRC."""
    if info.method == ZIP_STORED:
        out = raw
    elif info.method == ZIP_DEFLATED:
        try:
            out = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise _damaged(f"the part {info.name!r} is corrupt") from exc
    else:
        raise Refused("compression_unsupported", name=info.name)
    if len(out) > info.file_size:
        raise Refused("part_over_size", name=info.name)
    if len(out) != info.file_size or zlib.crc32(out) != info.crc:
        raise _damaged(f"the part {info.name!r} is corrupt")
    return out


def xml_root(name: str, body: bytes) -> str | None:
    """The local name of an XML part's root element, or None when the part is not XML (an image, the macros).
    Refuses UTF-16 XML and a document type (the only place where XML declares entities). Every part is judged by
    what it holds, not by its name: a workbook's relationships may point a reader at any part."""
    head = body[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) >= 2 and b"\x00" in head[:2] and b"<" in head):
        raise Refused("xml_utf16", name=name)
    start = body[3:4] if body.startswith(b"\xef\xbb\xbf") else body.lstrip()[:1]
    if start != b"<":
        return None
    at = _root_start(body)
    if at is None:
        return None
    if body.startswith(b"<!", at):
        raise Refused("xml_doctype", name=name)
    end = at + 1
    while end < len(body) and end - at < 200 and body[end] not in b" \t\r\n/>":
        end += 1
    return body[at + 1 : end].decode("utf-8", "replace").rpartition(":")[2]


def _root_start(body: bytes) -> int | None:
    """Where the first element or declaration after the prolog's processing instructions and comments starts."""
    i = 0
    while True:
        i = body.find(b"<", i)
        if i < 0:
            return None
        if body.startswith(b"<?", i):
            i = body.find(b"?>", i)
        elif body.startswith(b"<!--", i):
            i = body.find(b"-->", i)
        else:
            return i
        if i < 0:
            return None
