"""Files and folders (contract section 4), duplicates, progress and cancel, input records, committee decisions."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook

from repm_bids.domain.models import Severity
from repm_bids.domain.progress import Cancelled, CancelToken
from repm_bids.io.intake import read_decisions, read_decisions_bytes, read_input_bytes, read_inputs

from .corpus import csv_text, form_bytes, table_rows, table_workbook, to_bytes


def test_folder_sorted_by_name_not_recursive_with_skips(write, tmp_path):
    write("b.xlsx", form_bytes(bid_ref="B"))
    write("a.xlsx", form_bytes(bid_ref="A"))
    write("c.csv", csv_text(table_rows(2)).encode())
    write("~$a.xlsx", b"lock")
    write(".hidden.xlsx", form_bytes(bid_ref="H"))
    write("notes.pdf", b"%PDF")
    write("readme.txt", b"hello")
    write("sub/d.xlsx", form_bytes(bid_ref="D"))
    intake = read_inputs([tmp_path])
    assert [b.bid_ref for b in intake.bids] == ["A", "B", "REPM-001", "REPM-002"]
    assert [i.path.rsplit("/", 1)[-1] for i in intake.inputs] == ["a.xlsx", "b.xlsx", "c.csv"]
    (warn,) = intake.problems
    assert warn.severity == Severity.WARNING and warn.path == str(tmp_path)
    assert warn.message.startswith(
        "3 item(s) in the folder are not bid files and were skipped: notes.pdf, readme.txt, sub/."
    )


def test_args_in_given_order_and_input_records(write):
    b = write("b.xlsx", form_bytes(bid_ref="B"))
    a = write("a.xlsx", form_bytes(bid_ref="A"))
    before = datetime.now(UTC)
    intake = read_inputs([b, a])
    assert [x.bid_ref for x in intake.bids] == ["B", "A"]
    rec = intake.inputs[0]
    assert rec.path == str(b) and rec.kind == "bids" and rec.bid_refs == ("B",) and rec.bids == 1
    assert rec.sha256 == hashlib.sha256(b.read_bytes()).hexdigest() and rec.size == b.stat().st_size
    assert rec.read_at is not None and rec.read_at.tzinfo is not None and rec.read_at >= before


def test_same_file_twice_read_once_with_warning(write):
    a = write("a.xlsx", form_bytes())
    copy = write("copy of a.xlsx", a.read_bytes())
    intake = read_inputs([a, copy])
    assert len(intake.bids) == 1 and len(intake.inputs) == 1
    (warn,) = intake.problems
    assert warn.path == str(copy) and warn.severity == Severity.WARNING
    assert warn.message == f"This file is the same file as {a} (same SHA-256); it was read once."


def test_known_sha256_is_not_read_again(write):
    a = write("a.xlsx", form_bytes())
    intake = read_inputs([a], known_sha256={hashlib.sha256(a.read_bytes()).hexdigest()})
    assert intake.bids == [] and intake.inputs == []
    assert "already in this evaluation" in intake.problems[0].message


def test_missing_path_and_explicit_lock_file(tmp_path, write):
    lock = write("~$bid.xlsx", b"x")
    intake = read_inputs([tmp_path / "nope.xlsx", lock])
    assert [p.severity for p in intake.problems] == [Severity.WARNING, Severity.ERROR]
    assert intake.problems[1].message == "The file or folder does not exist."


def test_bad_file_among_good_ones(write, tmp_path):
    write("a.xlsx", form_bytes(bid_ref="A"))
    write("b.xlsx", b"")
    write("c.xlsx", form_bytes(bid_ref="C", capacity="lots"))
    intake = read_inputs([tmp_path])
    assert [b.bid_ref for b in intake.bids] == ["A", "C"]
    assert [len(b.errors) for b in intake.bids] == [0, 1]
    assert [i.bids for i in intake.inputs] == [1, 0, 1]
    assert intake.problems[0].message.startswith("The file is empty")


def test_progress_and_cancel(write, tmp_path):
    for i in range(3):
        write(f"{i}.xlsx", form_bytes(bid_ref=f"R{i}"))
    calls = []
    read_inputs([tmp_path], progress=lambda d, t, m: calls.append((d, t, m)))
    assert calls == [(0, 3, "0.xlsx"), (1, 3, "1.xlsx"), (2, 3, "2.xlsx"), (3, 3, "")]

    token = CancelToken()

    def cancel_after_first(done, total, message):
        if done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        read_inputs([tmp_path], progress=cancel_after_first, cancel=token)


def test_read_input_bytes_matches_read_inputs(write):
    data = form_bytes()
    path = write("a.xlsx", data)
    from_disk = read_inputs([path]).bids[0]
    from_memory = read_input_bytes(str(path), data)[0][0]
    assert from_disk == from_memory


def _decisions_workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "Decisions"
    ws.append(["Bid reference", "Technically qualified", "Remarks"])
    for row in rows:
        ws.append(row)
    return to_bytes(wb)


def test_decisions_xlsx(write):
    path = write(
        "decisions.xlsx",
        _decisions_workbook(
            [
                ["REPM-001", "Yes", ""],
                ["REPM-002", "no", "DPR incomplete"],
                ["REPM-003", "perhaps", ""],
                [None, None, None],
            ]
        ),
    )
    decisions, problems, info = read_decisions(path)
    assert decisions == []  # one bad row refuses the committee's whole file
    bad, whole = problems
    assert (bad.cell, bad.bid_ref, bad.field) == ("B4", "REPM-003", "qualified")
    assert bad.message == "Technically qualified must be Yes or No; found 'perhaps'."
    assert whole.cell is None and "refused whole" in whole.message and "(B4)" in whole.message
    assert info.kind == "decisions" and info.bid_refs == ()
    good = write("good.xlsx", _decisions_workbook([["REPM-001", "Yes", ""], ["REPM-002", "no", "DPR incomplete"]]))
    decisions, problems, _ = read_decisions(good)
    assert problems == []
    assert [(d.bid_ref, d.qualified, d.remarks) for d in decisions] == [
        ("REPM-001", True, ""),
        ("REPM-002", False, "DPR incomplete"),
    ]
    assert decisions[1].source.cell == "A3"


def test_decisions_csv():
    text = "\ufeffBid reference,Technically qualified,Remarks\r\nREPM-001,y,\r\nREPM-002,N,Net worth short\r\n"
    decisions, problems = read_decisions_bytes("d.csv", text.encode())
    assert problems == []
    assert [(d.bid_ref, d.qualified, d.source.line) for d in decisions] == [
        ("REPM-001", True, 2),
        ("REPM-002", False, 3),
    ]


def test_decisions_unreadable():
    decisions, problems = read_decisions_bytes("d.xlsx", b"\x00\x01")
    assert decisions == [] and problems[0].severity == Severity.ERROR
    decisions, problems = read_decisions_bytes("d.xlsx", to_bytes(table_workbook(table_rows(1))))
    assert decisions == [] and "no 'Technically qualified' column" in problems[0].message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_not_read():
    intake = read_inputs(["/dev/zero"])
    assert intake.bids == [] and intake.problems[0].message.startswith("This is not a regular file")


def test_decisions_file_among_bid_files_is_named_not_read_as_bids():
    text = "Bid reference,Technically qualified,Remarks\r\nREPM-001,yes,\r\n"
    bids, problems = read_input_bytes("decisions.csv", text.encode())
    assert bids == [] and problems[0].message.startswith("This is a committee decisions file")
    bids, problems = read_input_bytes("decisions.xlsx", _decisions_workbook([["REPM-001", "Yes", ""]]))
    assert bids == [] and problems[0].message.startswith("This is a committee decisions file")
