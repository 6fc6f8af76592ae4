"""Every value shown as read: `check --values` in the terminal, `fields` in the JSON result and the award workbook's
sheet of bids as read carry the same readings."""

from __future__ import annotations

import json

import openpyxl

from repm_bids.domain.fields import FIELDS

from .cli_run import run


def test_check_values_shows_every_field_of_every_bid(tmp_path, capsys):
    assert run(capsys, "demo", str(tmp_path / "demo"))[0] == 0
    code, out, _ = run(capsys, "check", "--values", str(tmp_path / "demo" / "technical"))
    assert code == 0
    blocks = [b for b in out.split("\n\n") if b.startswith("REPM-2026-") and "As written" in b]
    assert len(blocks) == 10
    for block in blocks:
        for spec in FIELDS:
            assert spec.label in block
    assert "read 'INR 520 crore' as 520" in out
    assert "percent cell 0.62 read as 62%" in out


def test_json_and_workbook_carry_the_readings(tmp_path, capsys):
    bids = tmp_path / "bids"
    bids.mkdir()
    (bids / "table.csv").write_text(
        "Bid reference,Bidder name,Bidder type,Country of incorporation,Registration number,Capacity offered (MTPA),"
        "Net worth (INR crore),Proposed investment (INR crore),Oxide to metal,Metal to alloy,Alloy to magnet,"
        "Commissioning (months from award),Detailed Project Report submitted,Bid security (INR crore),"
        "Submitted at,Quoted incentive (INR per kg)\n"
        "R-1,Konark Ltd,Company,India,U1,1000 MTPA.,Rs. 375 Cr.,50 lakh,Yes,Yes,Yes,18,Yes,5,30-Jun-2026 14:05,"
        '"Rs. 1,890/- per kg"\n',
        encoding="utf-8",
    )
    out_json, out_xlsx = tmp_path / "r.json", tmp_path / "a.xlsx"
    one_cover = tmp_path / "one-cover.toml"  # a table with the quote: one cover, the single pass
    one_cover.write_text("[process]\ncovers = 1\n", encoding="utf-8")
    code, _, _ = run(
        capsys, "evaluate", str(bids), "--scheme", str(one_cover), "--json", str(out_json), "--out", str(out_xlsx)
    )
    assert code == 0
    (bid,) = json.loads(out_json.read_text(encoding="utf-8"))["bids"]
    fields = bid["fields"]
    assert set(fields) == {f.key for f in FIELDS}
    quote = fields["quoted_incentive"]
    assert quote["text"] == "Rs. 1,890/- per kg" and quote["value"] == 1890 and quote["declared"] == 1890
    assert quote["verified"] is None and "as 1890" in quote["note"] and quote["line"] == 2
    assert fields["investment_cr"]["value"] == 0.5 and "100 lakh = 1 crore" in fields["investment_cr"]["note"]
    assert fields["submitted_at"]["value"] == "2026-06-30 14:05:00"
    assert fields["group"]["text"] is None and fields["group"]["note"] is None

    ws = openpyxl.load_workbook(out_xlsx)["Bids as read"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    at = next(i for i, r in enumerate(rows) if r[0] == "Bid reference")
    assert rows[at][:8] == [
        "Bid reference",
        "Bidder",
        "Field",
        "Cell or line",
        "As written",
        "Read as",
        "How it was read",
        "Verified by the committee",
    ]
    by_field = {r[2]: r for r in rows[at + 1 :] if r[0] == "R-1"}
    quote = by_field["Quoted incentive (INR per kg)"]
    assert quote[3:6] == ["line 2", "Rs. 1,890/- per kg", "₹1,890/kg"] and "as 1890" in quote[6]
    assert by_field["Proposed investment (INR crore)"][5] == "₹0.5 crore"
    assert by_field["Capacity offered (MTPA)"][5] == "1,000 MTPA"
    assert "Commissioning (months from award)" not in by_field  # '18' was taken as written: not repeated


def test_the_evaluation_summary_lists_every_reading_with_a_note(tmp_path, capsys):
    assert run(capsys, "demo", str(tmp_path / "demo"))[0] == 0
    code, out, _ = run(capsys, "evaluate", str(tmp_path / "demo" / "technical"))
    assert code == 0
    assert "Readings with a note" in out
    assert "REPM-2026-002: Capacity offered (MTPA) (Bid Form!B14): read '1,000 MTPA' as 1000" in out
