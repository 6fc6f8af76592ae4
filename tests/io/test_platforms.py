"""What differs between Windows, macOS and Linux, tried here: a file another program holds open (simulated where
only Windows behaves so), CRLF files, paths with spaces and non-Latin names, and no POSIX-only call in the package."""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest

from repm_bids.io import replace as replace_mod
from repm_bids.io.atomic import WriteFailed, write_bytes_atomic
from repm_bids.io.intake import read_decisions, read_inputs
from repm_bids.io.replace import RETRY_DELAYS_S, replace_file
from repm_bids.io.store import Store
from repm_bids.services.samples import sample_decisions_path, sample_paths

PACKAGE = Path(__file__).resolve().parents[2] / "repm_bids"
REAL_REPLACE = os.replace  # the tests below put a stand-in in its place


class HeldOpen:
    """os.replace as Windows answers it while another program has the target open: PermissionError, `times` times."""

    def __init__(self, times: int) -> None:
        self.left = times
        self.calls = 0

    def __call__(self, source: str, target: str) -> None:
        self.calls += 1
        if self.left:
            self.left -= 1
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        REAL_REPLACE(source, target)


def test_on_windows_a_briefly_held_target_is_replaced_after_a_wait(tmp_path, monkeypatch):
    monkeypatch.setattr(replace_mod, "WINDOWS", True)
    held = HeldOpen(times=2)
    monkeypatch.setattr(replace_mod.os, "replace", held)
    waits: list[float] = []
    (tmp_path / "new").write_text("new")
    (tmp_path / "award.xlsx").write_text("old")
    replace_file(tmp_path / "new", tmp_path / "award.xlsx", sleep=waits.append)
    assert (tmp_path / "award.xlsx").read_text() == "new"
    assert held.calls == 3 and waits == list(RETRY_DELAYS_S[:2])


def test_on_windows_a_target_kept_open_gives_up_after_about_a_second_and_a_half(tmp_path, monkeypatch):
    monkeypatch.setattr(replace_mod, "WINDOWS", True)
    monkeypatch.setattr(replace_mod.os, "replace", HeldOpen(times=99))
    waits: list[float] = []
    with pytest.raises(PermissionError):
        replace_file(tmp_path / "a", tmp_path / "b", sleep=waits.append)
    assert waits == list(RETRY_DELAYS_S) and 1.0 < sum(waits) < 2.0


def test_elsewhere_permission_denied_is_not_tried_again(tmp_path, monkeypatch):
    monkeypatch.setattr(replace_mod, "WINDOWS", False)
    held = HeldOpen(times=1)
    monkeypatch.setattr(replace_mod.os, "replace", held)
    with pytest.raises(PermissionError):
        replace_file(tmp_path / "a", tmp_path / "b", sleep=lambda s: pytest.fail("no wait expected"))
    assert held.calls == 1


def test_a_workbook_open_in_excel_is_left_whole_and_the_message_says_to_close_it(tmp_path, monkeypatch):
    monkeypatch.setattr(replace_mod, "WINDOWS", True)
    monkeypatch.setattr(replace_mod.os, "replace", HeldOpen(times=99))
    monkeypatch.setattr(replace_mod.time, "sleep", lambda s: None)
    target = tmp_path / "award.xlsx"
    target.write_bytes(b"the signed copy")
    with pytest.raises(WriteFailed, match="open in Excel or another program, close it and try again"):
        write_bytes_atomic(target, b"a new award")
    assert target.read_bytes() == b"the signed copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["award.xlsx"]  # no temporary file left beside it


def test_a_bid_file_open_for_writing_elsewhere_is_still_read(tmp_path):
    """Python opens files for reading with every sharing flag, as Windows needs while Excel has a workbook open."""
    path = tmp_path / "bid.xlsx"
    shutil.copy(sample_paths()[0], path)
    with open(path, "r+b"):  # another program holding the file open for writing
        intake = read_inputs([path])
    assert [b.bid_ref for b in intake.bids] == ["REPM-2026-001"]


def test_a_file_locked_by_another_program_is_a_sentence_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "bid.xlsx"
    shutil.copy(sample_paths()[0], path)

    def locked(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr("repm_bids.io.intake.os.open", locked)
    intake = read_inputs([path])
    assert intake.bids == []
    assert [p.message for p in intake.problems] == [
        "The file cannot be opened: permission denied (is it open in another program?)."
    ]


def test_a_decisions_file_with_windows_line_ends_reads_as_the_same_decisions(tmp_path):
    text = sample_decisions_path().read_text(encoding="utf-8").replace("\r\n", "\n")
    text += 'REPM-2026-007,No,"Two lines:\nceiling exceeded"\n'
    (tmp_path / "lf.csv").write_bytes(text.encode("utf-8"))
    (tmp_path / "crlf.csv").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    lf, lf_problems, _ = read_decisions(tmp_path / "lf.csv")
    crlf, crlf_problems, _ = read_decisions(tmp_path / "crlf.csv")
    assert lf_problems == crlf_problems == []
    assert [(d.bid_ref, d.qualified, d.remarks) for d in crlf] == [(d.bid_ref, d.qualified, d.remarks) for d in lf]
    assert len(crlf) == 7 and "\r" not in "".join(d.remarks for d in crlf)
    assert crlf[-1].remarks == "Two lines: ceiling exceeded"  # a line break inside a remark reads as a space


def test_folders_with_spaces_and_devanagari_names_for_bids_and_a_saved_evaluation(tmp_path):
    folder = tmp_path / "बोली फ़ाइलें 2026" / "पहला दौर"
    folder.mkdir(parents=True)
    for p in sample_paths():
        shutil.copy(p, folder / p.name.replace("Kaveri", "कावेरी"))
    intake = read_inputs([folder])
    assert len(intake.bids) == 10
    assert any("कावेरी" in f.path for f in intake.inputs)
    saved = folder / "मूल्यांकन समिति.repm"
    store = Store.create(saved, "सदस्य एक", {"note": "पहला"})
    store.close()
    again = Store.open(saved, "सदस्य दो")
    try:
        assert again.path == saved
    finally:
        again.close()


POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix"}
POSIX_CALLS = {"fork", "getuid", "geteuid", "getgid", "chown", "lchown", "killpg", "setsid", "mkfifo", "sync"}
POSIX_SIGNALS = {"SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE"}


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside `try: ... except ImportError/AttributeError` or under an `if` that asks which system this is."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Try):
            caught = {
                n.id for h in node.handlers if h.type is not None for n in ast.walk(h.type) if isinstance(n, ast.Name)
            }
            if caught & {"ImportError", "ModuleNotFoundError", "AttributeError"}:
                return True
        if isinstance(node, ast.If) and re.search(r"os\.name|sys\.platform|hasattr", ast.unparse(node.test)):
            return True
    return False


def _posix_only(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import):
        names = [a.name.split(".")[0] for a in node.names]
        return next((f"import {n}" for n in names if n in POSIX_MODULES), None)
    if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_MODULES:
        return f"from {node.module} import ..."
    posix = {("os", c) for c in POSIX_CALLS} | {("signal", g) for g in POSIX_SIGNALS}
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (node.value.id, node.attr) in posix:
        return f"{node.value.id}.{node.attr}"
    return None


def test_the_package_makes_no_posix_only_call_without_a_windows_branch():
    """fcntl locks, user ids, POSIX signals and resource limits do not exist on Windows: code that uses them must
    catch their absence or ask which system it runs on first."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        for node in ast.walk(tree):
            what = _posix_only(node)
            if what and not _guarded(node, parents):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}: {what}")
    assert found == []


def test_the_check_above_sees_an_unguarded_call():
    tree = ast.parse("import fcntl\ntry:\n    import resource\nexcept ImportError:\n    pass\nos.fork()\n")
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    seen = [w for n in ast.walk(tree) if (w := _posix_only(n)) and not _guarded(n, parents)]
    assert sorted(seen) == ["import fcntl", "os.fork"]


def test_every_final_move_goes_through_replace_file():
    """A bare os.replace elsewhere would fail at once on Windows while a scanner or Excel holds the target."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "replace.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bos\.(replace|rename)\(|shutil\.move\(", line)
    ]
    assert found == []
