"""The record sheets: Rejected (with reasons and where they came from), Checks and Inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any

from repm_bids.domain.local_time import local_naive, zone_heading
from repm_bids.domain.models import Problem
from repm_bids.domain.result import BidOutcome, CheckOutcome, Evaluation
from repm_bids.domain.result import Reason as ReasonData
from repm_bids.domain.wording import reason_about, reason_sentence
from repm_bids.io.award_layout import Column, SheetBuilder, Table
from repm_bids.io.award_tables import _capacity_style

MAX_REFS_LISTED = 50


@dataclass(frozen=True)
class Reason:
    outcome: BidOutcome
    about: str | None  # the check or field the reason is about
    text: str
    path: str | None
    sheet: str | None
    cell: str | None  # A1 cell, or "line N" for a CSV file


def _file_name(path: str | None) -> str | None:
    return PurePath(path).name if path else None


def _where_cell(cell: str | None, line: int | None) -> str | None:
    return cell if cell else (f"line {line}" if line is not None else None)


def _reason(o: BidOutcome, g: ReasonData) -> Reason:
    """A reason's sentence and what it is about, from the wording module; where it was found, from its data."""
    about, text = reason_about(g), reason_sentence(g)
    if isinstance(g, Problem):
        return Reason(o, about, text, g.path, g.sheet, _where_cell(g.cell, g.line))
    if isinstance(g, CheckOutcome):
        if g.id == "committee":  # where the committee's decision was read, if it came from a file
            at = g.at
            return Reason(o, about, text, *((at.path, at.sheet, _where_cell(at.cell, at.line)) if at else (None,) * 3))
        if g.at is not None:
            return Reason(o, about, text, g.at.path, g.at.sheet, _where_cell(g.at.cell, g.at.line))
    return Reason(o, about, text, o.source.path, o.source.sheet, _where_cell(o.source.cell, o.source.line))


def rejection_reasons(ev: Evaluation, o: BidOutcome) -> list[Reason]:
    """Every reason a bid was rejected, once each, with the file, sheet and cell it is about (its own columns)."""
    out = [_reason(o, g) for g in o.grounds]
    if not out:
        out.append(Reason(o, None, "No reason was recorded.", o.source.path, o.source.sheet, None))
    return out


REJECTED = Table(
    "Rejected",
    (
        Column("Bid reference", lambda r: r.outcome.bid_ref or "(none)", "text", key=True, max_width=24),
        Column("Bidder", lambda r: r.outcome.bidder_name, "wrap", min_width=16, max_width=30),
        Column("Status", lambda r: r.outcome.status.label, "text", min_width=12, safe=True),
        Column("Check or field", lambda r: r.about, "wrap", min_width=12, max_width=24),
        Column("Reason", lambda r: r.text, "wrap", min_width=40, max_width=70),
        Column("File", lambda r: _file_name(r.path), "wrap", min_width=10, max_width=30),
        Column("Sheet", lambda r: r.sheet, "text", max_width=20),
        Column("Cell or line", lambda r: r.cell, "center", min_width=8),
    ),
)


def build_rejected(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Rejected bids: invalid and non-responsive", "title", height=22)
    sb.line("One row per reason. File, sheet and cell say where the value the reason is about was read.", "note")
    sb.line()
    rows = [r for o in ev.rejected() for r in rejection_reasons(ev, o)]
    sb.table(REJECTED, rows, main=True)
    if not rows:
        sb.line("No bid was rejected.", "note")


def _figure(check_id: str, key: str) -> Callable[[BidOutcome], Any]:
    """A figure of one check of the bid (the value it tested, or what it needed), None where the check did not run."""

    def get(o: BidOutcome) -> Any:
        check = next((c for c in o.checks if c.id == check_id), None)
        return None if check is None or check.passed is None else check.figures.get(key)

    return get


def _failed(o: BidOutcome) -> str:
    """Each failed check in a sentence with its figures."""
    return "\n".join(reason_sentence(c) for c in o.failed_checks)


CHECKS = Table(
    "Checks",
    (
        Column("Bid reference", lambda o: o.bid_ref or "(none)", "text", key=True, max_width=16),
        Column("Bidder", lambda o: o.bidder_name, "wrap", min_width=12, max_width=16),
        Column("Status", lambda o: o.status.label, "text", min_width=12, safe=True),
        Column("Capacity (MTPA)", lambda o: o.capacity_offered, _capacity_style, min_width=9, max_width=9),
        Column("Net worth (₹ crore)", _figure("net_worth", "net_worth"), "crore", min_width=9, max_width=9),
        Column("Needed (₹ crore)", _figure("net_worth", "needed"), "crore", min_width=9, max_width=9),
        Column("Investment (₹ crore)", _figure("investment", "investment"), "crore", min_width=11, max_width=11),
        Column("Investment needed (₹ crore)", _figure("investment", "needed"), "crore", min_width=11, max_width=11),
        Column("Commissioning (months)", _figure("commissioning", "months"), "whole", min_width=13, max_width=13),
        Column("Bid security (₹ crore)", _figure("bid_security", "security"), "crore", min_width=9, max_width=9),
        Column("Checks failed, with the figures", _failed, "wrap", min_width=28, max_width=28),
    ),
)


def build_checks(ev: Evaluation, sb: SheetBuilder) -> None:
    """One row per bid: the figures the checks weighed (what was offered against what was needed) and every failed
    check in a sentence. A bid whose row names no failure passed every check that applies to it."""
    sb.landscape = True
    sb.line("Technical checks: the figures behind each result", "title", height=22)
    sb.line(
        "Each bid's figures as the checks weighed them, and every check it failed with the figures behind it "
        "(highlighted). The technical evaluation report gives every bid against every criterion.",
        "note",
    )
    sb.line()
    outcomes = sorted(ev.outcomes, key=lambda o: o.index)
    sb.table(CHECKS, outcomes, row_fill=lambda o: "fail" if o.failed_checks else None, main=True)
    if not outcomes:
        sb.line("No bid was checked.", "note")


def _refs(refs: tuple[str, ...]) -> str:
    shown = ", ".join(refs[:MAX_REFS_LISTED])
    more = len(refs) - MAX_REFS_LISTED
    return f"{shown} … and {more} more" if more > 0 else shown


def inputs_table(zone_label: str) -> Table:
    """The Inputs table; its times are wall-clock times in the scheme's zone, named in the heading."""
    return Table(
        "Inputs",
        tuple(replace(c, header=f"Read at ({zone_label})") if c.header == "Read at" else c for c in INPUTS.columns),
    )


INPUTS = Table(
    "Inputs",
    (
        Column("File", lambda i: i.path, "wrap", key=True, min_width=16, max_width=64),
        Column("Kind", lambda i: i.kind, "text"),
        Column("SHA-256", lambda i: i.sha256, "mono", min_width=12, max_width=70),
        Column("Size (bytes)", lambda i: i.size, "whole"),
        Column("Read at", lambda i: i.read_at, "datetime"),
        Column("Bids read", lambda i: i.bids, "whole"),
        Column("Bid references", lambda i: _refs(i.bid_refs), "wrap", min_width=20, max_width=50),
    ),
)

LOOSE_PROBLEMS = Table(
    "Inputs",
    (
        # in the order that lines its columns up with the files' above (a path under a path, the message under the
        # SHA-256), so that neither table widens the other's narrow columns
        Column("File", lambda p: p.path, "wrap", max_width=50),
        Column("Severity", lambda p: p.severity.value, "text"),
        Column("Message", lambda p: p.message, "wrap", min_width=30, max_width=50),
        Column("Field", lambda p: p.field, "text", max_width=24),
        Column("Sheet", lambda p: p.sheet, "text", max_width=20),
        Column("Cell or line", lambda p: _where_cell(p.cell, p.line), "center"),
    ),
)


def file_problems(ev: Evaluation) -> list[Problem]:
    """Problems that belong to no bid (a file that could not be read, a skipped file, a bad decision row)."""
    of_bids = {p for b in ev.bids for p in (*b.errors, *b.warnings)}
    return [p for p in ev.problems if p not in of_bids]


def build_inputs(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Input files", "title", height=22)
    sb.line("Each file as read: its SHA-256 identifies the exact bytes evaluated.", "note")
    sb.line()
    zone = ev.scheme.tender.time_zone
    shown = [replace(i, read_at=local_naive(i.read_at, zone) if i.read_at else None) for i in ev.inputs]
    sb.table(inputs_table(zone_heading(zone, ev.evaluated_at)), shown, main=True)
    if not ev.inputs:
        sb.line("No input files were recorded.", "note")
    problems = file_problems(ev)
    sb.line()
    sb.line("Problems not tied to one bid", "section")
    if problems:
        sb.table(LOOSE_PROBLEMS, problems)
    else:
        sb.line("None.", "note")
