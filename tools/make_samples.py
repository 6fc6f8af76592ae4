"""Make the bundled sample evaluation in resources/: ten bids in two sealed covers each (samples/technical/, the Bid
Form without the price; samples/financial/, the Financial Bid sheet alone), the portal's receipt register, a committee
decisions file, the blank form and the default scheme. Run it after changing the bid form:
`python tools/make_samples.py`.

The bids are invented but realistic: varied capacities and quotes, a tie on quote broken by capacity, three
non-responsive bids for different reasons, one invalid form (a word where a number belongs), and a waiting list.
Some cells are typed the way bidders do ("1,200 MTPA", "INR 520 crore", "62%") to show normalisation.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repm_bids.domain.fields import Cover, field_for_label  # noqa: E402
from repm_bids.io.atomic import write_bytes_atomic  # noqa: E402
from repm_bids.io.scheme_file import write_scheme  # noqa: E402
from repm_bids.io.template import template_workbook, write_template  # noqa: E402

FIXED_TIME = datetime(2026, 6, 29, 18, 0)

COMMON = {
    "bidder_type": "Company",
    "country": "India",
    "group": None,
    "lead_equity_pct": None,
    "stage_oxide_metal": "Yes",
    "stage_metal_alloy": "Yes",
    "stage_alloy_magnet": "Yes",
    "dpr_submitted": "Yes",
}

BIDS: list[dict[str, object]] = [
    {
        "bid_ref": "REPM-2026-001",
        "bidder_name": "Bharat Magnetics Ltd",
        "registration_no": "L27100OR2011PLC013842",
        "capacity": 1200,
        "net_worth_cr": "INR 520 crore",
        "investment_cr": 780,
        "plant_state": "Odisha",
        "commissioning_months": 20,
        "bid_security_cr": 12,
        "dva_pct": 0.62,
        "submitted_at": datetime(2026, 6, 29, 9, 42),
        "quoted_incentive": 1640,
    },
    {
        "bid_ref": "REPM-2026-002",
        "bidder_name": "Deccan Rare Earths Pvt Ltd",
        "registration_no": "U24100TG2015PTC098731",
        "capacity": "1,000 MTPA",
        "net_worth_cr": 410,
        "investment_cr": 560,
        "plant_state": "Telangana",
        "commissioning_months": 22,
        "bid_security_cr": 10,
        "dva_pct": "58%",
        "submitted_at": "29/06/2026 11:05",
        "quoted_incentive": "Rs. 1,725/kg",
    },
    {
        "bid_ref": "REPM-2026-003",
        "bidder_name": "Sahyadri Magnet Works Ltd",
        "registration_no": "L31909MH2008PLC184211",
        "capacity": 800,
        "net_worth_cr": 298,
        "investment_cr": 450,
        "plant_state": "Maharashtra",
        "commissioning_months": 18,
        "bid_security_cr": 8,
        "dva_pct": 0.55,
        "submitted_at": datetime(2026, 6, 29, 10, 15),
        "quoted_incentive": 1725,
    },
    {
        "bid_ref": "REPM-2026-004",
        "bidder_name": "Coromandel NdFeB Consortium",
        "bidder_type": "Consortium",
        "registration_no": "U27209TN2025PTC171154",
        "lead_equity_pct": "56%",
        "capacity": 1200,
        "net_worth_cr": 640,
        "investment_cr": 905,
        "plant_state": "Tamil Nadu",
        "commissioning_months": 24,
        "bid_security_cr": 12,
        "dva_pct": 0.48,
        "submitted_at": datetime(2026, 6, 29, 12, 30),
        "quoted_incentive": 1810,
    },
    {
        "bid_ref": "REPM-2026-005",
        "bidder_name": "Vindhya Advanced Materials Ltd",
        "registration_no": "L24299MP1996PLC010554",
        "group": "Vindhya Industries Ltd",
        "capacity": 1200,
        "net_worth_cr": 1150,
        "investment_cr": 700,
        "plant_state": "Madhya Pradesh",
        "commissioning_months": 21,
        "bid_security_cr": 12,
        "dva_pct": 0.51,
        "submitted_at": datetime(2026, 6, 29, 13, 48),
        "quoted_incentive": 1880,
    },
    {
        "bid_ref": "REPM-2026-006",
        "bidder_name": "Narmada Magnetech Ltd",
        "registration_no": "L29100GJ2002PLC040187",
        "capacity": 1100,
        "net_worth_cr": 388,
        "investment_cr": 600,
        "plant_state": "Gujarat",
        "commissioning_months": 19,
        "bid_security_cr": 11,
        "dva_pct": 0.6,
        "submitted_at": datetime(2026, 6, 29, 14, 2),
        "quoted_incentive": 1950,
    },
    {
        "bid_ref": "REPM-2026-007",
        "bidder_name": "Konkan Magnetics Pvt Ltd",
        "registration_no": "U27100GA2019PTC013320",
        "capacity": 1200,
        "net_worth_cr": 455,
        "investment_cr": 720,
        "plant_state": "Goa",
        "commissioning_months": 23,
        "bid_security_cr": 12,
        "dva_pct": 0.5,
        "submitted_at": datetime(2026, 6, 29, 14, 40),
        "quoted_incentive": "₹ 2,240",  # above the INR 2,150/kg ceiling
    },
    {
        "bid_ref": "REPM-2026-008",
        "bidder_name": "Aravalli Permanent Magnets Ltd",
        "registration_no": "U31100RJ2017PLC058762",
        "capacity": 900,
        "net_worth_cr": 250,  # below the INR 310 crore needed for 900 MTPA
        "investment_cr": 470,
        "stage_oxide_metal": "No",  # buys metal: not integrated
        "plant_state": "Rajasthan",
        "commissioning_months": 20,
        "bid_security_cr": 9,
        "dva_pct": 0.41,
        "submitted_at": datetime(2026, 6, 29, 11, 55),
        "quoted_incentive": 1590,
    },
    {
        "bid_ref": "REPM-2026-009",
        "bidder_name": "Ganga Sintered Products Ltd",
        "registration_no": "L28999UP1999PLC024633",
        "capacity": "1,400 MTPA",  # above the 1,200 MTPA cap
        "net_worth_cr": 700,
        "investment_cr": 900,
        "plant_state": "Uttar Pradesh",
        "commissioning_months": 22,
        "bid_security_cr": 14,
        "dva_pct": 0.57,
        "submitted_at": datetime(2026, 6, 29, 10, 58),
        "quoted_incentive": 1700,
    },
    {
        "bid_ref": "REPM-2026-010",
        "bidder_name": "Kaveri Rare Earth Alloys Ltd",
        "registration_no": "U24299KA2020PLC139012",
        "capacity": 800,
        "net_worth_cr": 330,
        "investment_cr": 420,
        "plant_state": "Karnataka",
        "commissioning_months": "eighteen months",  # a word where a number belongs: the form is invalid
        "bid_security_cr": 8,
        "dva_pct": 0.53,
        "submitted_at": datetime(2026, 6, 29, 15, 20),
        "quoted_incentive": 1760,
    },
]

# The portal's bid-opening summary: when each bid was received (IST), to the second. The bidders' own typed
# "Submitted at" is not trusted for ties; these are.
RECEIPTS = {
    "REPM-2026-001": "2026-06-29 09:43:17",
    "REPM-2026-002": "2026-06-29 11:06:52",
    "REPM-2026-003": "2026-06-29 10:16:08",
    "REPM-2026-004": "2026-06-29 12:31:40",
    "REPM-2026-005": "2026-06-29 13:49:05",
    "REPM-2026-006": "2026-06-29 14:03:29",
    "REPM-2026-007": "2026-06-29 14:41:13",
    "REPM-2026-008": "2026-06-29 11:56:47",
    "REPM-2026-009": "2026-06-29 10:59:21",
    "REPM-2026-010": "2026-06-29 15:21:56",
}

DECISIONS = [
    ("REPM-2026-001", "Yes", "DPR and site documents in order"),
    ("REPM-2026-002", "Yes", ""),
    ("REPM-2026-003", "Yes", ""),
    ("REPM-2026-004", "Yes", "Consortium agreement verified"),
    ("REPM-2026-005", "No", "DPR shows no sintering line layout; alloy-to-magnet stage not established"),
    ("REPM-2026-006", "Yes", ""),
]


def filled_form(values: dict[str, object], keep: str | None = None) -> bytes:
    """The bid form filled in; with `keep`, only that sheet (one sealed cover)."""
    wb = template_workbook()
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_col=1, max_col=2):
            spec = field_for_label(row[0].value)
            if spec is None or spec.key not in values or values[spec.key] is None:
                continue
            value = values[spec.key]
            cell = row[1]
            cell.value = value
            if isinstance(value, float) and spec.key.endswith("_pct"):
                cell.number_format = "0%"
            elif isinstance(value, str):
                cell.number_format = "@"
    if keep is not None:
        for name in [n for n in wb.sheetnames if n != keep]:
            del wb[name]
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = str(values["bidder_name"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[tuple[str, ...]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def main() -> None:
    res = ROOT / "resources"
    samples = res / "samples"
    for cover, sheet in (("technical", Cover.TECHNICAL.value), ("financial", Cover.FINANCIAL.value)):
        folder = samples / cover
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.xlsx"):
            old.unlink()
        for b in BIDS:
            values = {**COMMON, **b}
            name = f"{b['bid_ref']} {str(b['bidder_name']).split(' ')[0]}.xlsx"
            write_bytes_atomic(folder / name, filled_form(values, keep=sheet))
    decisions = [("Bid reference", "Technically qualified", "Remarks"), *DECISIONS]
    write_bytes_atomic(samples / "decisions.csv", csv_bytes(decisions))
    receipts = [("Bid reference", "Bidder", "Received at")]
    receipts += [(str(b["bid_ref"]), str(b["bidder_name"]), RECEIPTS[str(b["bid_ref"])]) for b in BIDS]
    write_bytes_atomic(samples / "receipts.csv", csv_bytes(receipts))
    write_scheme(res / "scheme.toml")
    write_template(res / "bid-form-template.xlsx")
    print(f"wrote {len(BIDS)} bids in two covers, receipts.csv, decisions.csv, scheme.toml and the blank form in {res}")


if __name__ == "__main__":
    main()
