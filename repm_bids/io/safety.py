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
from io import BytesIO

# --- limits (documented in docs/bid-files.md) ------------------------------------------------------------------
MAX_FILE_BYTES = 50 * 1024 * 1024  # a file on disk
MAX_ZIP_MEMBERS = 1_000  # parts inside an .xlsx
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 128 * 1024 * 1024  # all parts together, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_CELLS = 3_000_000  # rows x columns of a sheet's used area, counted from A1
MAX_SHARED_STRINGS = 2_000_000
MAX_FORM_ROWS = 1_000  # rows of a bid form sheet that are looked at
MAX_TABLE_ROWS = 100_000  # rows of a bids table (or decisions) sheet that are read
MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell

_CHUNK = 256 * 1024


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
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,4})([0-9]{1,9})[\"']")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']{0,40})[\"']")
_ODD_R = re.compile(rb"r(?:\s+=|=\s|=')")
_CELL_REF_FAST = re.compile(rb' r="([A-Za-z]{1,4})([0-9]{1,9})"')
_ROW_REF_FAST = re.compile(rb' r="[0-9]{1,9}"')
_A1 = re.compile(rb"([A-Za-z]{1,4})([0-9]{1,9})")
_PLAIN_REF = re.compile(rb"<c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,4})([0-9]{1,9})[\"']")
_FORMULA_HINT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]|\bt\s*=\s*[\"']e[\"']")
_F_OPEN = re.compile(rb"<f[\s>/]")
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_ANY_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_SST_COUNT = re.compile(rb"\b(?:uniqueCount|count)\s*=\s*[\"']\s*([0-9]+)")
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


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

    @property
    def has_macros(self) -> bool:
        return any(name.lower().endswith("vbaproject.bin") for name in self.names)


def _damaged(what: str) -> Refused:
    return Refused(
        f"The file is damaged or incomplete ({what}); it may not have finished downloading. "
        "Open it in a spreadsheet program, save it again as .xlsx, and resubmit."
    )


def open_zip(data: bytes) -> SafeZip:
    """Check an .xlsx package before any parser runs: member count, each declared and actual size, the total, the
    compression ratio, DTDs in XML parts, shared-string counts and each sheet's used area. Raises Refused."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"The file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for a bid file.")
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged("its zip structure cannot be read") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise Refused(f"The workbook has {len(infos):,} parts, more than the {MAX_ZIP_MEMBERS:,} allowed; refused.")
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise Refused(
                f"The workbook part {info.filename!r} would unpack to {info.file_size:,} bytes, more than the "
                f"{MAX_MEMBER_BYTES // (1024 * 1024)} MB allowed; refused (possible zip bomb)."
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(
                f"The workbook part {info.filename!r} is compressed more than {MAX_RATIO} to 1; refused "
                "(possible zip bomb)."
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise Refused(
            f"The workbook would unpack to {total:,} bytes, more than the {MAX_TOTAL_BYTES // (1024 * 1024)} MB "
            "allowed; refused (possible zip bomb)."
        )
    safe = SafeZip(data, names=frozenset(i.filename for i in infos))
    for info in infos:
        if not info.is_dir() and _wanted(info.filename):
            safe.parts[info.filename] = _read_member(data, info)
    _check_parts(safe)
    return safe


def _wanted(name: str) -> bool:
    """Parts a reader parses: these are unpacked and checked in full. Others (theme, docProps, images, macros)
    are never unpacked by anyone; their declared sizes were checked above."""
    lower = name.lower()
    if not (lower.endswith(".xml") or lower.endswith(".rels")):
        return False
    return not lower.startswith(("docprops/", "xl/theme/", "customxml/", "xl/media/", "xl/printersettings/"))


def _read_member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """Unpack one part from the raw bytes, never beyond its declared size, and check its CRC."""
    if info.flag_bits & 0x1:
        raise Refused("The workbook is password-protected; remove the password and save a copy, then submit that copy.")
    off = info.header_offset
    header = data[off : off + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _damaged(f"the part {info.filename!r} is missing")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = off + 30 + name_len + extra_len
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise _damaged(f"the part {info.filename!r} is cut short")
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        try:
            out = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise _damaged(f"the part {info.filename!r} is corrupt") from exc
    else:
        raise Refused(
            f"The workbook part {info.filename!r} uses a compression method that is not supported; "
            "save the file again as .xlsx in a spreadsheet program."
        )
    if len(out) > info.file_size:
        raise Refused(
            f"The workbook part {info.filename!r} unpacks to more than its declared size; refused (possible zip bomb)."
        )
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise _damaged(f"the part {info.filename!r} is corrupt")
    return out


def _check_parts(safe: SafeZip) -> None:
    for name, body in safe.parts.items():
        lower = name.lower()
        if b"<!" in body and _DTD.search(body):
            raise Refused(
                f"The workbook part {name!r} declares XML entities or a document type, which a spreadsheet never "
                "needs; refused as unsafe."
            )
        if lower.endswith("sharedstrings.xml"):
            for m in _SST_COUNT.finditer(body[:2048]):
                if int(m.group(1)) > MAX_SHARED_STRINGS:
                    raise Refused(
                        f"The workbook declares {int(m.group(1)):,} shared strings, more than the "
                        f"{MAX_SHARED_STRINGS:,} allowed; refused."
                    )
        elif lower.startswith("xl/") and lower.endswith(".xml") and "sheet" in lower.rsplit("/", 1)[-1]:
            rows, cols = sheet_extent(body)
            if rows * cols > MAX_SHEET_CELLS:
                raise Refused(
                    f"A sheet of the workbook ({name!r}) reaches row {rows:,} and column {cols:,}, more than the "
                    f"{MAX_SHEET_CELLS:,} cells allowed; refused."
                )
            safe.formulas[name] = bool(
                b't="e"' in body
                or b"t='e'" in body
                or (b"<f" in body and _F_OPEN.search(body))
                or (b":f" in body and _FORMULA_HINT.search(body))
            )


def sheet_extent(body: bytes) -> tuple[int, int]:
    """(last row, last column) that a reader would lay the sheet out to, counted from A1. A reference attribute that
    is not plain letters and digits (an escaped character, say) is refused: it could hide the sheet's true extent."""
    odd = (  # r written with spaces, other quotes or escapes
        _ODD_R.search(body) is not None or b'"&' in body or b"\nr=" in body or b"\tr=" in body or b"\rr=" in body
    )
    if odd:
        values = _R_ATTR.findall(body)
        refs = [m.groups() for m in map(_A1.fullmatch, values) if m is not None]
        plain_rows = sum(1 for v in values if v.isdigit())
        n_attrs = len(values)
    else:
        refs = _CELL_REF_FAST.findall(body)
        plain_rows = len(_ROW_REF_FAST.findall(body))
        n_attrs = body.count(b' r="')
    if len(refs) + plain_rows != n_attrs:
        raise Refused("A sheet of the workbook has a malformed cell reference; refused.")
    max_row = max(map(int, [r for _, r in refs]), default=0)
    letters = {c.upper() for c, _ in refs}
    max_col = max(map(column_number_bytes, letters), default=0)
    prefixed = b":c " in body or b":c>" in body
    total = len(_ANY_CELL.findall(body)) if prefixed else body.count(b"<c ") + body.count(b"<c>")
    if total > len(refs):  # some cells carry no reference: they follow one another along their row
        rows = _ANY_ROW.split(body)
        widest = max((len(_ANY_CELL.findall(chunk)) for chunk in rows), default=0)
        max_row = max(max_row, len(rows))
        max_col = max(max_col, 1) + widest
    return max_row, max_col


def column_number_bytes(letters: bytes) -> int:
    return column_number(letters.decode("ascii"))
