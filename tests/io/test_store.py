"""The `.repm` store: the hash chain and its tamper detection, the schema and its migration, the lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repm_bids.io.store import SavedDamaged, SavedError, Store, statements
from repm_bids.io.store_audit import GENESIS, StoredRow, check_rows, entry_hash
from repm_bids.io.store_schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS, SCHEMA_V1


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A closed store with eight audit entries (created + seven)."""
    path = tmp_path / "e.repm"
    store = Store.create(path, "alice", {"tool": "test"})
    for i in range(2, 9):
        store.append("alice" if i % 2 else "bob", f"action_{i}", {"n": i, "text": f"entry {i}"})
    store.close()
    return path


def tamper(path: Path, *sql: str) -> None:
    """What someone with a SQLite tool could do: drop the append-only triggers, then edit."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    for s in sql:
        conn.execute(s)
    conn.close()


def chain_of(path: Path):
    store = Store.open(path, "checker", inspect=True)
    try:
        return store.check_chain()
    finally:
        store.close()


# -- the chain ---------------------------------------------------------------------------------------------------------
def test_an_untouched_trail_is_intact(store_path: Path) -> None:
    status = chain_of(store_path)
    assert status.ok and status.first_bad_seq is None
    assert "8 entries" in status.message


def test_each_entry_hashes_the_previous_hash_and_its_content(store_path: Path) -> None:
    store = Store.open(store_path, "checker")
    entries = store.audit_entries()
    store.close()
    assert [e.seq for e in entries] == list(range(1, 9))
    assert entries[0].prev_hash == GENESIS
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.hash
    assert entries[0].action == "created" and entries[0].user == "alice"
    assert entries[1].time_utc.endswith("Z") and entries[1].details == {"n": 2, "text": "entry 2"}


def test_the_application_cannot_edit_or_delete_entries(store_path: Path) -> None:
    conn = sqlite3.connect(store_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET user = 'mallory' WHERE seq = 3")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE seq = 3")
    conn.close()


def test_an_edited_entry_is_named(store_path: Path) -> None:
    tamper(store_path, """UPDATE audit SET details = '{"n":4,"text":"entry four"}' WHERE seq = 4""")
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 4
    assert "Entry 4" in status.message and "changed" in status.message


def test_an_edited_user_or_time_is_named(store_path: Path) -> None:
    tamper(store_path, "UPDATE audit SET user = 'mallory' WHERE seq = 6")
    assert chain_of(store_path).first_bad_seq == 6
    tamper(
        store_path, "UPDATE audit SET user = 'alice' WHERE seq = 6", "UPDATE audit SET time_utc = '2020' WHERE seq = 2"
    )
    assert chain_of(store_path).first_bad_seq == 2


def test_an_entry_rehashed_after_an_edit_breaks_the_next_link(store_path: Path) -> None:
    conn = sqlite3.connect(store_path)
    seq, t, tl, user, action, details, prev = conn.execute(
        "SELECT seq, time_utc, time_local, user, action, details, prev_hash FROM audit WHERE seq = 5"
    ).fetchone()
    conn.close()
    forged = entry_hash(prev, seq, t, tl, "mallory", action, details)
    tamper(store_path, f"UPDATE audit SET user = 'mallory', hash = '{forged}' WHERE seq = 5")
    status = chain_of(store_path)
    assert status.first_bad_seq == 6 and "does not follow entry 5" in status.message


def test_a_deleted_entry_is_named(store_path: Path) -> None:
    tamper(store_path, "DELETE FROM audit WHERE seq = 5")
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 5
    assert "missing" in status.message


def test_a_deleted_entry_with_renumbering_is_named(store_path: Path) -> None:
    tamper(store_path, "DELETE FROM audit WHERE seq = 5", "UPDATE audit SET seq = seq - 1 WHERE seq > 5")
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 5


def test_deleted_last_entries_are_named(store_path: Path) -> None:
    tamper(store_path, "DELETE FROM audit WHERE seq >= 7")
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 7 and "last entries" in status.message


def test_two_reordered_entries_are_named(store_path: Path) -> None:
    # swap entries 3 and 6 (their whole rows, numbers exchanged so that 6's content now sits third)
    tamper(
        store_path,
        "UPDATE audit SET seq = -3 WHERE seq = 3",
        "UPDATE audit SET seq = 3 WHERE seq = 6",
        "UPDATE audit SET seq = 6 WHERE seq = -3",
    )
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 3


def test_two_entries_with_exchanged_contents_are_named(store_path: Path) -> None:
    cols = "time_utc, time_local, user, action, details"  # the links stay where they were
    conn = sqlite3.connect(store_path)
    r3 = conn.execute(f"SELECT {cols} FROM audit WHERE seq = 3").fetchone()
    r4 = conn.execute(f"SELECT {cols} FROM audit WHERE seq = 4").fetchone()
    conn.close()
    names = cols.split(", ")

    def set_row(seq: int, row: tuple) -> str:
        values = ", ".join(f"{n} = '{v}'" for n, v in zip(names, row))
        return f"UPDATE audit SET {values} WHERE seq = {seq}"

    tamper(store_path, set_row(3, r4), set_row(4, r3))
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 3


def test_an_entry_appended_outside_the_application_is_named(store_path: Path) -> None:
    conn = sqlite3.connect(store_path)
    prev = conn.execute("SELECT hash FROM audit WHERE seq = 8").fetchone()[0]
    conn.close()
    h = entry_hash(prev, 9, "t", "t", "mallory", "evaluated", "{}")
    tamper(store_path, f"INSERT INTO audit VALUES (9, 't', 't', 'mallory', 'evaluated', '{{}}', '{prev}', '{h}')")
    status = chain_of(store_path)
    assert not status.ok and status.first_bad_seq == 9


def test_a_changed_stored_file_is_named_by_the_entry_that_recorded_it(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "e.repm"
    store = Store.create(path, "alice", {})
    data = b"bid_ref,capacity\nR-1,600\n"
    sha = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn:
        Store.put_blob(conn, sha, data)
        Store.append_in(conn, "alice", "imported_file", {"sha256": sha})
    store.close()
    tamper(path, "UPDATE blobs SET data = CAST('bid_ref,capacity\nR-1,900\n' AS BLOB)")
    status = chain_of(path)
    assert not status.ok and status.first_bad_seq == 2 and "SHA-256" in status.message


def test_check_rows_on_its_own() -> None:
    rows = []
    prev = GENESIS
    for seq in (1, 2, 3):
        h = entry_hash(prev, seq, "t", "l", "u", "a", "{}")
        rows.append(StoredRow(seq, "t", "l", "u", "a", "{}", prev, h))
        prev = h
    assert check_rows(rows, (3, prev)).ok
    assert check_rows(rows[:2], (3, prev)).first_bad_seq == 3
    assert check_rows([rows[0], rows[2]]).first_bad_seq == 2
    assert check_rows([]).first_bad_seq == 1


# -- schema and migration ----------------------------------------------------------------------------------------------
def make_v1_file(path: Path) -> str:
    """A file exactly as the first release (schema 1) wrote it: one stored input, its entry, a scheme."""
    import hashlib

    data = b"bid_ref,bidder_name\nR-1,Old Ltd\n"
    sha = hashlib.sha256(data).hexdigest()
    conn = sqlite3.connect(path, isolation_level=None)
    Store._initialise(conn, "olduser", {"tool": "repm-bids 0.0.9"}, schema_version=1)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO blobs (sha256, data) VALUES (?, ?)", (sha, data))  # no size column in version 1
    conn.execute("INSERT INTO inputs (position, sha256, path, kind) VALUES (0, ?, 'old.csv', 'bids')", (sha,))
    Store.append_in(conn, "olduser", "imported_file", {"path": "old.csv", "sha256": sha})
    conn.execute("COMMIT")
    conn.close()
    return sha


def test_a_version_1_file_is_migrated_and_the_migration_recorded(tmp_path: Path) -> None:
    path = tmp_path / "old.repm"
    sha = make_v1_file(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "size" not in [r[1] for r in conn.execute("PRAGMA table_info(blobs)")]
    conn.close()

    store = Store.open(path, "newuser")
    try:
        assert store.migrated_from == 1 and store.schema_version() == CURRENT_VERSION == 6
        assert store.conn.execute("SELECT size FROM blobs WHERE sha256 = ?", (sha,)).fetchone()[0] == len(
            b"bid_ref,bidder_name\nR-1,Old Ltd\n"
        )
        entries = store.audit_entries()
        assert [e.action for e in entries] == ["created", "imported_file", "migrated"]
        assert entries[-1].details["from_schema"] == 1 and entries[-1].user == "newuser"
        assert store.check_chain().ok
        with pytest.raises(sqlite3.IntegrityError):  # the bytes stay immutable after the migration
            store.conn.execute("UPDATE blobs SET data = x'00'")
    finally:
        store.close()
    again = Store.open(path, "newuser")  # a second open migrates nothing
    assert again.migrated_from is None and [e.action for e in again.audit_entries()][-1] == "migrated"
    again.close()


def make_v2_file(path: Path) -> None:
    """A file as the second release (schema 2) wrote it: its entries record nothing of the tables."""
    conn = sqlite3.connect(path, isolation_level=None)
    Store._initialise(conn, "olduser", {"tool": "repm-bids 0.1"}, schema_version=2)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO decisions (bid_ref, qualified, remarks) VALUES ('R-1', 0, 'No DPR.')")
    Store.append_in(conn, "olduser", "decision_changed", {"bid_ref": "R-1", "qualified": False})
    conn.execute("COMMIT")
    conn.close()


def test_a_version_2_file_is_migrated_and_from_then_on_its_tables_are_covered(tmp_path: Path) -> None:
    path = tmp_path / "v2.repm"
    make_v2_file(path)
    before = path.read_bytes()
    reader = Store.open(path, "auditor", read_only=True)  # read as it is: no migration, nothing written
    assert reader.schema_version() == 2 and not reader.covers_tables and reader.check_chain().ok
    reader.close()
    assert path.read_bytes() == before

    store = Store.open(path, "newuser")
    try:
        assert store.migrated_from == 2 and store.covers_tables
        raw = store.conn.execute("SELECT details FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0]
        assert '"state":{' in raw and '"decisions":' in raw  # the migration records the tables as they were
        triggers = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"meta_no_delete", "meta_identity_fixed", "meta_head_is_last_entry", "audit_in_sequence"} <= triggers
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE meta SET value = 'x' WHERE key = 'file_id'")
    finally:
        store.close()
    tamper(path, "UPDATE decisions SET qualified = 1")
    with pytest.raises(SavedDamaged, match=r"Entry 3 is broken: .*migrated.*'decisions'"):
        Store.open(path, "newuser")


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.repm"
    Store.create(path, "a", {}).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SavedError, match="newer version of repm-bids"):
        Store.open(path, "a")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"hello, not a database\n", b"", b"PK\x03\x04 an xlsx renamed"],
    ids=["text", "empty", "zip"],
)
def test_a_file_that_is_not_a_repm_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.repm"
    path.write_bytes(content)
    with pytest.raises(SavedError, match="not a saved evaluation"):
        Store.open(path, "a")
    assert path.read_bytes() == content


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.repm"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(SavedError, match="not a saved evaluation"):
        Store.open(path, "a")


def test_a_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    with pytest.raises(SavedError, match="does not exist"):
        Store.open(tmp_path / "none.repm", "a")
    assert not (tmp_path / "none.repm").exists()


def test_the_schema_is_marked_and_versioned(store_path: Path) -> None:
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert set(MIGRATIONS) == set(range(1, CURRENT_VERSION))
    assert all(s.endswith(";") or s.endswith("END") for s in statements(SCHEMA_V1))


def test_create_refuses_an_existing_file_unless_told(store_path: Path) -> None:
    with pytest.raises(SavedError, match="exists already"):
        Store.create(store_path, "a", {})
    store = Store.create(store_path, "b", {"fresh": True}, overwrite=True)
    assert [e.user for e in store.audit_entries()] == ["b"]
    store.close()


# -- the lock ----------------------------------------------------------------------------------------------------------
def test_the_same_file_opened_twice_is_refused(store_path: Path) -> None:
    first = Store.open(store_path, "alice")
    try:
        with pytest.raises(SavedError, match="open in another repm-bids window"):
            Store.open(store_path, "bob")
        with pytest.raises(SavedError, match="open in another"):
            Store.create(store_path, "bob", {}, overwrite=True)
        first.append("alice", "still_writing", {})
    finally:
        first.close()
    second = Store.open(store_path, "bob")
    assert second.check_chain().ok and second.audit_entries()[-1].action == "still_writing"
    second.close()


def test_another_process_is_refused_while_the_file_is_open(store_path: Path) -> None:
    script = (
        "import sys\n"
        "from repm_bids.io.store import Store, SavedError\n"
        "try:\n"
        "    Store.open(sys.argv[1], 'other').close()\n"
        "    print('opened')\n"
        "except SavedError as exc:\n"
        "    print('refused:', exc)\n"
    )
    first = Store.open(store_path, "alice")
    try:
        out = subprocess.run(
            [sys.executable, "-c", script, str(store_path)], capture_output=True, text=True, timeout=60
        )
        assert out.stdout.startswith("refused:") and "open in another" in out.stdout, out.stderr
    finally:
        first.close()
    out = subprocess.run([sys.executable, "-c", script, str(store_path)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "opened", out.stderr
    assert chain_of(store_path).ok


# -- any single tampering, found at the right entry (property) ---------------------------------------------------------
def _chain(n: int) -> list[StoredRow]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        details = f'{{"n":{seq}}}'
        h = entry_hash(prev, seq, f"t{seq}", f"l{seq}", f"u{seq % 3}", f"a{seq % 4}", details)
        rows.append(StoredRow(seq, f"t{seq}", f"l{seq}", f"u{seq % 3}", f"a{seq % 4}", details, prev, h))
        prev = h
    return rows


@given(n=st.integers(2, 40), data=st.data())
def test_any_single_tampering_is_named_at_the_first_entry_touched(n: int, data: st.DataObject) -> None:
    from dataclasses import replace

    rows = _chain(n)
    head = (n, rows[-1].hash)
    kind = data.draw(st.sampled_from(["edit", "delete", "swap", "truncate"]))
    k = data.draw(st.integers(1, n))
    if kind == "edit":
        column = data.draw(st.sampled_from(["time_utc", "time_local", "user", "action", "details"]))
        rows[k - 1] = replace(rows[k - 1], **{column: getattr(rows[k - 1], column) + "x"})
        expected = k
    elif kind == "delete":
        del rows[k - 1]
        expected = k
    elif kind == "swap":
        j = data.draw(st.integers(1, n).filter(lambda j: j != k))
        a, b = sorted((j, k))
        ra, rb = rows[a - 1], rows[b - 1]
        rows[a - 1] = replace(rb, seq=a)  # the later entry's content moved to the earlier place, and back
        rows[b - 1] = replace(ra, seq=b)
        expected = a
    else:
        rows = rows[: k - 1]
        expected = k
    status = check_rows(rows, head)
    assert not status.ok and status.first_bad_seq == expected, (kind, k, status)


def test_the_recorded_state_is_what_the_application_reads(tmp_path: Path) -> None:
    """Rows rewritten unchanged (new row numbers) are the same state; a change of content or order is not."""
    store = Store.create(tmp_path / "s.repm", "alice", {"tool": "test"})
    try:
        problems = [{"message": "a"}, {"message": "b"}]
        with store.transaction() as conn:
            Store.write_problems(conn, "import", problems)
            Store.append_in(conn, "alice", "import_problems", {"problems": 2})
        with store.transaction() as conn:
            Store.write_problems(conn, "import", problems)  # the same rows again, numbered anew
            assert Store.state_recorded(conn)
            Store.write_problems(conn, "import", problems[::-1])
            assert not Store.state_recorded(conn)
            Store.append_in(conn, "alice", "import_problems", {"problems": 2})
        assert store.check_chain().ok
    finally:
        store.close()


def test_a_version_3_file_is_migrated_to_the_stages_and_they_are_covered(tmp_path: Path) -> None:
    path = tmp_path / "v3.repm"
    conn = sqlite3.connect(path, isolation_level=None)
    Store._initialise(conn, "olduser", {"tool": "repm-bids 0.2"}, schema_version=3)
    conn.close()
    reader = Store.open(path, "auditor", read_only=True)  # read as it is: no stages, nothing written
    assert reader.schema_version() == 3 and reader.read_steps() == [] and reader.read_covers() == []
    reader.close()
    store = Store.open(path, "newuser")
    try:
        assert store.migrated_from == 3 and store.schema_version() == CURRENT_VERSION == 6
        raw = store.conn.execute("SELECT details FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0]
        for table in ("stage_steps", "clarifications", "covers"):
            assert f'"{table}":' in raw  # the migration's entry records the new tables too
        with store.transaction() as c:
            Store.write_steps(c, [("technical_approved", "R. Sharma", "2026-12-02T01:00:00+00:00")])
            Store.append_in(c, "R. Sharma", "technical_approved", {"by": "R. Sharma"})
        assert store.read_steps() == [("technical_approved", "R. Sharma", "2026-12-02T01:00:00+00:00")]
    finally:
        store.close()
    tamper(path, "DELETE FROM stage_steps")  # an approval removed outside repm-bids is found
    with pytest.raises(SavedDamaged, match=r"technical_approved.*'stage_steps'"):
        Store.open(path, "newuser")


def test_a_result_written_as_utf8_bytes_is_the_same_text(tmp_path: Path) -> None:
    """A large result made in another process arrives as bytes; the file holds exactly what the text would give."""
    text = '{"a":"₹ 1,20,000 — अ 😀","b":[1,2.5,null]}'
    kept = {}
    for kind, value in (("str", text), ("bytes", text.encode("utf-8"))):
        store = Store.create(tmp_path / f"{kind}.repm", "alice", {"tool": "test"})
        try:
            with store.transaction() as conn:
                Store.write_result(conn, "2026-06-30T11:00:00+00:00", "d" * 64, value)
            result = store.read_result()
            assert result is not None and result.json == text
            assert store.result_sha256() == "d" * 64
            kept[kind] = store.conn.execute("SELECT typeof(json), CAST(json AS BLOB) FROM result").fetchone()
        finally:
            store.close()
    assert kept["str"] == kept["bytes"] == ("text", text.encode("utf-8"))


def test_the_last_hash_and_the_result_digest_are_read_without_the_rest(store_path: Path) -> None:
    store = Store.open(store_path, "checker")
    try:
        assert store.last_hash() == store.audit_entries()[-1].hash
        assert store.result_sha256() is None and store.read_result() is None
    finally:
        store.close()
