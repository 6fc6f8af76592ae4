"""Defences that run before any spreadsheet parser sees a file: what kind of file it is, zip-bomb and size limits,
and the check that XML is parsed with defusedxml.

Every limit is documented in docs/bid-files.md. A bid form needs a few tens of KB; a bids table of 10,000 bids a few
MB. The limits leave a wide margin above that and still keep a hostile file to a second and bounded memory.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

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


class Refused(Exception):
    """The file is not read; `str(exc)` is a sentence for the committee."""


def _defusedxml_active() -> bool:
    try:
        import defusedxml  # noqa: F401
        import defusedxml.ElementTree  # noqa: F401
        from openpyxl.xml import DEFUSEDXML
    except ImportError:
        return False
    return bool(DEFUSEDXML)


DEFUSED: bool = _defusedxml_active()
"""True when defusedxml is installed and openpyxl uses it; checked once, at import."""

NOT_DEFUSED_MESSAGE = (
    "Workbooks cannot be read safely on this computer: the 'defusedxml' package is missing. "
    "Reinstall repm-bids (pip install defusedxml) and try again."
)


def require_defused() -> None:
    if not DEFUSED:
        raise Refused(NOT_DEFUSED_MESSAGE)


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
# white space as the reader's XML parser takes it (form feed too: calamine takes `s="1"\fr="XFD1"` as a reference)
_WS_TO_SPACE = bytes.maketrans(b"\t\n\r\x0c", b"    ")
_R_ATTR = re.compile(rb" r *= *[\"']([^\"']{0,40})[\"']")  # on text whose white space is all spaces
_ODD_R = re.compile(rb"r(?: +=|= |=')")
_SPACE_EQ = re.compile(rb" =")  # literal searches: fast
# an r attribute glued to the previous attribute's closing quote (`s="1"r="XFD1"`): not well-formed XML, but the
# reader takes it as the cell's reference
_GLUED_R_DQ = re.compile(rb'"r *=')
_GLUED_R_SQ = re.compile(rb"'r *=")
_R_ATTR_DQ = re.compile(rb'"r *= *["\']([^"\']{0,40})["\']')
_R_ATTR_SQ = re.compile(rb"'r *= *[\"']([^\"']{0,40})[\"']")
_R_EQ_ODD = re.compile(rb"r=[ ']")
# a cell start tag (`<c` then white space, '>' or '/') that does not open with `<c r="` and a reference of 1-2 letters
# and 1-3 digits (a cell within ZZ999): `<c>`, `<c s="1" r=...`, `<c r="XFD1"`, ...
_ODD_CELL_TAG = re.compile(rb'<c(?! r="[A-Za-z]{1,2}[0-9]{1,3}")[\s>/]')
_OTHER_R = re.compile(rb' r="(?<!<c r=")(?<!<row r=")')  # an r="..." that is neither a cell's nor a row's
_A1 = re.compile(rb"([A-Za-z]{1,4})([0-9]{1,9})")
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_ANY_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_NUMBERED_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/])[^>]*?[\s\"']r *= *[\"'][0-9]{1,12}[\"']")
_SST_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s>/])")
_SST_COUNT = re.compile(rb"\b(?:uniqueCount|count)\s*=\s*[\"']([^\"']{0,40})[\"']")
# Literal searches: a compiled pattern finds a short needle about twice as fast as `needle in body`
_HAS_SST = re.compile(rb"sst")
_HAS_PREFIXED_C = re.compile(rb":c")
_HAS_ERROR_TYPE = re.compile(rb'"e"')
_FORMULA_TAG = re.compile(rb"<f(?!ormula)")  # an <f...> tag other than <formula...> (data validation lists)


def column_number(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


@dataclass
class SafeZip:
    """An .xlsx package whose central directory and parts passed the limits; parts are kept decompressed."""

    data: bytes
    names: frozenset[str] = frozenset()
    parts: dict[str, bytes] = field(default_factory=dict)  # the XML parts, unpacked and checked
    formulas: dict[str, bool] = field(default_factory=dict)  # sheet part -> may hold a formula or error result
    macros: bool | None = None  # found while the directory was checked; None: not known yet

    @property
    def has_macros(self) -> bool:
        if self.macros is None:
            self.macros = any(name.lower().endswith("vbaproject.bin") for name in self.names)
        return self.macros


def _damaged(what: str) -> Refused:
    return Refused(
        f"The file is damaged or incomplete ({what}); it may not have finished downloading. "
        "Open it in a spreadsheet program, save it again as .xlsx, and resubmit."
    )


class Entry(NamedTuple):
    """One part as the zip's central directory declares it (a NamedTuple: ten of them per file, cheap to make)."""

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


_FOLDED: dict[str, str] = {}  # part name -> as compared for duplicates (slashes one way, lower case)

# Directory records already decoded, by their bytes (parts that forms of one template share keep theirs)
_ENTRIES: dict[bytes, Entry] = {}


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
        raise Refused("The workbook's zip structure is ambiguous (two end-of-directory records); refused.")
    at = ends[0]
    _disk, _cd_disk, _n_here, count, cd_size, cd_offset, _comment = struct.unpack("<4H2LH", data[at + 4 : at + 22])
    zip64 = at >= 20 and data[at - 20 : at - 16] == b"PK\x06\x07"
    if zip64 or count == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
        raise Refused("The workbook uses a ZIP64 archive, which a bid file never needs; save it again as .xlsx.")
    if count > MAX_ZIP_MEMBERS:
        raise Refused(f"The workbook has {count:,} parts, more than the {MAX_ZIP_MEMBERS:,} allowed; refused.")
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
        record = data[pos : pos + 46 + nlen]  # the fixed fields and the name: the same in forms of one template
        entry = _ENTRIES.get(record)
        if entry is None:
            flags = f[3]
            name = record[46:].decode("utf-8" if flags & 0x800 else "cp437", "replace")
            entry = Entry(name, flags, f[4], f[7], f[8], f[9], f[16])
            if nlen <= 200:  # a long name (a hostile file can write 64 KB ones) is not kept: memory stays small
                if len(_ENTRIES) >= 4096:
                    _ENTRIES.clear()
                _ENTRIES[record] = entry
        entries.append(entry)
        pos += 46 + nlen + f[11] + f[12]
    return entries


def open_zip(data: bytes) -> SafeZip:
    """Check an .xlsx package before any parser runs: member count, each declared and actual size, the total, the
    compression ratio, DTDs in XML parts, shared-string counts and each sheet's used area. Raises Refused."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"The file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for a bid file.")
    entries = central_directory(data)
    total = 0
    names = set()
    seen = set()
    macros = False
    for info in entries:
        folded = _FOLDED.get(info.name)  # readers differ in how they match names: none may be ambiguous
        if folded is None:
            folded = info.name.replace("\\", "/").lower()
            if len(info.name) <= 200:
                if len(_FOLDED) >= 4096:
                    _FOLDED.clear()
                _FOLDED[info.name] = folded
        if folded in seen:
            raise Refused(f"The workbook holds two parts named {info.name!r}; refused.")
        seen.add(folded)
        macros = macros or folded.endswith("vbaproject.bin")
        names.add(info.name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise Refused(
                f"The workbook part {info.name!r} would unpack to {info.file_size:,} bytes, more than the "
                f"{MAX_MEMBER_BYTES // (1024 * 1024)} MB allowed; refused (possible zip bomb)."
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(
                f"The workbook part {info.name!r} is compressed more than {MAX_RATIO} to 1; refused "
                "(possible zip bomb)."
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise Refused(
            f"The workbook would unpack to {total:,} bytes, more than the {MAX_TOTAL_BYTES // (1024 * 1024)} MB "
            "allowed; refused (possible zip bomb)."
        )
    safe = SafeZip(data, names=frozenset(names), macros=macros)
    fresh: list[tuple[tuple[str, int, int, int, int], bytes, str]] = []
    for info in entries:
        if info.name.endswith("/"):
            continue  # a folder entry
        start = _member_start(data, info)
        key = (info.name, info.crc, info.compress_size, info.file_size, info.method)
        known = _UNPACKED.get(key)
        if known is not None and data.startswith(known[0], start):  # the very same compressed bytes (compared in
            safe.parts[info.name] = known[1]  # place, same length by the key): the same checked content
            continue
        raw = data[start : start + info.compress_size]
        if len(raw) < info.compress_size:
            raise _damaged(f"the part {info.name!r} is cut short")
        safe.parts[info.name] = _inflate(info, raw)
        fresh.append((key, raw, info.name))
    for _key, _raw, name in fresh:
        _check_part(safe, name, safe.parts[name])
    for key, raw, name in fresh:  # remember parts that forms of one template share, once they passed
        body = safe.parts[name]
        if len(body) <= 64 * 1024 and len(raw) <= 64 * 1024 and name not in safe.formulas:  # small: memory bound
            if len(_UNPACKED) >= 256:
                _UNPACKED.clear()
            _UNPACKED[key] = (raw, body)
    return safe


# Parts shared by many files (the styles, workbook, relationships and theme of forms made from one template), by
# their directory entry and compressed bytes: unpacked and checked once.
_UNPACKED: dict[tuple[str, int, int, int, int], tuple[bytes, bytes]] = {}


def _member_start(data: bytes, info: Entry) -> int:
    """Where the compressed bytes of one part start, located through its local header."""
    if info.flags & 0x1:
        raise Refused("The workbook is password-protected; remove the password and save a copy, then submit that copy.")
    off = info.header_offset
    if off + 30 > len(data) or not data.startswith(b"PK\x03\x04", off):
        raise _damaged(f"the part {info.name!r} is missing")
    name_len, extra_len = _LOCAL_LENGTHS.unpack_from(data, off + 26)
    return int(off + 30 + name_len + extra_len)


def _inflate(info: Entry, raw: bytes) -> bytes:
    """Unpack one part, never beyond its declared size, and check its CRC."""
    if info.method == zipfile.ZIP_STORED:
        out = raw
    elif info.method == zipfile.ZIP_DEFLATED:
        try:
            out = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise _damaged(f"the part {info.name!r} is corrupt") from exc
    else:
        raise Refused(
            f"The workbook part {info.name!r} uses a compression method that is not supported; "
            "save the file again as .xlsx in a spreadsheet program."
        )
    if len(out) > info.file_size:
        raise Refused(
            f"The workbook part {info.name!r} unpacks to more than its declared size; refused (possible zip bomb)."
        )
    if len(out) != info.file_size or zlib.crc32(out) != info.crc:
        raise _damaged(f"the part {info.name!r} is corrupt")
    return out


def _check_part(safe: SafeZip, name: str, body: bytes) -> None:
    """Every part is checked by what it holds, not by its name: a workbook's relationships may point a reader at
    any part, whatever it is called."""
    head = body[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) >= 2 and b"\x00" in head[:2] and b"<" in head):
        raise Refused(f"The workbook part {name!r} is XML in UTF-16, which a spreadsheet never writes; refused.")
    start = body[3:4] if body.startswith(b"\xef\xbb\xbf") else body.lstrip()[:1]
    if start != b"<":
        return  # not XML (an image, the macros): no reader here parses it
    if _prolog_declares(body):
        raise Refused(
            f"The workbook part {name!r} declares XML entities or a document type, which a spreadsheet never "
            "needs; refused as unsafe."
        )
    root = _SST_ROOT.search(body) if _HAS_SST.search(body) else None
    if root is not None:  # the shared strings: the reader reserves room for the count they declare
        end = body.find(b">", root.end())
        for m in _SST_COUNT.finditer(body[root.start() : end if end > 0 else len(body)]):
            value = m.group(1).strip()
            if not value.isdigit():
                raise Refused("The workbook's shared strings declare an unreadable count; refused.")
            if int(value) > MAX_SHARED_STRINGS:
                raise Refused(
                    f"The workbook declares {int(value):,} shared strings, more than the "
                    f"{MAX_SHARED_STRINGS:,} allowed; refused."
                )
    if b"sheetData" in body:
        rows, cols = sheet_extent(body)
        if rows * cols > MAX_SHEET_CELLS:
            raise Refused(
                f"A sheet of the workbook ({name!r}) reaches row {rows:,} and column {cols:,}, more than the "
                f"{MAX_SHEET_CELLS:,} cells allowed; refused."
            )
        # a hint only (it decides whether cells' formulas are looked up): <f> tags other than <formula...>, or an
        # error-typed cell
        safe.formulas[name] = bool(_FORMULA_TAG.search(body) or _HAS_ERROR_TYPE.search(body))


def _prolog_declares(body: bytes) -> bool:
    """Whether the XML declares a document type (and so entities) before its root element, the only place XML
    allows it. Readers here never expand entities anyway; this refuses such a file outright."""
    i = 0
    while True:
        i = body.find(b"<", i)
        if i < 0:
            return False
        if body.startswith(b"<?", i):
            i = body.find(b"?>", i)
        elif body.startswith(b"<!--", i):
            i = body.find(b"-->", i)
        else:
            return body.startswith(b"<!", i)
        if i < 0:
            return False


def sheet_extent(body: bytes) -> tuple[int, int]:
    """A bound on (last row, last column) that a reader would lay the sheet out to, counted from A1.

    Fast path: every cell is written `<c r="B7"...` (as Excel, LibreOffice and openpyxl write them) and there is no
    other `r` attribute (a duplicate one, or one written with other spacing or quotes, or glued to the attribute
    before it, could hide the true extent); then, if no reference goes past column ZZ or row 999, the bound is
    999 x 702. Otherwise every `r` attribute is read, and a reference that is not plain letters and digits is
    refused; cells without a reference are bounded by their rows' numbers and counts."""
    text = body.translate(_WS_TO_SPACE)
    if _HAS_PREFIXED_C.search(text) is None:
        plain = (
            _ODD_CELL_TAG.search(text) is None  # every cell is `<c r="B7"` within ZZ999
            and _OTHER_R.search(text) is None  # no r="..." but those of the cells and the rows
            # no r attribute written oddly (`r =`, `r= `, `r='`): `r +=` needs a ' =' first, rarely there at all
            and (_SPACE_EQ.search(text) is None or _ODD_R.search(text) is None)
            and _R_EQ_ODD.search(text) is None
            and _GLUED_R_DQ.search(text) is None
            and _GLUED_R_SQ.search(text) is None
        )
        if plain:
            return (999, 702) if text.find(b'<c r="') >= 0 else (0, 0)
    values = _R_ATTR.findall(text) + _R_ATTR_DQ.findall(text) + _R_ATTR_SQ.findall(text)
    refs = []
    row_numbers = []  # r="7" of rows (or of anything else: a bound either way)
    for v in values:
        m = _A1.fullmatch(v)
        if m is not None:
            refs.append(m.groups())
        elif v.isdigit():
            row_numbers.append(int(v))
        else:
            raise Refused("A sheet of the workbook has a malformed cell reference; refused.")
    max_row = max(map(int, [r for _, r in refs]), default=0)
    max_col = max(map(column_number_bytes, {c.upper() for c, _ in refs}), default=0)
    total = len(_ANY_CELL.findall(text))
    if total > len(refs):  # some cells carry no reference: they follow one another along their row
        rows = _ANY_ROW.split(text)
        widest = max((len(_ANY_CELL.findall(chunk)) for chunk in rows), default=0)
        # such a cell is laid out on its row's number (r="1048576"), or on the row after the one before: the
        # largest number plus the count of rows without one bounds them
        numbered = len(_NUMBERED_ROW.findall(text))  # row elements that carry a number
        bound = max(row_numbers, default=0) + max(0, len(rows) - 1 - numbered)
        max_row = max(max_row, len(rows), bound)
        max_col = max(max_col, 1) + widest
    return max_row, max_col


def column_number_bytes(letters: bytes) -> int:
    return column_number(letters.decode("ascii"))
