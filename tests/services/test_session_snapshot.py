"""An evaluation made elsewhere (on a worker thread, from a snapshot) is taken only for the state it was made of."""

from __future__ import annotations

from repm_bids.domain.models import InputFile
from repm_bids.services.session import EvaluationSession, InputPart
from tests.factories import make_bid


def _session(n: int = 3) -> EvaluationSession:
    bids = tuple(make_bid(f"R-{i:02}", path="bids.xlsx") for i in range(n))
    session = EvaluationSession()
    session.add_parts([InputPart(InputFile("bids.xlsx", "a" * 64, 1, kind="bids"), bids)])
    return session


def test_a_snapshot_evaluated_elsewhere_is_installed_while_nothing_changed() -> None:
    session = _session()
    generation, snapshot = session.generation, session.snapshot()
    evaluation = snapshot.evaluation()
    assert snapshot.listeners == [] and snapshot.parts == session.parts and snapshot.parts is not session.parts
    assert session.install(evaluation, generation)
    assert session.evaluation() is evaluation  # taken: nothing evaluates again
    assert evaluation.summary.bids_received == 3


def test_a_change_after_the_snapshot_refuses_the_stale_evaluation() -> None:
    session = _session()
    generation, snapshot = session.generation, session.snapshot()
    session.set_decision("R-01", False, "Bid security not furnished")
    stale = snapshot.evaluation()
    assert snapshot.decisions == {}  # the snapshot kept the state it was taken of
    assert not session.install(stale, generation)
    assert session.evaluation() is not stale
    assert session.evaluation().outcome_for("R-01").status.value == "non_responsive"


def test_each_change_and_each_invalidation_counts() -> None:
    session = _session()
    before = session.generation
    session.set_decision("R-02", True)
    session.invalidate()
    assert session.generation == before + 2
    session.evaluation()
    assert session.last_seconds > 0
