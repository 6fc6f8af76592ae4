"""Print a workbook as a reader would (LibreOffice to PDF) and measure what is on the pages (pdfminer.six)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def print_to_pdf(book: Path, folder: Path) -> Path:
    profile = folder / "lo-profile"  # a profile of its own, so that a running LibreOffice does not interfere
    subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder), str(book)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return folder / (book.stem + ".pdf")


@dataclass(frozen=True)
class PrintedPage:
    number: int
    width: float  # points
    height: float
    sizes: dict[float, str]  # each text size on the page (pt, one decimal) with a sample of the text printed at it
    text: str

    @property
    def smallest(self) -> float:
        return min(self.sizes) if self.sizes else 0.0


def _walk(item, sizes: dict[float, str], lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    from pdfminer.layout import LTChar, LTTextLine

    if isinstance(item, LTTextLine):
        lines.append(item.get_text().strip())
    if isinstance(item, LTChar):
        if item.get_text().strip():
            # turned text (a chart's axis title) has its size across the line, not along it
            size = round(item.size if item.upright else item.width, 1)
            sizes[size] = (sizes.get(size, "") + item.get_text())[:40]
        return
    for child in getattr(item, "_objs", ()):
        _walk(child, sizes, lines)


def printed_pages(pdf: Path) -> list[PrintedPage]:
    from pdfminer.high_level import extract_pages

    pages = []
    for number, page in enumerate(extract_pages(str(pdf)), 1):
        sizes: dict[float, str] = {}
        lines: list[str] = []
        _walk(page, sizes, lines)
        pages.append(PrintedPage(number, page.width, page.height, sizes, "\n".join(lines)))
    return pages
