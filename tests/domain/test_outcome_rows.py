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


def test_each_outcome_repeats_the_engines_columns_as_python_values():
    """The columns become Python values in bulk (zeros sharing one float, NaN and 0 rank as None): each outcome
    still holds exactly its bid's figures."""
    import math

    import numpy as np

    from repm_bids.domain.evaluation import _amounts, _nones, _with_none

    amounts = _amounts(np.array([0.0, -0.0, 2.5, np.nan, 0.0]))
    assert repr(amounts) == "[0.0, -0.0, 2.5, nan, 0.0]" and all(type(x) is float for x in amounts)
    assert _with_none(np.array([0, 3, 1]), np.array([0, 3, 1]) == 0) == [None, 3, 1]
    assert _nones(np.array([np.nan, 70.25, -0.0])) == [None, 70.25, -0.0]
    e = sample_evaluation()
    for o in e.outcomes:
        assert type(o.awarded) is float and type(o.incentive_liability_crore) is float
        assert o.rank is None or (type(o.rank) is int and o.rank > 0)
        assert o.combined_score is None or not math.isnan(o.combined_score)
    assert sum(o.awarded for o in e.outcomes) == e.summary.capacity_awarded
