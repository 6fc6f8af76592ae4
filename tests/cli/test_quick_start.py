"""Running the README's quick start again works: `demo DIR` leaves an unchanged sample as it is, and still refuses
to replace a file that holds something else."""

from __future__ import annotations

from repm_bids.cli.main import main


def test_demo_twice(tmp_path, capsys):
    target = str(tmp_path / "demo")
    assert main(["demo", target]) == 0
    assert main(["demo", target]) == 0
    assert "already, unchanged" in capsys.readouterr().out
    (tmp_path / "demo" / "decisions.csv").write_text("mine\n", encoding="utf-8")
    assert main(["demo", target]) == 2
    assert "decisions.csv exists already" in capsys.readouterr().err
    assert (tmp_path / "demo" / "decisions.csv").read_text(encoding="utf-8") == "mine\n"
