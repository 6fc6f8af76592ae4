"""The command line evaluates through the evaluation session, as the application does: each input file is read
once, evaluated once, and `--save` changes nothing in the result."""

from __future__ import annotations

import builtins
import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from repm_bids.services import session as session_module
from repm_bids.services.evaluation import run_evaluation
from repm_bids.services.session import EvaluationSession

from .cli_run import run


def _inputs(d: Path) -> list[Path]:
    return [*sorted((d / "technical").iterdir()), d / "decisions.csv", d / "scheme.toml"]


def _evaluate(capsys, d: Path, out: Path, *more: str) -> dict[str, Any]:
    code, _, err = run(
        capsys, "evaluate", str(d / "technical"), "--scheme", str(d / "scheme.toml"),
        "--decisions", str(d / "decisions.csv"), "--json", str(out), *more,
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


def test_evaluate_with_and_without_save_gives_the_same_json(demo: Path, tmp_path: Path, capsys) -> None:
    plain = _evaluate(capsys, demo, tmp_path / "plain.json")
    saved = _evaluate(capsys, demo, tmp_path / "saved.json", "--save", str(tmp_path / "e.repm"))
    assert plain == saved
    bid_files = len(list((demo / "technical").iterdir()))
    assert len(plain["inputs"]) == bid_files + 1  # the bid files and the decisions file, both ways
    assert plain["inputs"][-1]["path"].endswith("decisions.csv") and plain["inputs"][-1]["bids"] == 0


def test_the_saved_evaluation_gives_the_same_json_again(demo: Path, tmp_path: Path, capsys) -> None:
    repm = tmp_path / "e.repm"
    saved = _evaluate(capsys, demo, tmp_path / "saved.json", "--save", str(repm))
    code, _, err = run(capsys, "evaluate", str(repm), "--json", str(tmp_path / "again.json"))
    assert code == 0, err
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == saved


def test_each_input_is_read_once_and_evaluated_once(demo: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """Every way a file can be opened is counted: the reader's os.open, open() and Path.read_bytes."""
    inputs = {str(p.resolve()) for p in _inputs(demo)}
    opened: Counter[str] = Counter()

    def counted(real: Any) -> Any:
        def opener(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | os.PathLike):
                name = str(Path(file).resolve())
                if name in inputs:
                    opened[name] += 1
            return real(file, *args, **kwargs)

        return opener

    monkeypatch.setattr(os, "open", counted(os.open))
    monkeypatch.setattr(builtins, "open", counted(builtins.open))
    monkeypatch.setattr(io, "open", counted(io.open))
    evaluations = Counter[str]()
    real_evaluate = session_module.evaluate

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        evaluations["evaluate"] += 1
        return real_evaluate(*args, **kwargs)

    monkeypatch.setattr(session_module, "evaluate", evaluate)
    _evaluate(capsys, demo, tmp_path / "r.json", "--save", str(tmp_path / "e.repm"), "--out", str(tmp_path / "a.xlsx"))
    assert set(opened) == inputs
    assert set(opened.values()) == {1}, opened
    assert evaluations["evaluate"] == 1


def test_a_run_is_an_evaluation_session(demo: Path) -> None:
    """The command line's run is the application's session: same parts, same bytes, same result."""
    from repm_bids.io.scheme_file import load_scheme

    scheme = load_scheme(demo / "scheme.toml")
    run_ = run_evaluation([demo / "technical"], scheme=scheme, decisions_path=demo / "decisions.csv")
    assert isinstance(run_.session, EvaluationSession)
    assert run_.evaluation is run_.session.evaluation()
    assert all(p.data is not None and len(p.data) == p.input.size for p in run_.session.stored_parts)
    app = EvaluationSession(scheme=scheme)
    app.import_paths([demo / "technical"])
    app.import_decisions(demo / "decisions.csv")
    from repm_bids.domain.report import result_dict

    assert result_dict(app.evaluation()) == result_dict(run_.evaluation)
