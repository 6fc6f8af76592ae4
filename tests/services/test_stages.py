"""The stages of a two-cover evaluation through the services API: approve freezes the technical inputs, clarifications
are used and shown beside the declared value, the prices open only after approval, reopen discards the financial
stage; a saved evaluation keeps every step, and a refused step changes nothing in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from repm_bids.domain.models import Decision
from repm_bids.domain.report import result_dict
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.stages import Stage, StageRefused
from repm_bids.services.covers import CoversRefused
from repm_bids.services.saved import create_saved, open_saved
from repm_bids.services.session import EvaluationSession, bid_key
from tests.cli.test_commands import write_table
from tests.factories import bid_values

TWO = Scheme(covers=2)
ROWS = [
    bid_values("T-1", quoted_incentive=None),
    bid_values("T-2", quoted_incentive=None, capacity=300.0),  # below the least capacity: not qualified
    bid_values("T-3", quoted_incentive=None, net_worth_cr=100.0),  # too little net worth until clarified
]


def cover(folder: Path, ref: str, quote: str) -> Path:
    path = folder / f"{ref} financial.csv"
    path.write_text(f"Bid reference,Quoted incentive (INR per kg)\n{ref},{quote}\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    write_table(tmp_path / "technical.csv", ROWS, csv_file=True)
    fin = tmp_path / "financial"
    fin.mkdir()
    cover(fin, "T-1", "1888")
    cover(fin, "T-3", "1777")
    (fin / "T-2 financial.xlsx").write_bytes(b"PK\x03\x04 not a workbook \xff" * 50)  # never parsed: not qualified
    return tmp_path


def technical(files: Path) -> EvaluationSession:
    session = EvaluationSession(scheme=TWO)
    session.import_paths([files / "technical.csv"])
    return session


def statuses(session: EvaluationSession) -> dict[str | None, str]:
    return {o.bid_ref: o.status.value for o in session.evaluation().outcomes}


def test_the_stages_in_order(files: Path) -> None:
    session = technical(files)
    assert session.stage is Stage.TECHNICAL
    assert statuses(session) == {"T-1": "qualified", "T-2": "non_responsive", "T-3": "non_responsive"}
    session.clarify("t 3", "Net worth", "₹ 450 crore", "CA certificate of 30-06-2026", "CA/2026/17")
    assert statuses(session)["T-3"] == "qualified"  # the evaluation uses the verified value
    fields = result_dict(session.evaluation())["bids"]
    t3 = next(b for b in fields if b["bid_ref"] == "T-3")["fields"]["net_worth_cr"]
    assert (t3["declared"], t3["verified"], t3["value"]) == (100, 450, 100)
    step = session.approve("R. Sharma")
    assert session.stage is Stage.APPROVED
    assert session.approved == step and step.by == "R. Sharma"
    session.open_prices([files / "financial"])
    assert session.stage is Stage.PRICES_OPENED
    e = session.evaluation()
    assert e.stage == "prices_opened" and [u.bid_ref for u in e.unopened] == ["T-2"]
    assert {o.bid_ref: o.quoted_incentive for o in e.outcomes if o.rank} == {"T-3": 1777.0, "T-1": 1888.0}
    session.reopen("The committee found the CA certificate was for another year.")
    assert session.stage is Stage.TECHNICAL and session.prices is None and not session.unopened
    assert session.evaluation().stage == "technical"


def test_after_approval_every_edit_is_refused_and_nothing_changes(files: Path, tmp_path: Path) -> None:
    session = technical(files)
    session.set_decision("T-1", True, "")
    session.approve("R. Sharma")
    before = result_dict(session.evaluation())
    other = tmp_path / "other.csv"
    write_table(other, [bid_values("T-9", quoted_incentive=None)], csv_file=True)
    key = bid_key(session.bids[0])
    edits = [
        lambda: session.import_paths([other]),
        lambda: session.remove_input(session.parts[0].sha256),
        lambda: session.remove_bid(key),
        lambda: session.set_decision("T-2", False, "No DPR."),
        lambda: session.replace_decisions([Decision("T-2", True)]),
        lambda: session.set_scheme(Scheme(covers=2, max_beneficiaries=3)),
        lambda: session.clarify("T-3", "net_worth_cr", "450", "CA certificate"),
        lambda: session.approve("Someone else"),
    ]
    for edit in edits:
        with pytest.raises(StageRefused) as refused:
            edit()
        assert refused.value.problem.code in ("stage_frozen", "stage_approved_already")
        assert "R. Sharma" in str(refused.value)
    assert result_dict(session.evaluation()) == before
    assert len(session.parts) == 1 and session.decisions == {"T-1": Decision("T-1", True, "")}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("Quoted incentive (INR per kg)", "1500", "clarify_field_not_allowed"),
        ("bid_ref", "T-4", "clarify_field_not_allowed"),
        ("Favourite colour", "blue", "clarify_unknown_field"),
        ("Net worth", "a lot", "clarify_unreadable"),
        ("Net worth", "3,75,00,00,000", "clarify_unreadable"),  # looks like rupees in a crore field: refused
        ("Net worth", "  ", "clarify_no_value"),
    ],
)
def test_a_clarification_that_cannot_be_recorded_is_refused(files: Path, field: str, value: str, code: str) -> None:
    session = technical(files)
    with pytest.raises(StageRefused) as refused:
        session.clarify("T-3", field, value, "CA certificate")
    assert refused.value.problem.code == code
    assert not str(refused.value).startswith(code)  # a sentence, not the bare code
    assert not session.clarifications


def test_a_clarification_names_a_bid_and_gives_a_reason(files: Path) -> None:
    session = technical(files)
    with pytest.raises(StageRefused, match="No bid has the reference T-7"):
        session.clarify("T-7", "Net worth", "450", "CA certificate")
    with pytest.raises(StageRefused, match="needs a reason"):
        session.clarify("T-3", "Net worth", "450", " ")
    session.clarify("T-3", "Net worth", "450", "CA certificate")
    old = session.clarify("T-3", "net_worth_cr", "460", "Corrected certificate")
    assert old is not None and old.text == "450" and len(session.clarifications) == 1
    removed = session.remove_clarification("T-3", "Net worth")
    assert removed is not None and removed.text == "460" and not session.clarifications
    session.restore_clarification(removed)
    assert [c.value for c in session.clarifications.values()] == [460.0]


def test_steps_out_of_order_are_refused(files: Path) -> None:
    session = technical(files)
    with pytest.raises(StageRefused, match="has not been approved"):
        session.open_prices([files / "financial"])
    with pytest.raises(StageRefused, match="nothing to reopen"):
        session.reopen("why not")
    with pytest.raises(StageRefused, match="must be named"):
        session.approve("  ")
    session.approve("R. Sharma")
    with pytest.raises(StageRefused, match="needs a reason"):
        session.reopen("")
    session.open_prices([files / "financial"])
    with pytest.raises(StageRefused, match="open already"):
        session.open_prices([files / "financial"])
    with pytest.raises(StageRefused):
        session.approve("R. Sharma")


def test_one_cover_has_no_stages(files: Path) -> None:
    session = EvaluationSession(scheme=Scheme(covers=1))
    session.import_paths([files / "technical.csv"])
    assert session.stage is Stage.SINGLE_PASS
    for step in (lambda: session.approve("R. Sharma"), lambda: session.reopen("x")):
        with pytest.raises(StageRefused, match="one cover"):
            step()
    with pytest.raises(StageRefused, match="one cover"):
        session.open_prices([files / "financial"])
    session.set_decision("T-1", False, "No DPR.")  # nothing is frozen under one cover


def test_a_saved_evaluation_keeps_every_step(files: Path, tmp_path: Path) -> None:
    path = tmp_path / "e.repm"
    saved = create_saved(path, technical(files), user="clerk")
    saved.close()

    saved, session = open_saved(path, user="clerk")
    session.clarify("T-3", "Net worth", "450", "CA certificate", "CA/2026/17")
    saved.close()
    saved, session = open_saved(path, user="R. Sharma")
    assert [(c.bid_ref, c.field, c.value, c.document) for c in session.clarifications.values()] == [
        ("T-3", "net_worth_cr", 450.0, "CA/2026/17")
    ]
    session.approve("R. Sharma")
    saved.close()
    saved, session = open_saved(path, user="clerk")
    assert session.stage is Stage.APPROVED and session.approved is not None and session.approved.by == "R. Sharma"
    session.open_prices([files / "financial"])
    opened = result_dict(session.evaluation())
    saved.close()
    for cover_file in (files / "financial").iterdir():  # the stored covers are what a reopened file reads
        cover_file.unlink()
    (files / "technical.csv").unlink()
    saved, session = open_saved(path, user="clerk")
    assert session.stage is Stage.PRICES_OPENED
    assert result_dict(session.evaluation()) == opened
    session.reopen("The committee reopens: the certificate was for another year.")
    saved.close()
    saved, session = open_saved(path, user="clerk", read_only=True)
    assert session.stage is Stage.TECHNICAL and session.evaluation().stage == "technical"
    assert len(session.clarifications) == 1  # clarifications belong to the technical stage: they stay
    actions = [e.action for e in saved.audit_entries()]
    for step in ("clarified", "technical_approved", "prices_opened", "reopened"):
        assert step in actions
    approved = next(e for e in saved.audit_entries() if e.action == "technical_approved")
    assert approved.user == "R. Sharma" and approved.details["qualified"] == ["T-1", "T-3"]
    reopened = next(e for e in saved.audit_entries() if e.action == "reopened")
    assert reopened.details["from_stage"] == "prices_opened"
    assert [Path(p).name for p in reopened.details["discarded"]["covers_unopened"]] == ["T-2 financial.xlsx"]
    assert saved.check_chain().ok
    saved.close()


def test_a_refused_step_loses_nothing_in_the_saved_file(files: Path, tmp_path: Path) -> None:
    path = tmp_path / "e.repm"
    session = technical(files)
    session.clarify("T-3", "Net worth", "450", "CA certificate")
    create_saved(path, session, user="clerk").close()
    saved, session = open_saved(path, user="clerk", note_opened=False)
    session.approve("R. Sharma")
    entries = saved.audit_entries()
    cover(files / "financial", "T-9", "1500")  # a cover for an unknown bid: nothing is opened
    with pytest.raises(CoversRefused, match="T-9"):
        session.open_prices([files / "financial"])
    for refused in (
        lambda: session.set_decision("T-1", False, "No DPR."),
        lambda: session.clarify("T-3", "Net worth", "500", "another certificate"),
        lambda: session.approve("R. Sharma"),
    ):
        with pytest.raises(StageRefused):
            refused()
    assert saved.audit_entries() == entries and saved.check_chain().ok
    saved.close()
    saved, session = open_saved(path, user="clerk", read_only=True)
    assert session.stage is Stage.APPROVED and session.prices is None
    assert [c.text for c in session.clarifications.values()] == ["450"] and not session.decisions
    saved.close()


def test_a_low_quote_is_decided_once_the_prices_are_opened_and_the_technical_decision_stays_frozen(files: Path) -> None:
    session = EvaluationSession(scheme=Scheme(covers=2, abnormally_low=0.85))  # below INR 1,827.50/kg
    session.import_paths([files / "technical.csv"])
    session.clarify("T-3", "Net worth", "450", "CA certificate", "CA/2026/17")
    session.set_decision("T-1", True, "Technically qualified.")
    with pytest.raises(StageRefused, match="no quote to accept or reject yet"):
        session.set_decision("T-3", None, "Justified.", low_quote=True)  # no price in the technical stage
    session.approve("R. Sharma")
    session.open_prices([files / "financial"])
    e = session.evaluation()
    assert e.summary.provisional and [f.figures["bid_ref"] for f in e.findings if f.code == "abnormally_low"] == ["T-3"]
    session.set_decision("T-3", None, "Costs shown in the DPR.", low_quote=True)
    assert session.evaluation().summary.provisional is False
    with pytest.raises(StageRefused, match="frozen"):
        session.set_decision("T-1", False, "Changed our mind.")  # the technical decision is frozen
    assert session.decisions["T-1"].qualified is True


# -- draws and withdrawals ---------------------------------------------------------------------------------------------
QUOTES = {"T-1": 1500, "T-2": 1510, "T-3": 1520, "T-4": 1530, "T-5": 1600, "T-6": 1600}  # T-5, T-6 tie for the last


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    write_table(tmp_path / "technical.csv", [bid_values(r, quoted_incentive=None) for r in QUOTES], csv_file=True)
    lines = ["Bid reference,Quoted incentive (INR per kg)", *(f"{r},{q}" for r, q in QUOTES.items())]
    (tmp_path / "prices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def opened(tender: Path) -> EvaluationSession:
    session = EvaluationSession(scheme=TWO)
    session.import_paths([tender / "technical.csv"])
    session.approve("R. Sharma")
    session.open_prices([tender / "prices.csv"])
    return session


def test_a_draw_settles_the_tie_and_a_withdrawal_moves_the_waiting_list_up(tender: Path, tmp_path: Path) -> None:
    path = tmp_path / "e.repm"
    create_saved(path, opened(tender), user="clerk").close()
    saved, session = open_saved(path, user="clerk")
    assert session.evaluation().summary.provisional
    with pytest.raises(StageRefused, match="witnesses"):
        session.draw(["T-6", "T-5"], " ")
    with pytest.raises(StageRefused, match="not exactly the bids of a tie"):
        session.draw(["T-6", "T-4"], "A. Rao")
    session.draw(["t 6", "T-5"], "A. Rao and S. Iyer")
    e = session.evaluation()
    assert not e.summary.provisional
    assert [o.bid_ref for o in e.awards()][-1] == "T-6" and e.outcome_for("T-5").status.value == "waitlisted"
    with pytest.raises(StageRefused, match="waitlisted, not an awardee"):
        session.withdraw("T-5", "no")
    with pytest.raises(StageRefused, match="needs a reason"):
        session.withdraw("T-1", "")
    session.withdraw("t-1", "Letter of 15-07-2026")
    saved.close()
    saved, session = open_saved(path, user="clerk")  # kept by the saved evaluation
    e = session.evaluation()
    assert session.withdrawn == ("T-1",) and len(session.draws) == 1
    assert e.outcome_for("T-1").status.value == "withdrawn" and e.outcome_for("T-5").status.value == "awarded"
    entries = {x.action: x for x in saved.audit_entries()}
    assert entries["withdrawn"].details["awarded_now"] == {"T-5": 1200}
    assert entries["draw_recorded"].details["order"] == ["t 6", "T-5"]
    session.reopen("The statement was of the wrong tender.")
    assert session.draws == () and session.withdrawn == () and session.stage is Stage.TECHNICAL
    reopened = saved.audit_entries()[-1]
    assert reopened.details["discarded"]["withdrawn"] == ["T-1"] and len(reopened.details["discarded"]["draws"]) == 1
    saved.close()


def test_draws_and_withdrawals_wait_for_the_prices(tender: Path) -> None:
    session = EvaluationSession(scheme=TWO)
    session.import_paths([tender / "technical.csv"])
    for step in (lambda: session.draw(["T-5", "T-6"], "A. Rao"), lambda: session.withdraw("T-1", "letter")):
        with pytest.raises(StageRefused, match="have not been opened"):
            step()
    session.approve("R. Sharma")
    with pytest.raises(StageRefused, match="have not been opened"):
        session.draw(["T-5", "T-6"], "A. Rao")


def test_a_step_made_on_a_snapshot_is_taken_with_its_evaluation(tender: Path) -> None:
    from repm_bids.services.stages import prepare_step

    session = opened(tender)
    heard: list[str] = []
    session.listeners.append(type("L", (), {"session_changed": lambda self, s, a, d: heard.append(a)})())
    generation = session.generation
    prepared = prepare_step(session.snapshot(), generation, lambda s: s.draw(["T-6", "T-5"], "A. Rao"))
    assert session.draws == () and heard == []  # nothing changed until the session takes it
    assert prepared.action == "draw_recorded" and not prepared.evaluation.summary.provisional
    assert session.take_step(prepared)
    assert heard == ["draw_recorded"] and len(session.draws) == 1
    assert session.evaluated and session.evaluation() is prepared.evaluation  # not evaluated again
    stale = prepare_step(session.snapshot(), generation, lambda s: s.withdraw("T-1", "letter"))
    assert not session.take_step(stale)  # made of an older state: not taken
    assert session.withdrawn == () and heard == ["draw_recorded"]
    with pytest.raises(StageRefused, match="waitlisted, not an awardee"):
        prepare_step(session.snapshot(), session.generation, lambda s: s.withdraw("T-5", "no"))
    assert session.withdrawn == ()
