"""Outcomes made from rows of values (`bid_outcomes`, the evaluation's quick way) are the same objects as the
frozen dataclass's constructor makes: equal, shown, pickled and replaced alike, and frozen."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from repm_bids.domain.result import BidOutcome, bid_outcomes
from repm_bids.services.samples import sample_evaluation


def _rows() -> list[tuple[object, ...]]:
    names = [f.name for f in dataclasses.fields(BidOutcome)]
    return [tuple(getattr(o, n) for n in names) for o in sample_evaluation().outcomes]


def test_made_from_rows_they_are_what_the_constructor_makes():
    rows = _rows()
    made = bid_outcomes(rows)
    built = [BidOutcome(*row) for row in rows]
    assert len(made) == len(built) == 10
    for a, b in zip(made, built, strict=True):
        assert type(a) is BidOutcome
        assert a == b and repr(a) == repr(b)
        # by repr: a figure may be NaN (a net worth with no slab), and NaN equals nothing once unpickled
        assert repr(pickle.loads(pickle.dumps(a))) == repr(b)
        assert dataclasses.replace(a, rank=99) == dataclasses.replace(b, rank=99)
        assert dataclasses.asdict(a).keys() == dataclasses.asdict(b).keys()


def test_made_from_rows_they_are_frozen():
    made = bid_outcomes(_rows()[:1])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.rank = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.rank  # type: ignore[misc]
