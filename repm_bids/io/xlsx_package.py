"""An .xlsx/.xlsm package checked whole before any reader sees it: the zip container (`safety.unpack_zip`), then
each XML part by what it holds (`safety.xml_root`): the styles for percent formats, the shared strings, and every
part that is a sheet (`sheet_facts.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest

from .safety import unpack_zip, xml_root
from .sheet_facts import SheetFacts, percent_styles, shared_string_lengths, sheet_facts


@dataclass
class SafeZip:
    """A package whose container and XML passed the checks; parts are kept unpacked."""

    data: bytes
    parts: dict[str, bytes] = field(default_factory=dict)
    sheets: dict[str, SheetFacts] = field(default_factory=dict)  # sheet part -> what its XML tells
    has_macros: bool = False


def open_zip(data: bytes) -> SafeZip:
    """Check an .xlsx package: container limits, no document type in any XML part, and each sheet's extent and
    shared text; gathers the cell facts on the way. Raises Refused."""
    parts, macros = unpack_zip(data)
    roots = {name: xml_root(name, body) for name, body in parts.items()}
    styles = parts["xl/styles.xml"] if roots.get("xl/styles.xml") == "styleSheet" else b""
    percent = percent_styles(styles)
    shared: list[int] = []
    for name, root in roots.items():
        if root == "sst":  # two string tables (a hostile file): each string bounded by the longer of the two
            lengths = shared_string_lengths(name, parts[name])
            shared = [max(a, b) for a, b in zip_longest(shared, lengths, fillvalue=0)]
    sheets = {
        name: sheet_facts(name, parts[name], percent, shared)
        for name, root in roots.items()
        if root is not None and (root == "worksheet" or b"sheetData" in parts[name])
    }
    return SafeZip(data, parts, sheets, macros)
