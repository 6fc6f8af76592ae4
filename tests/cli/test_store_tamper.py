"""Someone with a SQLite tool edits a saved evaluation: every table in turn, triggers dropped first, as an editor
would. Each edit either makes `log` and `verify` fail naming the entry (and `evaluate E.repm` refuse the file), or
changes nothing the tool shows or exports."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from repm_bids.io.award_workbook import write_award_workbook
from repm_bids.services.samples import sample_decisions_path, sample_paths, sample_price_dir
from repm_bids.services.saved import create_saved
from repm_bids.services.session import EvaluationSession, bid_key
from tests.one_cover import ONE_COVER, one_cover_form

from .cli_run import run


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    """The sample evaluation with the committee's work (decisions, a removed bid, a changed scheme), evaluated,
    exported and recorded; the original bid files are gone."""
    from repm_bids.domain.scheme import Scheme
    from repm_bids.services.evaluation import read_decisions_file

    folder = tmp_path_factory.mktemp("pristine")
    bids = folder / "bids"
    bids.mkdir()
    for p in sample_paths():  # one cover, the single pass: the store of a two-cover evaluation is tested apart
        one_cover_form(p, sample_price_dir() / p.name, bids / p.name)
    session = EvaluationSession(scheme=ONE_COVER)
    saved = create_saved(folder / "e.repm", session, user="clerk")
    session.import_paths([bids])
    decisions, problems = read_decisions_file(sample_decisions_path())
    session.replace_decisions(decisions, problems)
    session.set_decision(session.bids[1].bid_ref, False, "The DPR does not cover the alloy stage.")
    session.remove_bid(bid_key(session.bids[0]))
    session.set_scheme(Scheme(covers=1, max_beneficiaries=4))
    evaluation = session.evaluation()
    saved.record_evaluated(evaluation)
    book = folder / "award.xlsx"
    write_award_workbook(evaluation, book)
    saved.record_export(book, evaluated_at=evaluation.evaluated_at)
    saved.close()
    shutil.rmtree(bids)
    return folder / "e.repm", book


@pytest.fixture
def copy(pristine, tmp_path: Path) -> tuple[Path, Path]:
    repm, book = pristine
    shutil.copy(repm, tmp_path / "e.repm")
    shutil.copy(book, tmp_path / "award.xlsx")
    return tmp_path / "e.repm", tmp_path / "award.xlsx"


def edit(path: Path, change: Callable[[sqlite3.Connection], None]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    change(conn)
    conn.close()


def sql(*statements: str) -> Callable[[sqlite3.Connection], None]:
    def change(conn: sqlite3.Connection) -> None:
        for s in statements:
            conn.execute(s)

    return change


def raise_the_ceiling(conn: sqlite3.Connection) -> None:
    (text,) = conn.execute("SELECT json FROM scheme").fetchone()
    record = json.loads(text)

    def bump(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if "ceiling" in k and isinstance(v, int | float):
                    node[k] = v * 2
                else:
                    bump(v)

    bump(record)
    assert json.loads(text) != record
    conn.execute("UPDATE scheme SET json = ?", (json.dumps(record),))


def forge_an_input(conn: sqlite3.Connection) -> None:
    """A forged bid file with a correct SHA-256 of its own, put in place of the first input."""
    (sha,) = conn.execute("SELECT sha256 FROM inputs ORDER BY position LIMIT 1").fetchone()
    (data,) = conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha,)).fetchone()
    forged = bytes(data) + b"\0"
    new = hashlib.sha256(forged).hexdigest()
    conn.execute("INSERT INTO blobs (sha256, data, size) VALUES (?, ?, ?)", (new, forged, len(forged)))
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE inputs SET sha256 = ? WHERE sha256 = ?", (new, sha))


EDITS = {
    "meta: the creator": sql("UPDATE meta SET value = 'someone' WHERE key = 'created_by'"),
    "meta: the head deleted": sql("DELETE FROM meta WHERE key IN ('head_seq', 'head_hash')"),
    "meta: a row added": sql("INSERT INTO meta (key, value) VALUES ('approved_by', 'nobody')"),
    "blobs: bytes changed": sql("UPDATE blobs SET data = x'00' WHERE rowid = 1"),
    "blobs: a file added": sql("INSERT INTO blobs (sha256, data, size) VALUES (hex(randomblob(32)), x'01', 1)"),
    "inputs: a path changed": sql("UPDATE inputs SET path = 'forged.xlsx' WHERE position = 0"),
    "inputs: a file left out": sql("DELETE FROM inputs WHERE position = 0"),
    "inputs: a forged file swapped in": forge_an_input,
    "scheme: the ceiling raised": raise_the_ceiling,
    "decisions: one flipped": sql("UPDATE decisions SET qualified = 1 - qualified"),
    "decisions: one added": sql("INSERT INTO decisions (bid_ref, qualified, remarks) VALUES ('X-1', 0, 'forged')"),
    "removed_bids: the removed bid put back": sql("DELETE FROM removed_bids"),
    "removed_bids: the L1 bid removed": sql("INSERT INTO removed_bids (bid_key) VALUES ('anything')"),
    "problems: one added": sql(
        """INSERT INTO problems (origin, json) VALUES ('import', '{"severity": "error", "message": "forged"}')"""
    ),
    "result: the stored result edited": sql("UPDATE result SET json = replace(json, '1', '2')"),
    "result: its digest replaced": sql("UPDATE result SET sha256 = hex(randomblob(32))"),
    "audit: an entry's user": sql("UPDATE audit SET user = 'mallory' WHERE seq = 3"),
    "audit: the last entry deleted": sql("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"),
    "a table added": sql("CREATE TABLE approvals (who TEXT)"),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_every_edit_of_a_table_is_named_by_log_verify_and_evaluate(copy, capsys, name: str) -> None:
    repm, book = copy
    edit(repm, EDITS[name])
    code, out, err = run(capsys, "log", str(repm))
    assert code == 1 and "CHAIN BROKEN. Entry " in out and " is broken" in out, (name, out, err)
    code, out, err = run(capsys, "verify", str(book), str(repm))
    assert code in (1, 2) and "Traceback" not in err and "unexpected" not in err, (name, out, err)
    assert "Entry " in out + err and " is broken" in out + err, (name, out, err)
    code, out, err = run(capsys, "evaluate", str(repm), "--json", "-")
    assert code == 2 and "Entry " in err and "is broken" in err and out == "", (name, err)


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("a table dropped", sql("DROP TABLE removed_bids")),
        ("scheme: not JSON", sql("UPDATE scheme SET json = '{not json'")),
    ],
)
def test_a_damaged_table_is_named_and_never_an_unexpected_error(copy, capsys, name: str, change) -> None:
    repm, book = copy
    edit(repm, change)
    code, out, err = run(capsys, "log", str(repm))
    assert code == 1 and "CHAIN BROKEN. Entry " in out, (name, out, err)
    for args in (("verify", str(book), str(repm)), ("evaluate", str(repm))):
        code, out, err = run(capsys, *args)
        assert code in (1, 2) and "unexpected" not in err and "Traceback" not in err, (name, args, err)
        assert "Entry " in out + err and "is broken" in out + err, (name, args, out, err)


def test_dropping_the_triggers_alone_changes_nothing_the_tool_shows(copy, capsys, tmp_path: Path) -> None:
    repm, book = copy
    code, before_json, _ = run(capsys, "evaluate", str(repm), "--json", "-")
    assert code == 0
    edit(repm, sql())
    assert run(capsys, "log", str(repm))[0] == 0
    assert run(capsys, "verify", str(book), str(repm))[0] == 0
    code, after_json, _ = run(capsys, "evaluate", str(repm), "--json", "-")
    assert code == 0
    strip = lambda t: {k: v for k, v in json.loads(t).items() if k != "evaluated_at"}  # noqa: E731
    assert strip(after_json) == strip(before_json)


def test_entries_cut_from_the_end_with_the_head_rewritten_show_against_the_printed_head(copy, capsys) -> None:
    """The whole-file limit: cutting the last entries and rewriting the head leaves a consistent earlier file. The
    head printed before (in the minutes) no longer matches, and the exported workbook is no longer on record."""
    repm, book = copy
    code, out, _ = run(capsys, "log", str(repm))
    printed = out.strip().splitlines()[-1].strip()
    conn = sqlite3.connect(repm)
    seq, prev = conn.execute("SELECT seq - 1, prev_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    edit(
        repm,
        sql(
            "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
            f"UPDATE meta SET value = '{seq}' WHERE key = 'head_seq'",
            f"UPDATE meta SET value = '{prev}' WHERE key = 'head_hash'",
        ),
    )
    code, out, _ = run(capsys, "log", str(repm))
    assert code == 0 and printed not in out  # the trail is consistent, but not the one in the minutes
    code, out, _ = run(capsys, "verify", str(book), str(repm))
    assert code == 1 and "No export of this exact workbook file" in out
