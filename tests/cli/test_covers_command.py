"""Two covers from the command line: the technical stage shows no price; `--prices` opens the financial covers of
the qualified bids only, in one sitting; a cover that does not fit refuses the whole opening (exit 2)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import repm_bids.services.covers as covers_service
from tests.cli.test_commands import run, write_table
from tests.factories import bid_values

ROWS = [
    bid_values("T-1", quoted_incentive=None),
    bid_values("T-2", quoted_incentive=None, capacity=300.0),  # below the least capacity: not qualified
    bid_values("T-3", quoted_incentive=None),
]


@pytest.fixture
def two(tmp_path: Path) -> Path:
    write_table(tmp_path / "technical.csv", ROWS, csv_file=True)
    (tmp_path / "scheme.toml").write_text("[process]\ncovers = 2\n", encoding="utf-8")
    fin = tmp_path / "financial"
    fin.mkdir()
    (fin / "T-1 financial.csv").write_text("Bid reference,Quoted incentive (INR per kg)\nT-1,1888\n", encoding="utf-8")
    (fin / "T-3 financial.csv").write_text("Bid reference,Quoted incentive (INR per kg)\nT-3,1777\n", encoding="utf-8")
    (fin / "T-2 financial.xlsx").write_bytes(b"PK\x03\x04 not a workbook at all \xff\xfe" * 100)  # hostile
    return tmp_path


def test_the_technical_stage_shows_no_price_anywhere(two: Path, capsys) -> None:
    rows = [dict(r, quoted_incentive=1555.0) if r["bid_ref"] == "T-1" else r for r in ROWS]
    write_table(two / "technical.csv", rows, csv_file=True)
    out_json, workbook = two / "result.json", two / "technical.xlsx"
    code, out, err = run(
        capsys,
        "evaluate",
        str(two / "technical.csv"),
        "--scheme",
        str(two / "scheme.toml"),
        "--json",
        str(out_json),
        "--out",
        str(workbook),
    )
    assert code == 0, err
    assert "Technical stage" in out
    result = json.loads(out_json.read_text(encoding="utf-8"))
    assert result["stage"] == "technical"
    statuses = {b["bid_ref"]: b["status"] for b in result["bids"]}
    assert statuses == {"T-1": "non_responsive", "T-2": "non_responsive", "T-3": "qualified"}  # T-1: sealed_price
    with zipfile.ZipFile(workbook) as z:
        sheets = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    for text in (out, err, out_json.read_text(encoding="utf-8"), sheets):
        assert "1555" not in text and "1,555" not in text


def test_prices_in_one_sitting_open_only_the_qualified_covers(two: Path, capsys, monkeypatch) -> None:
    opened: list[list[str]] = []
    real = covers_service.import_files

    def spy(paths, **kw):  # type: ignore[no-untyped-def]
        opened.append([Path(p).name for p in paths])
        return real(paths, **kw)

    monkeypatch.setattr(covers_service, "import_files", spy)
    code, out, err = run(
        capsys,
        "evaluate",
        str(two / "technical.csv"),
        "--scheme",
        str(two / "scheme.toml"),
        "--prices",
        str(two / "financial"),
        "--json",
        "-",
    )
    assert code == 0, err
    assert opened == [["T-1 financial.csv", "T-3 financial.csv"]]  # the hostile cover of T-2 is never parsed
    result = json.loads(out)
    assert result["stage"] == "prices_opened" and result["single_sitting"] is True
    assert [u["bid_ref"] for u in result["unopened"]] == ["T-2"]
    assert len(result["unopened"][0]["sha256"]) == 64
    by_ref = {b["bid_ref"]: b for b in result["bids"]}
    assert by_ref["T-3"]["quoted_incentive"] == 1777 and by_ref["T-3"]["rank"] == 1
    assert by_ref["T-1"]["quoted_incentive"] == 1888 and by_ref["T-1"]["rank"] == 2
    code, out, err = run(
        capsys,
        "evaluate",
        str(two / "technical.csv"),
        "--scheme",
        str(two / "scheme.toml"),
        "--prices",
        str(two / "financial"),
    )
    assert code == 0 and "single sitting" in out and "Returned unopened: T-2" in out


@pytest.mark.parametrize(
    ("name", "body", "said"),
    [
        ("T-9 financial.csv", "T-9,1500", "is for bid T-9, which is not among the technical covers"),
        ("statement.csv", "T-1,1500", "is a second cover for bid T-1"),
    ],
)
def test_a_cover_that_does_not_fit_opens_nothing(two: Path, capsys, name: str, body: str, said: str) -> None:
    (two / "financial" / name).write_text(f"Bid reference,Quoted incentive (INR per kg)\n{body}\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "evaluate",
        str(two / "technical.csv"),
        "--scheme",
        str(two / "scheme.toml"),
        "--prices",
        str(two / "financial"),
    )
    assert code == 2 and said in err and name in err and "Traceback" not in err
    assert "1888" not in out + err  # nothing opened is shown


def test_a_qualified_bid_without_a_cover_opens_nothing(two: Path, capsys) -> None:
    (two / "financial" / "T-3 financial.csv").unlink()
    code, out, err = run(
        capsys,
        "evaluate",
        str(two / "technical.csv"),
        "--scheme",
        str(two / "scheme.toml"),
        "--prices",
        str(two / "financial"),
    )
    assert code == 2 and "No financial cover was given for bid T-3" in err


def test_prices_under_one_cover_is_refused(two: Path, capsys) -> None:
    (two / "one.toml").write_text("[process]\ncovers = 1\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "evaluate",
        str(two / "technical.csv"),
        "--scheme",
        str(two / "one.toml"),
        "--prices",
        str(two / "financial"),
    )
    assert code == 2 and "two covers" in err


def test_two_covers_are_the_default(two: Path, capsys) -> None:
    code, out, err = run(
        capsys, "evaluate", str(two / "technical.csv"), "--prices", str(two / "financial"), "--json", "-"
    )
    assert code == 0, err
    assert json.loads(out)["stage"] == "prices_opened"


def test_the_sample_in_two_covers_gives_the_single_pass_awards(tmp_path: Path, capsys) -> None:
    from repm_bids.services.samples import sample_bid_dir, sample_price_dir
    from tests.one_cover import write_one_cover_sample

    one_cover = write_one_cover_sample(tmp_path / "one")
    code, one, err = run(
        capsys, "evaluate", str(one_cover / "bids"), "--scheme", str(one_cover / "scheme.toml"), "--json", "-"
    )
    assert code == 0, err
    code, two, err = run(
        capsys, "evaluate", str(sample_bid_dir()), "--prices", str(sample_price_dir()), "--json", "-", "--quiet"
    )
    assert code == 0, err
    single, covers = json.loads(one), json.loads(two)

    def awards(result: dict) -> list[tuple]:
        return [(b["bid_ref"], b["status"], b["awarded"], b["quoted_incentive"]) for b in result["bids"] if b["rank"]]

    assert awards(covers) == awards(single)
    assert [u["bid_ref"] for u in covers["unopened"]] == ["REPM-2026-008", "REPM-2026-009", "REPM-2026-010"]
