"""Sentences for the problems found while listing, reading and keeping files: the readers (`io/`), the checks of
the bids read together and the saved evaluation give a code and figures (file names, sheets, limits, counts), this
table words them. `domain.wording` takes it into its table of problem
sentences, so the edge words every problem in one place.

Pure: no I/O, no import of the records it words (they import `domain.wording`, which imports this).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from repm_bids.domain.fields import FIELDS_BY_KEY

Words = Callable[[Mapping[str, Any]], str]

DATE_EXAMPLE = "30/06/2026 14:05, 30-Jun-2026 14:05 or 2026-06-30 14:05"
RESUBMIT = "Open it in a spreadsheet program, save it again as .xlsx, and resubmit"
MAINTAINERS = "if that does not help, report this file to the tool's maintainers."

_FAILURE = {
    "deadline": "reading it took longer than the time allowed for one file",
    "memory": "reading it needed more memory than one file may use",
    "too_large": "it gave more data than one file may",
}


def _failure(p: Mapping[str, Any]) -> str:
    reason, detail = str(p.get("reason", "")), str(p.get("detail", ""))
    if reason == "crashed":
        extra = f" ({detail}; the file may need more memory than one file may use)" if detail else ""
        return "the reader stopped while reading it" + extra
    return _FAILURE.get(reason, f"an unexpected error ({detail or reason})")


def _label(key: Any) -> str:
    spec = FIELDS_BY_KEY.get(str(key))
    return spec.label if spec is not None else str(key)


def _names(p: Mapping[str, Any], key: str = "names") -> str:
    names = [str(n) for n in p.get(key, ())]
    more = int(p.get("more", 0))
    return ", ".join(names) + (f" and {more} more" if more else "")


def _quoted(p: Mapping[str, Any], key: str) -> str:
    return ", ".join(repr(str(n)) for n in p.get(key, ()))


FILE_TEXT: Mapping[str, Words] = {
    # -- listing and opening files (io/intake.py, io/regular.py) --
    "read_failed": lambda p: f"The {p.get('what', 'file')} could not be read: {_failure(p)}. {RESUBMIT}; {MAINTAINERS}",
    "folder_unreadable": lambda p: f"The folder cannot be read: {p['why']}.",
    "link_nowhere": lambda p: f"{p['name']} is a link that leads nowhere (or round in a circle); it was not read.",
    "link_outside": lambda p: (
        f"{p['name']} is a link to {p['target']}, outside the folder {p['folder']}; only files inside the folder "
        "given are read."
    ),
    "not_bid_files": lambda p: (
        f"{p['count']} item(s) in the folder are not bid files and were skipped: {_names(p)}. Bid files are "
        + ", ".join(p["suffixes"])
        + " (sub-folders are not read)."
    ),
    "lock_file": lambda p: "An Office lock file (~$…) was skipped; it is not a bid file.",
    "same_file": lambda p: f"This file is the same file as {p['first']} (same SHA-256); it was read once.",
    "file_known": lambda p: "This file is a file already in this evaluation (same SHA-256); it was read once.",
    "is_folder": lambda p: "This is a folder, not a file.",
    "not_regular": lambda p: "This is not a regular file (a device or a pipe); it was not read.",
    "file_too_large": lambda p: f"The file is larger than the {p['limit_mb']} MB limit for a bid file.",
    "no_such_file": lambda p: "The file or folder does not exist.",
    "permission_denied": lambda p: "The file cannot be opened: permission denied (is it open in another program?).",
    "file_unreadable": lambda p: f"The file cannot be read: {p['why']}.",
    # -- what a file holds (io/intake_read.py, io/form_reader.py, io/table_reader.py, io/csv_form.py) --
    "read_error": lambda p: f"The file could not be read ({p['error']}). {RESUBMIT}; {MAINTAINERS}",
    "decisions_read_error": lambda p: f"The decisions file could not be read ({p['error']}).",
    "macros": lambda p: "The workbook contains macros; they were not run. Only the cells' values were read.",
    "hidden_sheets": lambda p: f"Hidden sheets were not read: {_quoted(p, 'sheets')}.",
    "no_visible_sheet": lambda p: "No bid found in this workbook: it has no visible sheet.",
    "sheet_as_table": lambda p: (
        f"Sheet {p['sheet']!r} was read as a bids table (no sheet is named 'Bids', {p['technical']!r} or "
        f"{p['financial']!r})."
    ),
    "table_rows_cut": lambda p: f"Only the first {p['rows']:,} rows of sheet {p['sheet']!r} were read.",
    "form_rows_cut": lambda p: (
        f"Only the first {p['rows']:,} rows of sheet {p['sheet']!r} were read; a bid form is much shorter."
    ),
    "csv_note": lambda p: f"CSV file: {p['note']}.",
    "csv_rows_cut": lambda p: f"Only the first {p['rows']:,} rows were read.",
    "csv_no_header": lambda p: (
        f"No bid found: no header row with {_label('bid_ref')!r} (or bid_ref) in the first 20 lines of this CSV "
        "file (columns separated by commas)."
    ),
    "no_labels": lambda p: (
        "No bid found in this workbook: no sheet holds field labels such as 'Bid reference' "
        f"(sheets read: {_quoted(p, 'sheets') or 'none'}). Use the bid form from 'repm-bids template'."
    ),
    "blank_form": lambda p: (
        "This is a blank bid form (every field is empty); it was not read as a bid. Keep blank forms out of the "
        "folder of bids."
    ),
    "csv_form": lambda p: "This CSV file was read as one bid form (rows of label and value).",
    "csv_form_cover_missing": lambda p: (
        f"This CSV file holds one sheet of a bid form; it has none of the fields of the sheet {p['cover']!r} (a "
        "CSV file keeps only the sheet that was open when it was saved). Submit the bid form as a workbook "
        "(.xlsx), or save that sheet as CSV too."
    ),
    "no_bid_below_header": lambda p: "No bid found: the bids table has a header row but no bid below it.",
    # -- a file refused before or while it is read (io/safety.py, io/sheet_facts.py, io/csv_reader.py,
    # io/intake_xlsx.py, io/intake_read.py) --
    "no_defusedxml": lambda p: (
        "Workbooks cannot be read safely on this computer: the 'defusedxml' package is missing. Reinstall "
        "repm-bids (pip install defusedxml) and try again."
    ),
    "damaged": lambda p: (
        f"The file is damaged or incomplete ({p['what']}); it may not have finished downloading. {RESUBMIT}."
    ),
    "zip_ambiguous": lambda p: "The workbook's zip structure is ambiguous (two end-of-directory records); refused.",
    "zip64": lambda p: "The workbook uses a ZIP64 archive, which a bid file never needs; save it again as .xlsx.",
    "too_many_parts": lambda p: (
        f"The workbook has {p['count']:,} parts, more than the {p['limit']:,} allowed; refused."
    ),
    "two_parts": lambda p: f"The workbook holds two parts named {p['name']!r}; refused.",
    "part_too_large": lambda p: (
        f"The workbook part {p['name']!r} would unpack to {p['size']:,} bytes, more than the {p['limit_mb']} MB "
        "allowed; refused (possible zip bomb)."
    ),
    "part_ratio": lambda p: (
        f"The workbook part {p['name']!r} is compressed more than {p['ratio']} to 1; refused (possible zip bomb)."
    ),
    "unpack_too_large": lambda p: (
        f"The workbook would unpack to {p['size']:,} bytes, more than the {p['limit_mb']} MB allowed; refused "
        "(possible zip bomb)."
    ),
    "password": lambda p: (
        "The workbook is password-protected; remove the password and save a copy, then submit that copy."
    ),
    "compression_unsupported": lambda p: (
        f"The workbook part {p['name']!r} uses a compression method that is not supported; save the file again as "
        ".xlsx in a spreadsheet program."
    ),
    "part_over_size": lambda p: (
        f"The workbook part {p['name']!r} unpacks to more than its declared size; refused (possible zip bomb)."
    ),
    "xml_utf16": lambda p: (
        f"The workbook part {p['name']!r} is XML in UTF-16, which a spreadsheet never writes; refused."
    ),
    "xml_doctype": lambda p: (
        f"The workbook part {p['name']!r} declares XML entities or a document type, which a spreadsheet never "
        "needs; refused as unsafe."
    ),
    "xml_malformed": lambda p: (
        f"The workbook part {p['name']!r} is not well-formed XML ({p['error']}, line {p['line']}); open the file "
        "in a spreadsheet program, save it again as .xlsx, and resubmit."
    ),
    "shared_count_unreadable": lambda p: "The workbook's shared strings declare an unreadable count; refused.",
    "shared_declared": lambda p: (
        f"The workbook declares {p['count']:,} shared strings, more than the {p['limit']:,} allowed; refused."
    ),
    "shared_too_many": lambda p: f"The workbook has more than the {p['limit']:,} shared strings allowed; refused.",
    "bad_cell_reference": lambda p: "A sheet of the workbook has a malformed cell reference; refused.",
    "sheet_too_far": lambda p: (
        f"A sheet of the workbook reaches row {p['rows']:,} and column {p['cols']:,}, more than the "
        f"{p['limit']:,} cells allowed; refused."
    ),
    "sheet_text": lambda p: (
        f"A sheet of the workbook would hold more than {p['limit']:,} characters of text (its cells repeat long "
        "shared texts); refused."
    ),
    "utf32": lambda p: (
        "The file is UTF-32 text, which is not read (it would be read as garbage); save it as 'CSV UTF-8'."
    ),
    "bad_utf16": lambda p: "The file says it is UTF-16 text but is not; save it as 'CSV UTF-8'.",
    "not_utf8": lambda p: (
        f"The file is not UTF-8 text (an unreadable byte on line {p['line']}). In Excel choose 'Save As' → "
        "'CSV UTF-8 (Comma delimited)' and submit that file."
    ),
    "not_text": lambda p: "The file is not a text (CSV) file.",
    "csv_unreadable": lambda p: f"The CSV file cannot be read at line {p['line']}: {p['why']}.",
    "zip_not_workbook": lambda p: (
        "The file is a zip archive but not an Excel workbook (no workbook inside). Save the bid as .xlsx from a "
        "spreadsheet program."
    ),
    "workbook_unreadable": lambda p: f"The workbook cannot be read ({p['why']}). {RESUBMIT}.",
    "sheet_unreadable": lambda p: (
        f"The sheet {p['sheet']!r} cannot be read ({p['why']}). Open the file in a spreadsheet program, save it "
        "again as .xlsx, and resubmit."
    ),
    "format_not_read": lambda p: (
        f"This is {p['what']}, which is not read (see docs/bid-files.md). Open it in a spreadsheet program and save "
        "it as an Excel workbook (.xlsx), then submit that file."
    ),
    "empty_file": lambda p: "The file is empty (0 bytes); it may not have finished downloading or copying.",
    "named_but_text": lambda p: (
        f"The file is named {p['suffix']} but holds {p['what']}, not a workbook. Open it in a spreadsheet program "
        "and save it as an Excel workbook (.xlsx)."
    ),
    "not_a_workbook": lambda p: (
        "The file is not a valid Excel workbook (it is damaged, incomplete, or another kind of file renamed). "
        f"{RESUBMIT}."
    ),
    "not_workbook_or_csv": lambda p: "The file is neither an Excel workbook (.xlsx, .xls) nor a CSV file.",
    "award_not_bids": lambda p: (
        "This is an award workbook (sheets Summary, Ranking, Award, Rejected), not a bid file; it was not read. "
        "Keep award workbooks out of the folder of bids."
    ),
    "decisions_not_bids": lambda p: (
        f"This is a committee decisions file ({', '.join(p['columns'])}), not a bid file; give it as the decisions "
        "file (--decisions, or Decisions in the application)."
    ),
    "receipts_not_bids": lambda p: (
        f"This is the committee's receipt register ({', '.join(p['columns'])}), not a bid file; give it as the "
        "receipt register (--receipts, or Stage › Import receipt register in the application)."
    ),
    "decisions_empty": lambda p: "The decisions file is empty (0 bytes).",
    "decisions_password": lambda p: "The workbook is password-protected; remove the password and save a copy.",
    "decisions_hidden_sheets": lambda p: (
        f"The decisions workbook has hidden sheets ({_quoted(p, 'sheets')}); no decision from it is used. Unhide or "
        "delete them, save the file and give it again."
    ),
    "decisions_no_sheet": lambda p: "The decisions workbook has no visible sheet.",
    "decisions_format": lambda p: "The decisions file must be an Excel workbook (.xlsx) or a CSV file.",
    "committee_empty": lambda p: f"The {p['what']} file is empty (0 bytes).",
    "committee_hidden_sheets": lambda p: (
        f"The {p['what']} workbook has hidden sheets ({_quoted(p, 'sheets')}); {p['unused']}. Unhide or delete "
        "them, save the file and give it again."
    ),
    "committee_no_sheet": lambda p: f"The {p['what']} workbook has no visible sheet.",
    "committee_format": lambda p: f"The {p['what']} file must be an Excel workbook (.xlsx) or a CSV file.",
    "committee_read_error": lambda p: f"The {p['what']} could not be read ({p['error']}).",
    # -- the bids read together (domain/duplicates.py) --
    "near_bid_ref": lambda p: (
        f"Bid reference {p['bid_ref']!r} ({p['at']}) nearly matches "
        + "; ".join(f"{ref!r} ({at})" for ref, at in p["others"])
        + ": they differ only by 0 and O or 1, l and I. They are read as different bids; check the receipts."
    ),
    "group_spellings": lambda p: (
        f"Group {p['group']!r} ({p['at']}) and {p['first']!r} ({p['first_at']}) are read as one group (the same "
        "name apart from case, punctuation or legal form such as Ltd or Private Limited)."
    ),
    "shared_registration": lambda p: (
        f"Bids {p['first']} and {p['bid_ref']} give one registration number {p['reg']} under the names "
        f"{p['first_name']!r} and {p['name']!r}: they are read as one bidder and one group."
    ),
    # -- keeping files in a saved evaluation (services/saved.py) --
    "not_kept": lambda p: (
        "The file was read but could no longer be opened to keep a copy in the saved evaluation (was it moved or "
        "deleted?); it is not part of the evaluation. Import it again."
    ),
    "changed_while_imported": lambda p: (
        "The file changed on disk while it was being imported; the version kept in the saved evaluation (SHA-256 "
        f"{str(p['sha256'])[:12]}…) was read again and is the one evaluated."
    ),
    "kept_copy_altered": lambda p: (
        "The copy of this file kept in the saved evaluation no longer matches its SHA-256: the saved file was "
        "altered outside repm-bids."
    ),
    # -- the committee's decisions file (io/decisions_reader.py) --
    "decisions_no_header": lambda p: (
        f"No decisions found: no header row with {p['ref']!r} in the first 20 rows. The columns are "
        + ", ".join(p["columns"])
        + "."
    ),
    "decisions_no_column": lambda p: (
        f"The decisions file has no {p['column']!r} column"
        + (f" (nor a {p['also']!r} column)." if p.get("also") else ".")
    ),
    "decision_twice": lambda p: (
        f"This decision for bid {p['bid_ref']} {'repeats' if p['same'] else 'contradicts'} the one at {p['at']}; "
        "give one decision per bid."
    ),
    "decisions_refused": lambda p: (
        "The decisions file was refused whole: no decision from it is used until every row above is correct"
        + (f" ({_names(p, 'rows')})" if p.get("rows") else "")
        + ". Correct the file and give it again."
    ),
    "columns_ignored": lambda p: f"Columns not part of the bid form were ignored: {_quoted(p, 'columns')}.",
}
"""Each file problem's sentence, from its figures."""


def _when(p: Mapping[str, Any]) -> str:
    """' (required when Bidder type is Consortium)' for a field required only in some bids; '' otherwise."""
    other = p.get("when")
    return f" (required when {_label(other)} is {p['is']})" if other else ""


FieldWords = Callable[[Mapping[str, Any], str], str]

FIELD_TEXT: Mapping[str, FieldWords] = {
    "field_empty": lambda p, label: (
        f"{label} is empty{_when(p)}; it is required"
        + (f" (row {p['row']}, no value right of the label)." if p.get("row") else ".")
    ),
    "field_no_column": lambda p, label: f"{label} is missing{_when(p)}: the table has no column for it.",
    "field_no_row": lambda p, label: f"{label} is missing{_when(p)}: no row labelled '{label}' was found.",
    "cell_shows_error": lambda p, label: (
        f"{label}: the cell shows the error {p['error']}; correct the formula or type the value."
    ),
    "formula_unsaved": lambda p, label: (
        f"{label}: the cell holds a formula with no saved result; open the file in a spreadsheet program and save "
        "it, or type the value."
    ),
    "hidden_row_value": lambda p, label: (
        f"{label}: row {p['row']} of sheet {p['sheet']!r} is hidden, so {p['cell']} is not what a person reading "
        "the form sees; unhide the row (or delete it) and save the file again."
    ),
    "hidden_column_value": lambda p, label: (
        f"{label}: the value {p['value']!r} in {p['cell']} is in a hidden column"
        + (f"; a person reading the form sees {p['seen']!r} in {p['seen_cell']}" if p.get("seen_cell") else "")
        + ". Unhide the column, keep one value, and save the file again."
    ),
    "hidden_table_value": lambda p, label: (
        f"{label}: the value in {p['cell']} is in a hidden {p['what']}; unhide it and save the file again."
    ),
    "given_twice": lambda p, label: (
        f"{label} is given twice with different values ({p['first']} and {p['second']}); keep one row."
    ),
    # -- a value that cannot be read (io/values.py, io/number_text.py) --
    "too_long": lambda p, label: (
        f"{label} holds {p['chars']:,} characters, more than the {p['limit']:,} a spreadsheet cell can hold."
    ),
    "not_a_number": lambda p, label: f"{label} must be a number; found '{p['found']}'.",
    "number_is_yes_no": lambda p, label: f"{label} must be a number; found {p['found']} (a yes/no value).",
    "number_is_date": lambda p, label: f"{label} must be a number; found the date or time {p['found']}.",
    "number_not_usable": lambda p, label: f"{label}: {p['found']} is not a usable number.",
    "number_exponent": lambda p, label: (
        f"{label}: '{p['found']}' is written with an exponent; write the number in full."
    ),
    "number_several": lambda p, label: f"{label} must be one number; found '{p['found']}', which holds more than one.",
    "number_leading_point": lambda p, label: (
        f"{label}: '{p['found']}' starts with a decimal point; write a zero before it: 0.{p['digits']}."
    ),
    "number_grouping": lambda p, label: (
        f"{label}: the digit grouping in '{p['found']}' is not understood; write it as 1,200 or 1,20,000 (a comma "
        "never marks decimals)."
    ),
    "unit_mismatch": lambda p, label: (
        f"{label}: the unit '{p['written']}' in '{p['found']}' does not match the field"
        + (f"; write the value in {p['unit']}." if p.get("unit") else ".")
    ),
    "implausible": lambda p, label: (
        f"{label}: {p['found']} is {p['limit']}, which this field cannot plausibly hold; "
        + (
            f"it looks like {p['slip_as']}: {p['offered']}? Write {p['offered_figure']} if so."
            if p.get("offered")
            else f"check the figure and write it in {p.get('unit') or 'the unit of the field'}."
        )
    ),
    "value_not_usable": lambda p, label: f"{label}: {p['found']} is not a usable value.",
    "not_a_choice": lambda p, label: f"{label} must be one of {', '.join(p['choices'])}; found '{p['found']}'.",
    "not_whole": lambda p, label: (
        f"{label} must be a whole number" + (f" of {p['unit']}" if p.get("unit") else "") + f"; found '{p['found']}'."
    ),
    "percent_cell_range": lambda p, label: f"{label} must be a percentage from 0 to 100; the cell shows {p['shown']}%.",
    "percent_ambiguous": lambda p, label: (
        f"{label}: {p['found']} is ambiguous; write the percentage as '{p['points']}%' (or {p['points']})."
    ),
    "percent_range": lambda p, label: f"{label} must be a percentage from 0 to 100; found '{p['found']}'.",
    "yes_no_number": lambda p, label: f"{label} must be Yes or No; found {p['found']}.",
    "yes_no": lambda p, label: f"{label} must be Yes or No; found '{p['found']}'.",
    "date_month_first": lambda p, label: (
        f"{label} must be a date and time written day first; '{p['found']}' has no month {p['month']}: write "
        f"{p['day_first']} (or {DATE_EXAMPLE})."
    ),
    "date_not_existing": lambda p, label: (
        f"{label} must be a date and time that exists; '{p['found']}' is not one (write it as {DATE_EXAMPLE})."
    ),
    "not_a_date": lambda p, label: f"{label} must be a date and time such as {DATE_EXAMPLE}; found '{p['found']}'.",
    "date_cell": lambda p, label: (
        f"{label} must be a date and time such as {DATE_EXAMPLE}; found {p['found']} (format the cell as a date, "
        "or type the date)."
    ),
    "year_outside": lambda p, label: (
        f"{label}: {p['found']} is in the year {p['year']}, outside {p['low']} to {p['high']}; check the date."
    ),
    "unknown_type": lambda p, label: f"{label}: unknown field type {p['type']}.",
    "decision_not_text": lambda p, label: f"{label} must be text in this decision row.",
    "decision_ref_empty": lambda p, label: f"{label} is empty in this decision row.",
    "decision_qualified_empty": lambda p, label: f"{label} is empty; write Yes or No.",
    "decision_both_empty": lambda p, label: f"{label} and {p['other']} are both empty; write Yes or No in one.",
}
"""Each problem about one field's cell: its sentence from its figures and the field's label (a figure `label`
where the field is not one of the bid form's, as in the decisions file)."""
