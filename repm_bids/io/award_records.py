"""The record sheets: Rejected (with reasons and where they came from), Checks and Inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.domain.messages import CHECK_FIELDS, cell_ref
from repm_bids.domain.models import Problem
from repm_bids.domain.result import BidOutcome, CheckOutcome, Evaluation
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


def _check_where(ev: Evaluation, o: BidOutcome, check: CheckOutcome) -> tuple[str | None, str | None, str | None]:
    if check.id == "committee":
        d = next((d for d in ev.decisions if d.bid_ref == o.bid_ref), None)
        if d is not None and d.source is not None:
            return d.source.path, d.source.sheet, _where_cell(d.source.cell, d.source.line)
        return None, None, None
    readings = o.bid.readings
    keys = CHECK_FIELDS.get(check.id, ())
    if check.id == "integration":  # point at the stage that is missing
        keys = tuple(k for k in keys if o.bid.values.get(k) is not True) or keys
    for key in keys:
        r = readings.get(key)
        if r is not None and (r.cell or r.line is not None):
            return o.source.path, r.sheet or o.source.sheet, _where_cell(r.cell, r.line)
    return o.source.path, o.source.sheet, _where_cell(o.source.cell, o.source.line)


def rejection_reasons(ev: Evaluation, o: BidOutcome, index: dict[str, Problem] | None = None) -> list[Reason]:
    """Every reason a bid was rejected, once each, with the file, sheet and cell it is about.

    The engine's reasons are the sentences; each is matched to the reading error or failed check it came from, so
    that the location can go in its own columns (the location the sentence ends with is then left off).
    `index` maps "message (where)" to its Problem for errors the engine added (missing field, duplicate reference).
    """
    out: list[Reason] = []
    errors = {f"{p.message} ({p.where})": p for p in o.bid.errors}
    if index:
        errors = {**index, **errors}
    failed = list(o.failed_checks)
    for text in o.reasons:
        p = errors.get(text)
        if p is not None:
            about = FIELDS_BY_KEY[p.field].label if p.field in FIELDS_BY_KEY else p.field
            out.append(Reason(o, about, p.message, p.path, p.sheet, _where_cell(p.cell, p.line)))
            continue
        check = next((c for c in failed if _is_reason_for(text, c, o)), None)
        if check is not None:
            failed.remove(check)
            suffix = cell_ref(o.bid, CHECK_FIELDS.get(check.id, ()))
            sentence = text[: -len(suffix)] if suffix and text.endswith(suffix) else text
            out.append(Reason(o, check_label(check.id), sentence, *_check_where(ev, o, check)))
            continue
        out.append(Reason(o, None, text, o.source.path, o.source.sheet, None))
    for c in failed:  # a failed check the reasons do not mention
        out.append(Reason(o, check_label(c.id), c.message, *_check_where(ev, o, c)))
    if not out:
        out.append(Reason(o, None, "No reason was recorded.", o.source.path, o.source.sheet, None))
    return out


def _is_reason_for(text: str, check: CheckOutcome, o: BidOutcome) -> bool:
    if text == check.message + cell_ref(o.bid, CHECK_FIELDS.get(check.id, ())):
        return True
    return check.id == "committee" and text.startswith(check.message.rstrip(".") + ":")


def engine_problem_index(ev: Evaluation) -> dict[str, Problem]:
    """Errors of bids that the evaluation added (not read from a file), by the sentence the reasons use."""
    return {f"{p.message} ({p.where})": p for p in ev.errors if p.bid_ref is not None}


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
    index = engine_problem_index(ev)
    rows = [r for o in ev.rejected() for r in rejection_reasons(ev, o, index)]
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


INPUTS = Table(
    "Inputs",
    (
        Column("File", lambda i: i.path, "wrap", min_width=16, max_width=64),
        Column("Kind", lambda i: i.kind, "text"),
        Column("SHA-256", lambda i: i.sha256, "mono", min_width=12, max_width=70),
        Column("Size (bytes)", lambda i: i.size, "whole"),
        Column("Read at (UTC)", lambda i: i.read_at, "datetime"),
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
    sb.table(INPUTS, ev.inputs, main=True)
    if not ev.inputs:
        sb.line("No input files were recorded.", "note")
    problems = file_problems(ev)
    sb.line()
    sb.line("Problems not tied to one bid", "section")
    if problems:
        sb.table(LOOSE_PROBLEMS, problems)
    else:
        sb.line("None.", "note")
