"""A re-evaluation after a change reuses what the session and the evaluation kept from the last one (the bids taken,
each bid's preparation): its result must be the result of a fresh evaluation of the same state, for every kind of
change the committee makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from repm_bids.domain.models import InputFile
from repm_bids.domain.report import result_json
from repm_bids.domain.scheme import NetWorthSlab
from repm_bids.services.session import EvaluationSession, InputPart, bid_key
from tests.factories import make_bid

AT = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)


def _bids(part: int, n: int) -> tuple:  # type: ignore[type-arg]
    """Bids that differ where the checks, the ranking and the allocation look: capacities, tied quotes, net worth,
    groups, consortia with a land-border member, security forms."""
    out = []
    for k in range(n):
        i = part * 100 + k
        extra: dict[str, object] = {}
        if i % 7 == 3:
            extra = {
                "bidder_type": "Consortium",
                "lead_equity_pct": 60.0 if i % 2 else 20.0,
                "consortium_members": "Lead Ltd (India) 60%, Partner Co (China) 40%",
            }
        out.append(
            make_bid(
                f"R-{i:03}",
                path=f"part{part}.xlsx",
                capacity=float(600 + 100 * (i % 8)),
                quoted_incentive=float(1500 + 50 * (i % 9)),
                net_worth_cr=float(150 + 37 * (i % 11)),
                investment_cr=float(300 + 40 * (i % 13)),
                group=("Group A" if i % 10 == 1 else None),
                bid_security_form=("Bank guarantee" if i % 5 == 2 else None),
                commissioning_months=18 + i % 12,
                **extra,
            )
        )
    return tuple(out)


def _session(covers: int) -> EvaluationSession:
    session = EvaluationSession()
    session.set_scheme(session.scheme.with_changes(covers=covers))
    session.add_parts(
        [InputPart(InputFile(f"part{p}.xlsx", f"{p}" * 64, 1, kind="bids"), _bids(p, 20)) for p in range(3)]
    )
    return session


def _fresh(session: EvaluationSession) -> EvaluationSession:
    """The same state with every bid a new object, so nothing kept from an earlier evaluation can be reused."""
    fresh = session.snapshot()
    fresh.parts = [InputPart(p.input, tuple(replace(b) for b in p.bids), p.problems) for p in session.parts]
    fresh.invalidate()
    return fresh


def _result(session: EvaluationSession) -> str:
    return result_json(replace(session.evaluation(), evaluated_at=AT))


Change = Callable[[EvaluationSession], object]


def _scheme(**changes: object) -> Change:
    return lambda s: s.set_scheme(s.scheme.with_changes(**changes))


def _remove_first(s: EvaluationSession) -> None:
    s.remove_bid(bid_key(s.parts[1].bids[3]))


def _restore_all(s: EvaluationSession) -> None:
    for key in list(s.removed_bids):
        s.restore_bid(key)


CHANGES: list[tuple[str, Change]] = [
    ("total capacity", _scheme(total_capacity=4500.0)),
    ("method", _scheme(method="qcbs")),
    ("method back", _scheme(method="lcs")),
    ("min and max capacity", _scheme(min_capacity=700.0, max_capacity=1200.0)),
    (
        "net-worth rule",
        _scheme(net_worth_slabs=(NetWorthSlab(800.0, 200.0), NetWorthSlab(1300.0, 400.0))),
    ),
    ("outlay", _scheme(incentive_outlay_crore=900.0)),
    ("land-border countries", _scheme(land_border_countries=("Pakistan",))),
    ("group rule", _scheme(group_rule="cap")),
    ("covers", lambda s: s.set_scheme(s.scheme.with_changes(covers=3 - s.scheme.covers))),
    ("covers back", lambda s: s.set_scheme(s.scheme.with_changes(covers=3 - s.scheme.covers))),
    ("a decision added", lambda s: s.set_decision("R-004", False, "Bid security not furnished")),
    ("another decision", lambda s: s.set_decision("R-105", True)),
    ("a bid removed", _remove_first),
    ("total capacity after the removal", _scheme(total_capacity=9000.0)),
    ("a clarification", lambda s: s.clarify("R-206", "net_worth_cr", "900", "CA certificate")),
    ("total capacity after the clarification", _scheme(total_capacity=6000.0)),
    ("the clarification withdrawn", lambda s: s.remove_clarification("R-206", "net_worth_cr")),
    ("the removed bid restored", _restore_all),
    ("a file removed", lambda s: s.remove_input("1" * 64)),
    ("total capacity after the file's removal", _scheme(total_capacity=3000.0)),
]


@pytest.mark.parametrize("covers", [1, 2])
def test_every_re_evaluation_equals_a_fresh_evaluation_of_the_same_state(covers: int) -> None:
    session = _session(covers)
    assert _result(session) == _result(_fresh(session))
    for name, change in CHANGES:
        before = _result(session)
        change(session)
        after = _result(session)
        assert after == _result(_fresh(session)), name
        assert after != before, f"{name}: the change changed nothing, so it proves nothing"


def test_the_bids_taken_follow_every_change_of_the_parts_the_removals_and_the_clarifications() -> None:
    session = _session(1)
    first = session.bids
    assert len(first) == 60 and session.bids == first
    _remove_first(session)
    assert len(session.bids) == 59 and first[23] not in session.bids
    assert [p.code for p in session.evaluation().problems if p.code == "bid_removed"] == ["bid_removed"]
    _restore_all(session)
    assert session.bids == first
    assert not [p for p in session.evaluation().problems if p.code == "bid_removed"]
    session.clarify("R-206", "net_worth_cr", "900", "CA certificate")
    clarified = session.evaluation().bids
    assert next(b for b in clarified if b.bid_ref == "R-206").values["net_worth_cr"] == 900.0
    assert session.bids == first  # as read: the evaluation takes the verified value
    session.remove_input("2" * 64)
    assert len(session.bids) == 40 and len(session.evaluation().bids) == 40
