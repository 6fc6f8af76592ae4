"""Acceptance checks of the command line (contract section 4) found while testing the tool from outside."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import stat
import subprocess
import sys

import pytest

from repm_bids.cli.main import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path, capsys):
    assert run(capsys, "demo", str(tmp_path / "demo"))[0] == 0
    return tmp_path / "demo"


def test_inputs_that_hold_no_readable_bid_file_exit_2(tmp_path, demo, capsys):
    # a file named .xlsx that holds text, and a folder whose only spreadsheet is the committee decisions file
    garbage = tmp_path / "bids.xlsx"
    garbage.write_text("not a workbook")
    only_decisions = tmp_path / "only decisions"
    only_decisions.mkdir()
    (only_decisions / "decisions.csv").write_bytes((demo / "decisions.csv").read_bytes())
    for inputs in ([str(garbage)], [str(only_decisions)]):
        out_xlsx = tmp_path / "award.xlsx"
        code, out, err = run(capsys, "evaluate", *inputs, "--out", str(out_xlsx))
        assert code == 2, (inputs, out, err)
        assert "no readable input" in err and "Traceback" not in err
        assert not out_xlsx.exists()
        code, out, err = run(capsys, "check", *inputs)
        assert code == 2 and "no readable input" in err


def test_a_readable_file_beside_an_unreadable_one_still_evaluates(tmp_path, demo, capsys):
    garbage = tmp_path / "bids.xlsx"
    garbage.write_text("not a workbook")
    code, out, err = run(capsys, "evaluate", str(garbage), str(demo / "technical"), "--json", "-")
    assert code == 0, err
    assert json.loads(out)["summary"]["bids_received"] == 10


def test_the_next_step_printed_by_demo_evaluates_the_sample(tmp_path, capsys):
    code, out, _ = run(capsys, "demo", str(tmp_path / "demo"))
    assert code == 0
    technical = next(x for x in out.splitlines() if x.startswith("Next, the technical stage:"))
    both = next(x for x in out.splitlines() if x.startswith("Both stages in one sitting:"))
    for line, seen in ((technical, "Technical stage"), (both, "Awarded 5,400 of 6,000 MTPA to 5 beneficiaries")):
        args = shlex.split(line.partition(":")[2])[1:]  # drop the program name
        args = [str(tmp_path / a) if a == "award.xlsx" else a for a in args]
        code, out, err = run(capsys, *args)
        assert code == 0, err
        assert "Bids received 10:" in out and seen in out


@pytest.mark.parametrize(
    ("content", "needle"), [(None, "no such file"), (b"\xff\xfe[scheme]", "not UTF-8"), (b"[scheme\n", "TOML")]
)
def test_a_scheme_file_error_names_the_file(tmp_path, demo, capsys, content, needle):
    scheme = tmp_path / "my-scheme.toml"
    if content is not None:
        scheme.write_bytes(content)
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), "--scheme", str(scheme))
    assert code == 2
    problem = next(line for line in err.splitlines() if needle in line)
    assert "my-scheme.toml" in problem


def test_verify_of_a_file_that_is_no_workbook_says_why(tmp_path, demo, capsys):
    saved = tmp_path / "e.repm"
    assert run(capsys, "evaluate", str(demo / "technical"), "--save", str(saved))[0] == 0
    not_a_book = tmp_path / "award.xlsx"
    not_a_book.write_text("text, not a workbook")
    code, _, err = run(capsys, "verify", str(not_a_book), str(saved))
    assert code == 2
    assert "not an Excel workbook" in err
    assert "UnreadableAward" not in err and "Traceback" not in err


def test_the_decisions_file_is_an_input_that_gives_no_bids(demo, capsys):
    code, out, err = run(
        capsys, "evaluate", str(demo / "technical"), "--decisions", str(demo / "decisions.csv"), "--json", "-"
    )
    assert code == 0, err
    result = json.loads(out)
    decisions = [i for i in result["inputs"] if i["path"].endswith("decisions.csv")]
    assert len(decisions) == 1 and len(decisions[0]["sha256"]) == 64
    assert decisions[0]["bids"] == 0  # contract 5: the bids read from the file; it holds decisions, not bids
    assert sum(i["bids"] for i in result["inputs"]) == result["summary"]["bids_received"] == 10


@pytest.mark.parametrize("option", ["--json", "--out"])
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_alone(demo, tmp_path, capsys, option):
    # a named pipe stands for any special file (/dev/null, /dev/stdout, a device): the whole-or-nothing write must
    # not replace it with a regular file (as root that would replace the device node itself)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "evaluate", str(demo / "technical"), option, str(fifo))
    assert code == 1
    assert "not a regular file" in err and "Traceback" not in err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "out.fifo"]  # no temporary file left


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero, an endless file")
def test_an_endless_scheme_file_is_refused_not_read_forever(demo):
    # /dev/zero reports a size of 0 and never ends: the 1 MB limit must hold for what is read, not what stat says
    proc = subprocess.run(
        [sys.executable, "-m", "repm_bids", "evaluate", str(demo / "technical"), "--scheme", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    # a device is refused before a byte is read (and a regular file past the limit as larger than 1 MB)
    assert "it is a device, not a file" in proc.stderr and "Traceback" not in proc.stderr


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("option", "target"),
    [
        ("--out", "technical/REPM-2026-001 Bharat.xlsx"),  # a bid file read from the folder given
        ("--json", "technical/REPM-2026-002 Deccan.xlsx"),
        ("--out", "decisions.csv"),
        ("--json", "scheme.toml"),
    ],
)
def test_an_output_is_never_written_over_an_input(demo, capsys, option, target):
    victim = demo / target
    before = _sha(victim)
    code, _, err = run(
        capsys,
        "evaluate",
        str(demo / "technical"),
        "--scheme",
        str(demo / "scheme.toml"),
        "--decisions",
        str(demo / "decisions.csv"),
        option,
        str(victim),
    )
    assert code == 2
    assert "is one of the inputs" in err and "Traceback" not in err
    assert _sha(victim) == before


def test_an_output_is_never_written_over_the_saved_evaluation_it_comes_from(demo, tmp_path, capsys):
    saved = tmp_path / "e.repm"
    assert run(capsys, "evaluate", str(demo / "technical"), "--save", str(saved))[0] == 0
    before = _sha(saved)
    code, _, err = run(capsys, "evaluate", str(saved), "--out", str(saved))
    assert code == 2 and "is the saved evaluation" in err
    assert _sha(saved) == before
    assert run(capsys, "log", str(saved))[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", ""],  # would read the current folder
        ["check", ""],
        ["evaluate", "{bids}", "--out", ""],  # would silently write no workbook and exit 0
        ["evaluate", "{bids}", "--json", ""],
        ["evaluate", "{bids}", "--save", ""],
        ["evaluate", "{bids}", "--scheme", ""],
        ["evaluate", "{bids}", "--decisions", ""],
    ],
)
def test_an_empty_file_name_is_a_usage_error(demo, tmp_path, capsys, monkeypatch, args):
    monkeypatch.chdir(tmp_path)  # the current folder holds the sample: an empty name must not stand for it
    args = [a.format(bids=demo / "technical") for a in args]
    code, out, err = run(capsys, *args)
    assert code == 2, out + err
    assert "empty" in err and "Traceback" not in err
