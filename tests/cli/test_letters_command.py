"""`repm-bids letters`: from bid files or a saved evaluation, through the same evaluation as `evaluate`."""

from __future__ import annotations

import json

import docx
import pytest

from .cli_run import run


def test_letters_from_the_bids_carry_the_digest_of_the_json(one_cover, tmp_path, capsys):
    js = tmp_path / "r.json"
    assert (
        run(capsys, "evaluate", str(one_cover / "bids"), "--scheme", str(one_cover / "scheme.toml"), "--json", str(js))[
            0
        ]
        == 0
    )
    folder = tmp_path / "letters"
    code, out, err = run(
        capsys, "letters", str(one_cover / "bids"), "--scheme", str(one_cover / "scheme.toml"), str(folder)
    )
    assert code == 0, err
    assert "5 letter(s) of award written" in out
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"letter-of-award-REPM-2026-00{i}.docx" for i in range(1, 6)]
    awarded = [b for b in json.loads(js.read_text())["bids"] if b["awarded"]]
    assert [f"letter-of-award-{b['bid_ref']}.docx" for b in awarded] == names
    text = "\n".join(p.text for p in docx.Document(str(folder / names[0])).paragraphs)
    from repm_bids.services.evaluation import load_scheme_or_default, run_evaluation

    ev = run_evaluation([one_cover / "bids"], scheme=load_scheme_or_default(one_cover / "scheme.toml")).evaluation
    from repm_bids.domain.report import result_sha256

    assert result_sha256(ev) in text

    scheme = str(one_cover / "scheme.toml")
    code, _, err = run(capsys, "letters", str(one_cover / "bids"), "--scheme", scheme, str(folder))
    assert code == 2 and "exist already" in err and "--force" in err
    assert run(capsys, "letters", str(one_cover / "bids"), "--scheme", scheme, str(folder), "--force")[0] == 0


def test_letters_from_a_saved_evaluation(one_cover, tmp_path, capsys):
    repm = tmp_path / "e.repm"
    code, _, err = run(
        capsys,
        "evaluate",
        str(one_cover / "bids"),
        "--scheme",
        str(one_cover / "scheme.toml"),
        "--decisions",
        str(one_cover / "decisions.csv"),
        "--save",
        str(repm),
    )
    assert code == 0, err
    code, out, err = run(capsys, "letters", str(repm), str(tmp_path / "l"))
    assert code == 0, err
    # with the committee's decisions 005 is not qualified and 006 takes its place
    assert "letter-of-award-REPM-2026-006.docx" in out and "REPM-2026-005" not in out


@pytest.mark.parametrize(
    "extra",
    [("--scheme", "x.toml"), ("--decisions", "d.csv")],
)
def test_a_saved_evaluation_takes_no_scheme_or_decisions(demo, tmp_path, capsys, extra):
    repm = tmp_path / "e.repm"
    assert run(capsys, "evaluate", str(demo / "technical"), "--save", str(repm))[0] == 0
    code, _, err = run(capsys, "letters", str(repm), str(tmp_path / "l"), *extra)
    assert code == 2 and "do not apply to a saved evaluation" in err


def test_usage_errors_exit_2_without_a_traceback(demo, tmp_path, capsys):
    code, _, err = run(capsys, "letters", str(tmp_path / "missing"), str(tmp_path / "l"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = run(capsys, "letters", str(demo / "technical"), "")
    assert code == 2 and "empty file name" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('[tender]\ntime_zone = "Mars/Olympus"\n')
    code, _, err = run(capsys, "letters", str(demo / "technical"), "--scheme", str(bad), str(tmp_path / "l"))
    assert code == 2 and "tender.time_zone" in err
    assert not (tmp_path / "l").exists()


def test_a_folder_that_cannot_be_made_exits_1(demo, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "letters", str(demo / "technical"), str(tmp_path / "file" / "sub"))
    assert code == 1 and "cannot be made" in err


def test_letters_and_evaluate_take_the_inputs_scheme_and_decisions_declared_once():
    import argparse

    from repm_bids.cli.main import _parser

    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))

    def declared(command: str) -> dict[str, tuple[object, ...]]:
        actions = subparsers.choices[command]._actions
        return {a.dest: (a.option_strings, a.nargs, a.metavar, a.help) for a in actions if a.dest in SHARED}

    SHARED = {"inputs", "scheme", "decisions"}
    assert declared("letters") == declared("evaluate") and set(declared("letters")) == SHARED
