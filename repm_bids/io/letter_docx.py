"""A letter of award as a Word document (.docx, made with python-docx): plain styles and an empty page header, so
the ministry can put its letterhead on it, edit a sentence, sign and send.

The same letter gives the same bytes: the document's times are the evaluation's and every zip entry carries that
time too (python-docx stamps the moment of saving).
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain.letters import (
    BLANK,
    LetterOfAward,
    award_rows,
    award_sentence,
    conditions,
    meeting_sentence,
    reference_line,
    statement_sentence,
    tender_sentence,
)
from repm_bids.io.atomic import write_bytes_atomic

BODY_PT = 11
_NO_TIME = datetime(1980, 1, 1)  # the earliest time a zip entry can carry


def letter_document_bytes(letter: LetterOfAward, stamp: datetime | None = None) -> bytes:
    """The letter as .docx bytes. `stamp` (UTC, naive) is the document's time; without it, 1 January 1980."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)

    top = doc.add_paragraph(reference_line(letter))
    top.paragraph_format.space_after = Pt(0)
    dated = doc.add_paragraph(f"Dated: {letter.dated or BLANK}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    doc.add_paragraph("To")
    to = doc.add_paragraph(letter.beneficiary or BLANK)
    if letter.registration_no:
        to.add_run(f"\nRegistration number (CIN): {letter.registration_no}")

    subject = doc.add_paragraph()
    subject.add_run("Subject: ").bold = True
    subject.add_run(f"Letter of award under the {letter.scheme.name}: bid {letter.bid_ref or BLANK}").bold = True
    ref = doc.add_paragraph()
    ref.add_run("Reference: ").bold = True
    ref.add_run(tender_sentence(letter))

    doc.add_paragraph("Sir or Madam,")
    doc.add_paragraph(meeting_sentence(letter))
    doc.add_paragraph(award_sentence(letter))

    rows = award_rows(letter)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (label, value) in enumerate(rows):
        left, right = table.rows[r].cells
        left.text, right.text = label, value
        left.width, right.width = Cm(5.5), Cm(10.5)
        left.paragraphs[0].runs[0].bold = True

    doc.add_paragraph()
    doc.add_paragraph().add_run("Conditions").bold = True
    lines = conditions(letter)
    if lines:
        for line in lines:
            doc.add_paragraph(line, style="List Number")
    else:
        doc.add_paragraph("The conditions of the tender and of the scheme's guidelines apply.")

    doc.add_paragraph(statement_sentence(letter))
    closing = [doc.add_paragraph("Yours faithfully,")] + [doc.add_paragraph() for _ in range(3)]
    for paragraph in closing:  # the closing, the room to sign and the name on one page, never a name alone
        paragraph.paragraph_format.keep_with_next = True
    authority = letter.scheme.committee.competent_authority
    doc.add_paragraph(f"({authority})" if authority else f"({BLANK})")

    props = doc.core_properties
    props.title = f"Letter of award, bid {letter.bid_ref}"
    props.subject = letter.scheme.name
    props.author = props.last_modified_by = f"{TOOL_NAME} {__version__}"
    props.created = props.modified = stamp or _NO_TIME
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_times(buffer.getvalue(), stamp or _NO_TIME)


def _fixed_times(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry's time set to `stamp`, so equal letters are equal bytes."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_letter(letter: LetterOfAward, path: str | os.PathLike[str], stamp: datetime | None = None) -> None:
    """Write one letter whole or not at all; raises io.atomic.WriteFailed with a sentence."""
    write_bytes_atomic(path, letter_document_bytes(letter, stamp))
