"""Saved evaluations through the services API: round trip without the original files, every change committed as it is
made (a process killed mid-import), files that change or vanish while imported, Save As, and verify."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from repm_bids.domain.fields import FIELDS
from repm_bids.domain.report import result_dict, result_sha256
from repm_bids.domain.scheme import Scheme, scheme_from_dict
from repm_bids.io.award_reader import expected_figures, read_figures
from repm_bids.io.award_workbook import write_award_workbook
from repm_bids.services import saved as saved_module
from repm_bids.services.samples import sample_decisions_path, sample_paths, sample_price_dir
from repm_bids.services.saved import SavedError, create_saved, open_saved, verify_award
from repm_bids.services.session import EvaluationSession, bid_key
from tests.factories import bid_values
from tests.one_cover import ONE_COVER, one_cover_form


@pytest.fixture
def bids_dir(tmp_path: Path) -> Path:
    """The sample's bids as one-cover forms (the single pass), in a folder of their own, so that a test can delete
    the originals."""
    folder = tmp_path / "bids"
    folder.mkdir()
    for p in sample_paths():
        one_cover_form(p, sample_price_dir() / p.name, folder / p.name)
    return folder


def committee_session(bids_dir: Path) -> EvaluationSession:
    """The sample evaluation with the committee's work on it: decisions, a removed bid, a changed scheme."""
    from repm_bids.services.evaluation import read_decisions_file

    session = EvaluationSession(scheme=ONE_COVER)
    session.import_paths([bids_dir])
    decisions, problems = read_decisions_file(sample_decisions_path())
    session.replace_decisions(decisions, problems)
    return session


def work_on(session: EvaluationSession) -> None:
    refs = [b.bid_ref for b in session.bids]
    session.set_decision(refs[1], False, "The DPR does not cover the alloy stage.")
    session.remove_bid(bid_key(session.bids[-1]))
    session.set_scheme(Scheme(covers=1, max_beneficiaries=4))


def write_csv_bids(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    header = ",".join(f.key for f in FIELDS)
    out = []
    for i in range(n):
        values = bid_values(f"K-{i:03d}", quoted_incentive=1500.0 + i, capacity=600.0)

        def text(v: object) -> str:
            if v is None:
                return ""
            if isinstance(v, bool):
                return "yes" if v else "no"
            return v.isoformat(sep=" ") if hasattr(v, "isoformat") else str(v)

        path = folder / f"bid-{i:03d}.csv"
        path.write_text(header + "\n" + ",".join(text(values[f.key]) for f in FIELDS) + "\n", encoding="utf-8")
        out.append(path)
    return out


# -- round trip --------------------------------------------------------------------------------------------------------
def test_reopened_without_the_original_files_gives_the_same_result(bids_dir: Path, tmp_path: Path) -> None:
    session = committee_session(bids_dir)
    path = tmp_path / "e.repm"
    saved = create_saved(path, session, user="alice")
    work_on(session)  # changes after creation are stored as they are made
    before = session.evaluation()
    assert saved.record_evaluated(before) is not None
    write_award_workbook(before, tmp_path / "before.xlsx")
    saved.close()
    shutil.rmtree(bids_dir)

    saved2, reopened = open_saved(path, user="bob")
    try:
        after = reopened.evaluation(evaluated_at=before.evaluated_at)
        assert result_dict(after) == result_dict(before)
        assert result_sha256(after) == saved2.latest_result().sha256
        assert reopened.scheme.max_beneficiaries == 4 and len(reopened.removed_bids) == 1
        assert expected_figures(after) == expected_figures(before)
        write_award_workbook(after, tmp_path / "after.xlsx")
        assert read_figures(tmp_path / "after.xlsx") == read_figures(tmp_path / "before.xlsx")
        assert (tmp_path / "after.xlsx").read_bytes() == (tmp_path / "before.xlsx").read_bytes()
        actions = [e.action for e in saved2.audit_entries()]
        assert actions[0] == "created" and actions.count("imported_file") == 10
        assert actions[-5:] == ["decision_changed", "removed_bid", "scheme_changed", "evaluated", "opened"]
        assert saved2.audit_entries()[-1].user == "bob" and saved2.check_chain().ok
    finally:
        saved2.close()


def test_the_scheme_comes_back_with_the_same_values_and_types(tmp_path: Path) -> None:
    from repm_bids.io.scheme_file import load_scheme
    from repm_bids.services.resources import resource

    from_file = load_scheme(resource("scheme.toml"))
    for scheme in (
        Scheme(),
        Scheme(total_capacity=4800.0),
        from_file,
        scheme_from_dict({"evaluation": {"method": "qcbs"}}),
    ):
        session = EvaluationSession(scheme=scheme)
        path = tmp_path / "s.repm"
        create_saved(path, session, overwrite=True).close()
        saved, reopened = open_saved(path, read_only=True)
        saved.close()
        assert reopened.scheme == scheme and repr(reopened.scheme) == repr(scheme)


def test_a_new_file_then_every_change_is_stored(bids_dir: Path, tmp_path: Path) -> None:
    session = EvaluationSession()
    saved = create_saved(tmp_path / "e.repm", session)
    session.import_paths(sorted(bids_dir.iterdir())[:3])
    first = session.parts[0]
    session.remove_input(first.sha256)
    session.restore_input(first, 0)
    session.set_decision(session.bids[0].bid_ref, True)
    session.set_decision(session.bids[0].bid_ref, None)
    saved.close()
    saved2, reopened = open_saved(tmp_path / "e.repm", read_only=True)
    try:
        actions = [e.action for e in saved2.audit_entries()]
        assert actions == ["created"] + ["imported_file"] * 3 + [
            "removed_file",
            "restored_file",
            "decision_changed",
            "decision_changed",
        ]
        assert [p.sha256 for p in reopened.parts] == [p.sha256 for p in session.parts]
        assert reopened.decisions == {}
        assert result_dict(reopened.evaluation()) == result_dict(session.evaluation())
    finally:
        saved2.close()


def test_create_refuses_an_existing_file_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "e.repm"
    create_saved(path, EvaluationSession()).close()
    with pytest.raises(SavedError, match="exists already"):
        create_saved(path, EvaluationSession())
    create_saved(path, EvaluationSession(), overwrite=True).close()


def test_opening_twice_is_refused_and_read_only_adds_no_entry(tmp_path: Path) -> None:
    path = tmp_path / "e.repm"
    saved = create_saved(path, EvaluationSession(), user="alice")
    with pytest.raises(SavedError, match="open in another"):
        open_saved(path)
    saved.close()
    ro, _ = open_saved(path, read_only=True)
    assert [e.action for e in ro.audit_entries()] == ["created"]
    ro.close()


def test_a_file_on_read_only_storage_is_read_as_it_is(bids_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from repm_bids.io import store as store_module

    session = committee_session(bids_dir)
    path = tmp_path / "archive.repm"
    create_saved(path, session).close()
    before = path.read_bytes()
    monkeypatch.setattr(store_module, "_writable", lambda p: False)  # an archive copy (tests may run as root)
    saved, reopened = open_saved(path, read_only=True)
    try:
        assert saved.check_chain().ok
        assert result_dict(reopened.evaluation()) == result_dict(session.evaluation())
        with pytest.raises(SavedError, match="cannot write"):
            reopened.set_decision(reopened.bids[0].bid_ref, False, "Not on an archive copy.")
    finally:
        saved.close()
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()
    Path(f"{path}-wal").write_bytes(b"uncheckpointed changes")
    with pytest.raises(SavedError, match="not closed properly"):
        open_saved(path, read_only=True)


def test_a_version_1_file_opens_migrated_with_its_inputs_and_decisions(tmp_path: Path) -> None:
    import json
    import sqlite3

    from repm_bids.io.store import Store

    source = sample_paths()[0]
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    path = tmp_path / "v1.repm"
    conn = sqlite3.connect(path, isolation_level=None)
    Store._initialise(conn, "clerk", {"tool": "repm-bids 0.0.9"}, schema_version=1)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO blobs (sha256, data) VALUES (?, ?)", (sha, data))  # version 1: no size column
    conn.execute("INSERT INTO inputs (position, sha256, path, kind) VALUES (0, ?, ?, 'bids')", (sha, str(source)))
    Store.append_in(conn, "clerk", "imported_file", {"path": str(source), "sha256": sha})
    conn.execute("INSERT INTO scheme (id, json) VALUES (1, ?)", (json.dumps({"scheme": {"scheme": {}}}),))
    conn.execute("INSERT INTO decisions (bid_ref, qualified, remarks) VALUES ('REPM-2026-001', 0, 'No DPR.')")
    Store.append_in(conn, "clerk", "decision_changed", {"bid_ref": "REPM-2026-001", "qualified": False})
    conn.execute("COMMIT")
    conn.close()

    saved, session = open_saved(path, user="auditor")
    try:
        assert saved.migrated_from == 1
        assert [e.action for e in saved.audit_entries()] == [
            "created",
            "imported_file",
            "decision_changed",
            "migrated",
            "opened",
        ]
        assert saved.check_chain().ok
        evaluation = session.evaluation()
        assert [o.bid_ref for o in evaluation.outcomes] == ["REPM-2026-001"]
        assert evaluation.outcomes[0].status.value == "non_responsive"
        assert any("No DPR." in r for r in evaluation.outcomes[0].reasons)
        session.set_decision("REPM-2026-001", True)  # and it keeps recording after the migration
        assert saved.audit_entries()[-1].action == "decision_changed"
    finally:
        saved.close()


def test_re_evaluating_an_unchanged_evaluation_adds_no_entry(bids_dir: Path, tmp_path: Path) -> None:
    session = committee_session(bids_dir)
    saved = create_saved(tmp_path / "e.repm", session)
    assert saved.record_evaluated(session.evaluation()) is not None
    assert saved.record_evaluated(session.evaluation()) is None
    session.set_decision(session.bids[0].bid_ref, False, "Bid security not enclosed.")
    assert saved.record_evaluated(session.evaluation()).action == "evaluated"
    saved.close()


def test_the_stored_result_is_json_dumps_of_the_result_and_its_digest(bids_dir: Path, tmp_path: Path) -> None:
    """The result is made once for its digest and its text, in pieces: the file keeps exactly what one
    `json.dumps` of the result gives, and the digest the award workbook carries (a bidder's Devanagari included)."""
    session = committee_session(bids_dir)
    bid = session.parts[0].bids[0]
    named = replace(bid, values={**bid.values, "bidder_name": 'मैग्नेट उद्योग "Ltd", ₹'})
    session.parts[0] = replace(session.parts[0], bids=(named, *session.parts[0].bids[1:]))
    session.invalidate()
    saved = create_saved(tmp_path / "e.repm", session)
    evaluation = session.evaluation()
    entry = saved.record_evaluated(evaluation)
    stored = saved.latest_result()
    saved.close()
    expected = json.dumps(result_dict(evaluation), ensure_ascii=False, sort_keys=True)
    assert "मैग्नेट" in expected and stored is not None
    assert stored.json == expected
    assert stored.sha256 == result_sha256(evaluation) == entry.details["result_sha256"]
    canonical = json.dumps(result_dict(evaluation), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert stored.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- files that change or vanish between reading and storing -----------------------------------------------------------
def _no_disk_reads(path: str) -> bytes | None:
    raise AssertionError(f"the saved evaluation read {path} from disk again")


def test_a_file_changed_after_reading_is_kept_as_it_was_read(bids_dir, tmp_path, monkeypatch) -> None:
    """The store keeps the bytes the session read and evaluated, never what the disk holds later."""
    monkeypatch.setattr(saved_module, "_read_source", _no_disk_reads)
    target = tmp_path / "bid.xlsx"
    target.write_bytes(sorted(bids_dir.iterdir())[0].read_bytes())
    read = hashlib.sha256(target.read_bytes()).hexdigest()
    session = EvaluationSession()
    saved = create_saved(tmp_path / "e.repm", session)
    session.import_paths([target, sorted(bids_dir.iterdir())[1]])
    target.write_bytes(sorted(bids_dir.iterdir())[5].read_bytes())  # changed after it was read
    session.set_scheme(replace(session.scheme, lot_seed=7))  # a later change syncs the tables again
    assert session.parts[0].sha256 == read
    expected = result_dict(session.evaluation())
    saved.close()
    saved2, reopened = open_saved(tmp_path / "e.repm")
    assert reopened.parts[0].sha256 == read
    assert result_dict(reopened.evaluation()) == expected
    saved2.close()


def test_a_file_gone_after_reading_is_still_kept(bids_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(saved_module, "_read_source", _no_disk_reads)
    files = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for f, src in zip(files, sorted(bids_dir.iterdir())[:2], strict=True):
        f.write_bytes(src.read_bytes())
    session = EvaluationSession()
    session.import_paths(files)
    files[0].unlink()  # moved or deleted between reading and saving
    saved = create_saved(tmp_path / "e.repm", session)
    assert [p.input.path for p in session.parts] == [str(f) for f in files]
    expected = result_dict(session.evaluation())
    saved.close()
    saved2, reopened = open_saved(tmp_path / "e.repm")
    assert result_dict(reopened.evaluation()) == expected
    saved2.close()


# -- a process killed in the middle of an import -----------------------------------------------------------------------
IMPORTER = """
import sys, time
from repm_bids.services import saved as S
from repm_bids.services.session import EvaluationSession

original = S.Store.put_blob
def announced(conn, sha256, data):
    print("storing", sha256, flush=True)
    time.sleep(0.02)
    return original(conn, sha256, data)
S.Store.put_blob = staticmethod(announced)
session = EvaluationSession()
saved = S.create_saved(sys.argv[1], session, user="importer")
session.set_decision("K-000", False, "Decided before the import.")
print("created", flush=True)
session.import_paths([sys.argv[2]])
print("done", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_process_killed_mid_import_leaves_a_consistent_file(tmp_path: Path) -> None:
    files = write_csv_bids(tmp_path / "many", 60)
    path = tmp_path / "e.repm"
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(path), str(tmp_path / "many")], stdout=subprocess.PIPE, text=True
    )
    try:
        stored = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("storing"):
                stored += 1
                if stored == 12:
                    break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    saved, session = open_saved(path, user="after")
    try:
        assert saved.check_chain().ok
        entries = saved.audit_entries()
        imported = [e for e in entries if e.action == "imported_file"]
        assert 11 <= len(imported) <= 12  # the 12th may or may not have committed before the kill
        assert [e.action for e in entries[:2]] == ["created", "decision_changed"]
        assert entries[-1].action == "opened"
        # what the trail says was imported is exactly what the file holds, byte for byte
        assert [p.sha256 for p in session.parts] == [e.details["sha256"] for e in imported]
        on_disk = {hashlib.sha256(f.read_bytes()).hexdigest(): str(f) for f in files}
        assert all(on_disk[p.sha256] == p.input.path for p in session.parts)
        assert session.decisions["K-000"].qualified is False
        assert session.evaluation().summary.bids_received == len(imported)
    finally:
        saved.close()


# -- Save As -----------------------------------------------------------------------------------------------------------
def test_save_as_copies_everything_and_carries_on_in_the_copy(bids_dir: Path, tmp_path: Path) -> None:
    session = committee_session(bids_dir)
    original = tmp_path / "e.repm"
    saved = create_saved(original, session, user="alice")
    saved.save_as(tmp_path / "copy.repm")
    assert saved.path == tmp_path / "copy.repm"
    session.set_decision(session.bids[0].bid_ref, False, "Late submission.")
    saved.close()

    o, o_session = open_saved(original, read_only=True)
    c, c_session = open_saved(tmp_path / "copy.repm", read_only=True)
    try:
        o_actions = [e.action for e in o.audit_entries()]
        c_actions = [e.action for e in c.audit_entries()]
        assert o_actions[-1] == "saved_as" and c_actions == o_actions + ["decision_changed"]
        assert c.audit_entries()[-2].details == {"from": str(original), "to": str(tmp_path / "copy.repm")}
        assert o.check_chain().ok and c.check_chain().ok
        assert (
            session.bids[0].bid_ref not in o_session.decisions
            or o_session.decisions[session.bids[0].bid_ref].remarks != "Late submission."
        )
        assert c_session.decisions[session.bids[0].bid_ref].remarks == "Late submission."
    finally:
        o.close()
        c.close()


def test_save_as_refuses_an_existing_file(tmp_path: Path) -> None:
    saved = create_saved(tmp_path / "e.repm", EvaluationSession())
    (tmp_path / "x.repm").write_bytes(b"keep me")
    with pytest.raises(SavedError, match="exists already"):
        saved.save_as(tmp_path / "x.repm")
    assert (tmp_path / "x.repm").read_bytes() == b"keep me"
    with pytest.raises(SavedError, match="already open"):
        saved.save_as(tmp_path / "e.repm", overwrite=True)
    with pytest.raises(SavedError, match="does not exist"):
        saved.save_as(tmp_path / "no folder" / "x.repm")
    assert [e.action for e in saved.audit_entries()] == ["created"]  # refused before anything was recorded
    saved.close()


# -- verify ------------------------------------------------------------------------------------------------------------
@pytest.fixture
def exported(bids_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    session = committee_session(bids_dir)
    saved = create_saved(tmp_path / "e.repm", session)
    work_on(session)
    evaluation = session.evaluation()
    saved.record_evaluated(evaluation)
    book = tmp_path / "award.xlsx"
    write_award_workbook(evaluation, book, trail_head=saved.trail_head())  # as an export from the saved evaluation
    saved.record_export(book)
    saved.close()
    shutil.rmtree(bids_dir)
    return book, tmp_path / "e.repm"


def test_verify_accepts_an_untouched_workbook(exported: tuple[Path, Path]) -> None:
    book, path = exported
    report = verify_award(book, path)
    assert report.ok and report.differences == [] and report.checked > 20
    assert any("was exported at entry" in n for n in report.notes)
    assert any("result SHA-256 matches" in n for n in report.notes)
    saved, session = open_saved(path, read_only=True)
    entry = saved.audit_entries()[-1]
    saved.close()
    assert (
        entry.action == "exported" and entry.details["workbook_sha256"] == hashlib.sha256(book.read_bytes()).hexdigest()
    )
    assert (
        entry.details["result_sha256"]
        == entry.details["latest_recorded_result_sha256"]
        == result_sha256(session.evaluation())
    )


def test_verify_names_an_edited_award_figure(exported: tuple[Path, Path]) -> None:
    book, path = exported
    wb = openpyxl.load_workbook(book)
    ws = wb["Award"]
    cell = next(
        c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value in (600, 1200)
    )
    ws[cell.coordinate] = cell.value + 100
    wb.save(book)
    report = verify_award(book, path)
    assert not report.ok
    assert any(d.startswith(f"Award!{cell.coordinate} ") for d in report.differences), report.differences
    assert any("No export of this exact workbook" in d for d in report.differences)
    assert len(report.differences) == 2, report.differences  # the export record, the cell: nothing spurious


def test_an_open_evaluation_verifies_without_letting_go_of_its_file(exported: tuple[Path, Path]) -> None:
    book, path = exported
    saved, session = open_saved(path)
    try:
        session.set_decision(session.bids[0].bid_ref, False, "Changed after the export.")
        report = saved.verify(book)  # the stored state is verified, and it has changed since the export
        assert not report.ok and report.differences
        with pytest.raises(SavedError, match="open in another"):
            verify_award(book, path)
    finally:
        saved.close()


def test_verify_refuses_what_it_cannot_read(exported: tuple[Path, Path], tmp_path: Path) -> None:
    book, path = exported
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(SavedError, match="cannot be read"):
        verify_award(tmp_path / "junk.xlsx", path)
    with pytest.raises(SavedError, match="not a saved evaluation"):
        verify_award(book, book)


def test_a_decisions_file_is_kept_from_the_session_and_stays_an_input(bids_dir, tmp_path, monkeypatch) -> None:
    """The store keeps the decisions file's bytes as the session read them, and a reopened evaluation lists it
    among its inputs, as the session did: the same result either way."""
    monkeypatch.setattr(saved_module, "_read_source", _no_disk_reads)
    decisions = tmp_path / "decisions.csv"
    decisions.write_bytes(sample_decisions_path().read_bytes())
    session = EvaluationSession()
    saved = create_saved(tmp_path / "e.repm", session)
    session.import_paths([bids_dir])
    session.import_decisions(decisions)
    decisions.unlink()  # gone after reading: the saved evaluation does not need it
    assert session.inputs[-1].kind == "decisions"
    expected = result_dict(session.evaluation())
    saved.close()
    saved2, reopened = open_saved(tmp_path / "e.repm")
    try:
        assert [i.sha256 for i in reopened.inputs] == [i.sha256 for i in session.inputs]
        assert result_dict(reopened.evaluation()) == expected
        entry = next(e for e in saved2.audit_entries() if e.action == "decisions_imported")
        assert entry.details["file"]["sha256"] == session.inputs[-1].sha256
    finally:
        saved2.close()


def test_the_low_quote_decision_is_stored_recorded_and_reopened(bids_dir: Path, tmp_path: Path) -> None:
    session = EvaluationSession(scheme=ONE_COVER)
    session.import_paths([bids_dir])
    session.set_scheme(Scheme(covers=1, abnormally_low=0.8))  # below INR 1,720/kg: 001 (1,640) is abnormally low
    saved = create_saved(tmp_path / "e.repm", session)
    assert session.evaluation().summary.provisional is True
    with pytest.raises(ValueError, match="remark is required when a bid has its low quote rejected"):
        session.set_decision("REPM-2026-001", None, "", low_quote=False)
    session.set_decision("REPM-2026-001", None, "Costs shown in the DPR; accepted.", low_quote=True)
    entry = saved.audit_entries()[-1]
    assert entry.action == "decision_changed" and entry.details["low_quote"] is True
    assert entry.details["qualified"] is None
    assert session.evaluation().summary.provisional is False
    saved.close()
    again, reopened = open_saved(tmp_path / "e.repm", read_only=True)
    try:
        d = reopened.decisions["REPM-2026-001"]
        assert (d.qualified, d.low_quote, d.remarks) == (None, True, "Costs shown in the DPR; accepted.")
        assert reopened.evaluation().summary.provisional is False
        assert again.check_chain().ok
    finally:
        again.close()


def test_a_version_3_file_keeps_its_decisions_when_the_low_quote_column_is_added(tmp_path: Path) -> None:
    import sqlite3

    from repm_bids.io.store import Store

    path = tmp_path / "v3.repm"
    conn = sqlite3.connect(path, isolation_level=None)
    Store._initialise(conn, "clerk", {"tool": "repm-bids 0.2"}, schema_version=3)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO scheme (id, json) VALUES (1, ?)", (json.dumps({"scheme": {"scheme": {}}}),))
    conn.execute("INSERT INTO decisions (bid_ref, qualified, remarks) VALUES ('R-2', 1, '')")
    conn.execute("INSERT INTO decisions (bid_ref, qualified, remarks) VALUES ('R-1', 0, 'No DPR.')")
    Store.append_in(conn, "clerk", "decision_changed", {"bid_ref": "R-1", "qualified": False})
    conn.execute("COMMIT")
    conn.close()
    reader = Store.open(path, "auditor", read_only=True)  # read as it is, before the migration
    assert reader.read_decisions() == [("R-2", True, "", None, None), ("R-1", False, "No DPR.", None, None)]
    reader.close()
    store = Store.open(path, "auditor")
    try:
        assert store.migrated_from == 3 and store.check_chain().ok
        assert store.read_decisions() == [("R-2", True, "", None, None), ("R-1", False, "No DPR.", None, None)]
    finally:
        store.close()
