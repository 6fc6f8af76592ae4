"""Evaluations for the award workbook tests: realistic bids, generated in memory and evaluated by the real engine.

(This module holds builders only; pytest collects no tests from it.)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.fields import FIELDS
from repm_bids.domain.models import Bid, FieldReading, InputFile, Location, Problem, error
from repm_bids.domain.result import Evaluation
from repm_bids.domain.scheme import Committee, CommitteeMember, Scheme
from tests.factories import bid_values

EVALUATED_AT = datetime(2026, 6, 30, 11, 30, tzinfo=UTC)
OPENED = datetime(2026, 6, 29, 10, 0)
FORM_ROWS = {spec.key: 5 + i for i, spec in enumerate(FIELDS)}  # where each field sits on the bid form

# Bidder names that a spreadsheet would take for formulas: the workbook must show them literally.
HOSTILE_NAMES = ('=HYPERLINK("http://x","y")', "+1 Rare Earths Ltd", "-2 Alloys Pvt Ltd", "@SUM(A1) Magnets")


def values(ref: str, **overrides: Any) -> dict[str, Any]:
    defaults = {
        "bidder_name": f"{ref} Magnetics Ltd",
        "registration_no": f"U27100OR2020PLC{ref}",  # one CIN is one bidder: each bid its own
        "dva_pct": 55.0,
        "submitted_at": OPENED,
    }
    v = bid_values(ref, **{**defaults, **overrides})
    assert set(v) == {f.key for f in FIELDS}
    return v


def form_bid(ref: str, errors: tuple[Problem, ...] = (), **overrides: Any) -> Bid:
    """A bid as the form reader gives it: every field with the cell it was read from."""
    path = f"/committee/bids/{ref}.xlsx"
    vals = values(ref, **overrides)
    readings = {
        k: FieldReading(k, v, None if v is None else str(v), cell=f"C{FORM_ROWS[k]}", sheet="Bid Form")
        for k, v in vals.items()
    }
    return Bid(Location(path, "Bid Form"), vals, readings, errors)


def sample_bids() -> list[Bid]:
    """Fourteen bids with every outcome: full and partial awards, a waiting list, rejections of every kind."""
    m = timedelta(minutes=1)
    bad_net_worth = error(
        "not_a_number",
        "/committee/bids/R-13.xlsx",
        {"label": "Net worth (INR crore)", "found": "three hundred"},
        sheet="Bid Form",
        cell="C13",
        field="net_worth_cr",
        bid_ref="R-13",
    )
    return [
        form_bid("R-01", quoted_incentive=1850.0, bidder_name="Kalinga Rare Earth Magnets Ltd"),
        form_bid("R-02", quoted_incentive=1900.0, capacity=700.0, net_worth_cr=250.0, bidder_name=HOSTILE_NAMES[0]),
        form_bid("R-03", quoted_incentive=1900.0, submitted_at=OPENED + 5 * m, bidder_name=HOSTILE_NAMES[1]),
        form_bid("R-04", quoted_incentive=1990.0, bidder_name=HOSTILE_NAMES[2], group="Shakti Group"),
        form_bid("R-05", quoted_incentive=2010.0, bidder_name=HOSTILE_NAMES[3]),
        form_bid("R-06", quoted_incentive=2050.0, capacity=900.0, net_worth_cr=320.0),
        form_bid("R-07", quoted_incentive=2100.0, capacity=800.0, net_worth_cr=300.0, plant_state="Gujarat"),
        form_bid("R-08", quoted_incentive=2200.0, bidder_name="Deccan Sintered Magnets Pvt Ltd"),
        form_bid("R-09", quoted_incentive=1800.0, capacity=1300.0, stage_alloy_magnet=False),
        form_bid("R-10", quoted_incentive=1950.0, capacity=650.0, bidder_name="Vindhya Alloys and Magnets Ltd"),
        form_bid("R-11", quoted_incentive=2000.0, bidder_type="Consortium", lead_equity_pct=45.0),
        form_bid("R-12", quoted_incentive=1980.0, commissioning_months=30, dpr_submitted=False),
        form_bid("R-13", errors=(bad_net_worth,), net_worth_cr=None),
        form_bid(
            "R-14", quoted_incentive=2080.0, capacity=600.0, net_worth_cr=200.0, bidder_name="Coromandel Magnetics"
        ),
    ]


def sample_scheme(**changes: Any) -> Scheme:
    committee = (
        CommitteeMember("Smt. Anita Sharma", "Joint Secretary, Ministry of Heavy Industries (Chair)"),
        CommitteeMember("Dr. R. Venkatesan", "Scientist G, Department of Atomic Energy"),
        CommitteeMember("Shri Manoj Kumar", "Director (Finance), Ministry of Heavy Industries"),
    )
    return Scheme(covers=1, total_capacity=5000, committee=Committee(committee)).with_changes(**changes)


def evaluation_of(bids: list[Bid], scheme: Scheme | None = None, when: datetime | None = EVALUATED_AT) -> Evaluation:
    inputs = [
        InputFile(b.source.path, f"{i:02x}" * 32, 20_000 + 97 * i, OPENED + timedelta(hours=24), "bids", (b.bid_ref,))
        for i, b in enumerate(bids, 1)
    ]
    return evaluate(bids, scheme or sample_scheme(), inputs=inputs, evaluated_at=when)


def sample_evaluation() -> Evaluation:
    return evaluation_of(sample_bids())


def technical_evaluation(bids: list[Bid] | None = None) -> Evaluation:
    """The technical stage of two covers: the same bids as technical covers (their prices sealed away)."""
    from repm_bids.domain.covers import seal

    return evaluation_of([seal(b) for b in (bids or sample_bids())], sample_scheme(covers=2))


def generated_bids(n: int, seed: int = 7) -> list[Bid]:
    """n varied bids (about a quarter rejected) for scale tests and the benchmark."""
    import random

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        ref = f"G-{i + 1:06d}"
        cap = float(rnd.choice(range(600, 1300, 100)))
        vals = values(
            ref,
            bidder_name=f"Bidder {i + 1} Magnet Manufacturing Ltd",
            capacity=cap if rnd.random() > 0.05 else cap + 50,
            net_worth_cr=cap * 0.4 if rnd.random() > 0.08 else 100.0,
            investment_cr=cap * 0.6,
            quoted_incentive=float(rnd.randrange(1500, 2250, 5)),
            stage_alloy_magnet=rnd.random() > 0.05,
            commissioning_months=rnd.choice((18, 20, 22, 24, 26)),
            submitted_at=OPENED + timedelta(seconds=rnd.randrange(0, 86_400)),
        )
        out.append(Bid(Location(f"/bids/table-{i // 10_000:02d}.xlsx", "Bids", line=i + 2), vals))
    return out
