"""The checks' columns kept from one evaluation of the same bids for the next (`check_memo`): a check runs again
when a parameter it read changed, or the committee's columns did, and an evaluation that reuses columns gives what a
fresh one gives."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from repm_bids.domain.check_memo import CheckMemo, ReadingScheme
from repm_bids.domain.evaluation import evaluate
from repm_bids.domain.models import Bid, Decision
from repm_bids.domain.report import result_dict, result_dict_sha256
from repm_bids.domain.scheme import NetWorthSlab, Scheme
from repm_bids.domain.table import BidTable
from tests.factories import make_bid


def test_a_reading_scheme_notes_each_parameter_read_also_through_a_method():
    reading = ReadingScheme(Scheme(quote_basis="total_crore"))
    assert reading.quote_ceiling(1000.0) == Scheme(quote_basis="total_crore").quote_ceiling(1000.0)  # type: ignore[attr-defined]
    assert [name for name, _ in reading.reads] == ["quote_basis", "incentive_years", "incentive_ceiling"]
    assert reading.reads[0] == ("quote_basis", "'total_crore'")
    with pytest.raises(AttributeError, match="cannot follow"):
        reading.no_such_parameter  # type: ignore[attr-defined]  # noqa: B018


def _table() -> BidTable:
    bids = [make_bid(f"R-{i}", capacity=float(600 + 100 * i)) for i in range(5)]
    return BidTable.from_bids(bids, [False] * len(bids))


def test_a_check_runs_again_only_when_a_parameter_it_read_or_the_committees_column_changed():
    table = _table()
    memo = CheckMemo(table)
    runs: list[float] = []

    def work(s: Scheme) -> np.ndarray:
        runs.append(s.min_capacity)
        return np.asarray(table.num["capacity"] >= s.min_capacity)

    on = memo.on(table)
    assert on is not None
    first = on.run("capacity", Scheme(), work)
    assert on.run("capacity", Scheme(total_capacity=4000.0), work) is first  # not read: kept
    changed = on.run("capacity", Scheme(min_capacity=800.0), work)
    assert changed.tolist() == [False, False, True, True, True] and len(runs) == 2
    assert on.run("capacity", Scheme(min_capacity=800), work) is not changed  # 800 is not 800.0: run again
    decided = memo.on(dataclasses.replace(table, committee=np.array([1.0, np.nan, np.nan, np.nan, np.nan])))
    assert decided is not None
    decided.run("capacity", Scheme(), work)
    assert len(runs) == 4  # another committee column: run again
    assert on.run("capacity", Scheme(), work) is first  # the first is still kept
    other = dataclasses.replace(table, num={**table.num, "capacity": np.zeros(5)})
    assert memo.on(other) is None  # other bids' columns: the memo does not fit


def _bids(n: int) -> list[Bid]:
    rng = random.Random(3)
    return [
        make_bid(
            f"R-{i:03}",
            capacity=float(rng.randrange(500, 1400, 100)),
            net_worth_cr=rng.uniform(100, 900),
            commissioning_months=rng.randrange(12, 30),
            stage_metal_alloy=rng.random() > 0.1,
            quoted_incentive=float(rng.randrange(1700, 2300, 50)),
            group=rng.choice([None, None, None, "G1", "G2"]),
        )
        for i in range(n)
    ]


EDITS = [
    {"total_capacity": 4000.0},
    {"min_capacity": 700.0},
    {"max_capacity": 1000.0, "method": "qcbs"},
    {"incentive_ceiling": 2000.0},
    {"net_worth_slabs": (NetWorthSlab(900.0, 300.0), NetWorthSlab(1300.0, 500.0))},
    {"group_rule": "cap"},
    {"max_commissioning_months": 18},
    {"require_all_stages": False, "total_capacity": 5000.0},
    {"abnormally_low": 0.9},
]


@pytest.mark.parametrize("covers", [1, 2])
def test_evaluations_that_reuse_the_checks_columns_give_what_fresh_ones_give(covers: int):
    bids = _bids(60)
    decisions = [Decision("R-004", False, "no DPR"), Decision("R-007", True, "checked")]
    schemes, scheme = [], Scheme(covers=covers)
    for edit in EDITS:
        scheme = scheme.with_changes(**edit)
        schemes.append(scheme)
    # the same bid objects one scheme after the other: the columns of the checks a change leaves alone are reused
    kept = [evaluate(bids, s, decisions[: k % 3]) for k, s in enumerate(schemes)]
    for k, s in enumerate(schemes):
        fresh = evaluate([dataclasses.replace(b) for b in bids], s, decisions[: k % 3])  # other objects: all run
        assert result_dict_sha256(result_dict(kept[k])) == result_dict_sha256(result_dict(fresh)), EDITS[k]
        assert repr(kept[k].outcomes) == repr(fresh.outcomes)
