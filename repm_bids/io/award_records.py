"""The record sheets: Rejected (with reasons and where they came from), Checks and Inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath

from repm_bids.domain.local_time import local_naive, zone_heading
from repm_bids.domain.models import Problem
from repm_bids.domain.result import BidOutcome, CheckOutcome, Evaluation
from repm_bids.domain.result import Reason as ReasonData
from repm_bids.domain.wording import reason_about, reason_sentence
from repm_bids.io.award_layout import Column, SheetBuilder, Table
from repm_bids.io.award_tables import check_label

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


CHECK_TEXT = {True: "pass", False: "FAIL", None: "n/a"}


@dataclass(frozen=True)
class CheckRow:
    outcome: BidOutcome
    passed: dict[str, bool | None]  # by check id; a check the bid has no outcome for is "n/a"


def checks_table(ev: Evaluation) -> Table:
    def getter(check_id: str) -> Callable[[CheckRow], str]:
        return lambda row: CHECK_TEXT[row.passed.get(check_id)]

    columns = [
        Column("Bid reference", lambda r: r.outcome.bid_ref or "(none)", "text", key=True, max_width=24),
        Column("Bidder", lambda r: r.outcome.bidder_name, "wrap", min_width=16, max_width=30),
        Column("Status", lambda r: r.outcome.status.label, "text", min_width=12, safe=True),
    ]
    columns += [
        Column(check_label(cid), getter(cid), "check", min_width=9, max_width=14, safe=True) for cid in ev.check_ids
    ]
    return Table("Checks", tuple(columns))


def build_checks(ev: Evaluation, sb: SheetBuilder) -> None:
    sb.landscape = True
    sb.line("Technical checks: every bid against every check", "title", height=22)
    sb.line(
        "pass = the check passed; FAIL = it failed (highlighted); n/a = it does not apply or could not run.", "note"
    )
    sb.line()
    table = checks_table(ev)
    rows = [CheckRow(o, {c.id: c.passed for c in o.checks[:]}) for o in ev.outcomes]  # one call per bid
    sb.table(table, rows, main=True)
    # Highlight failures: the fill goes on the failing cells only.
    header = int(sb.title_rows.split(":")[0]) if sb.title_rows else 0
    for row in sb.rows[header:]:
        for i, cell in enumerate(row):
            if cell is not None and cell[0] == "FAIL" and i >= 3:
                row[i] = (cell[0], cell[1], "fail")


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
        Column("File", lambda i: i.path, "wrap", min_width=16, max_width=64),
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
        Column("Severity", lambda p: p.severity.value, "text"),
        Column("File", lambda p: p.path, "wrap", max_width=50),
        Column("Sheet", lambda p: p.sheet, "text", max_width=20),
        Column("Cell or line", lambda p: _where_cell(p.cell, p.line), "center"),
        Column("Field", lambda p: p.field, "text", max_width=24),
        Column("Message", lambda p: p.message, "wrap", min_width=30, max_width=50),
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
