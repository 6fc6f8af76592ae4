"""Readable text for the terminal: the evaluation summary (`evaluate`) and the problem report (`check`)."""

from __future__ import annotations

from repm_bids.cli.values_text import noted_lines
from repm_bids.domain import labels as L
from repm_bids.domain.indian import crore, indian_number
from repm_bids.domain.models import Problem
from repm_bids.domain.result import BidOutcome, Evaluation, Status
from repm_bids.domain.shown import shown
from repm_bids.domain.wording import TIE_BREAK_TEXT, check_title, fmt, problem_text, reason_text, where_text
from repm_bids.domain.wording import check_text as check_sentence


def _cut(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  " + "  ".join(out).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def summary_text(e: Evaluation) -> str:
    s, sm = e.scheme, e.summary
    u = s.capacity_unit
    method = "Least Cost System (LCS)" if s.method == "lcs" else "Quality-cum-Cost (QCBS)"
    out = [
        f"{s.name}",
        f"Evaluation by {method}",
        *_stage_lines(e),
        *_provisional_lines(e),
        "",
        f"Bids received {sm.bids_received}: {sm.qualified} qualified, {sm.non_responsive} non-responsive, "
        f"{sm.invalid} invalid.",
        f"Capacity offered {fmt(sm.capacity_offered_total)} {u} against {fmt(s.total_capacity)} {u} on offer "
        f"(subscription {sm.subscription_ratio:.2f}x).",
        "",
    ]
    awards = e.awards()
    if e.stage == "technical":
        out += _technical_lines(e)
    elif awards:
        out.append("Awards")
        rows = [
            [
                str(o.rank),
                _cut(_t(o.bid_ref), 14),
                _cut(_t(o.bidder_name), 34),
                indian_number(o.quoted_incentive, 2 if o.quoted_incentive % 1 else 0) if o.quoted_incentive else "-",
                fmt(o.awarded) + (" (partial)" if o.status is Status.PARTIAL else ""),
                indian_number(o.incentive_liability_crore, 2),
                fmt(round(o.irel_share, 2)) if o.irel_share else "-",
            ]
            for o in awards
        ]
        head = [
            L.RANK.heading,
            L.BID_REF.heading,
            L.BIDDER.heading,
            L.QUOTE.short_heading,
            L.AWARDED.heading,
            L.LIABILITY.short_heading,
            L.IREL_SHARE.short_heading,
        ]
        out += _table(head, rows, right={0, 3, 4, 5, 6})
        out.append(
            f"Awarded {fmt(sm.capacity_awarded)} of {fmt(s.total_capacity)} {u} to {sm.beneficiaries} "
            f"beneficiar{'y' if sm.beneficiaries == 1 else 'ies'}; {fmt(sm.capacity_unawarded)} {u} unawarded."
        )
        out += _implication(e)
    else:
        out.append("No award: no bid qualified.")
    wait = e.waitlist()
    if wait:
        out += ["", "Waiting list (in rank order)"]
        out += [f"  {o.rank}. {_t(o.bid_ref)} {_t(o.bidder_name)}: {'; '.join(_reasons(o))}" for o in wait]
    partial = [o for o in awards if o.status is Status.PARTIAL]
    for o in partial:
        out.append(f"  Partial award to {_t(o.bid_ref)}: {'; '.join(_reasons(o))}")
    gone = [o for o in e.ranked() if o.status is Status.WITHDRAWN]
    if gone:
        out += ["", "Withdrawn after the award (the capacity was allocated again without them)"]
        out += [f"  {o.rank}. {_t(o.bid_ref)} {_t(o.bidder_name)}" for o in gone]
    ties = [o for o in e.ranked() if o.tie_break]
    if ties:
        out += ["", "Ties broken"]
        out += [f"  Rank {o.rank} {_t(o.bid_ref)}: decided by {_tie_break(o.tie_break)}" for o in ties]
    if e.findings:
        out += ["", "Findings for the committee" + (" (the result is PROVISIONAL)" if sm.provisional else "")]
        for f in e.findings:
            out.append(f"  - {shown(f.message)}")
            out.append(f"    Committee's justification: {shown(f.justification) or '(none recorded)'}")
    rejected = e.rejected()
    if rejected:
        out += ["", "Rejected"]
        for o in rejected:
            out.append(f"  {_t(o.bid_ref) or '(no reference)'} {_t(o.bidder_name)} [{o.status.label.lower()}]")
            out += [f"    - {r}" for r in _reasons(o)]
    noted = noted_lines(e)
    if noted:
        out += ["", *noted]
    loose = _loose(e)
    if loose:
        out += ["", "File problems"]
        out += [_problem_line(p) for p in loose]
    return "\n".join(out) + "\n"


def _stage_lines(e: Evaluation) -> list[str]:
    if e.stage == "technical":
        return ["Technical stage: the financial covers are sealed; no price has been read."]
    if e.stage == "prices_opened":
        lines = ["Prices opened for the technically qualified bids"]
        if e.single_sitting:
            lines[0] += " in a single sitting (no technical approval recorded between the stages)"
        lines[0] += "."
        lines += [f"  Returned unopened: {u.bid_ref} ({u.path}, SHA-256 {u.sha256[:16]}…)" for u in e.unopened]
        return lines
    return []


def _provisional_lines(e: Evaluation) -> list[str]:
    """Said at the top: the result is provisional, and which tied bids the committee is to draw for."""
    pending = e.pending_ties()
    if not e.summary.provisional:
        return []
    lines = ["PROVISIONAL: this result awaits the committee (see the findings below)."]
    lines += [
        f"  Tied bids {', '.join(_t(r) for r in t.bids)}: their order decides the award; they stand in reference "
        "order until the committee records a draw of lots."
        for t in pending
    ]
    return lines


def _technical_lines(e: Evaluation) -> list[str]:
    qualified = [o for o in e.outcomes if o.status is Status.QUALIFIED]
    if not qualified:
        return ["No bid is technically qualified."]
    return ["Technically qualified", *(f"  {_t(o.bid_ref)} {_t(o.bidder_name)}" for o in qualified)]


def _implication(e: Evaluation) -> list[str]:
    """The financial implication: the most incentive, the capital subsidy and their sum, against the outlays."""
    s, sm = e.scheme, e.summary
    total = sm.incentive_liability_crore_total + sm.capital_subsidy_crore_total
    lines = []
    awards = e.awards()
    if s.price_paid == "l1_rate" and awards:
        lines.append(f"Every awardee is paid L1's rate, ₹{fmt(round(awards[0].rate_paid, 2))}/kg (price_paid).")
    for what, figure, outlay in (
        ("Incentive liability", sm.incentive_liability_crore_total, s.incentive_outlay_crore),
        ("Capital subsidy", sm.capital_subsidy_crore_total, s.capital_subsidy_outlay_crore),
        ("Total support", total, s.total_outlay_crore),
    ):
        within = "within" if figure <= outlay + 1e-9 else "ABOVE"
        lines.append(f"{what} {crore(figure)}, {within} the outlay of {crore(outlay, 0 if outlay % 1 == 0 else 2)}.")
    return lines


def _tie_break(rule: str | None) -> str:
    """'more capacity offered' for the rule 'capacity_desc'; a rule this version does not word, as it is."""
    return TIE_BREAK_TEXT.get(rule or "", rule or "")


def check_text(e: Evaluation) -> str:
    """Reading and technical checks only: one line per problem, grouped by bid."""
    out: list[str] = []
    by_bid: dict[int, BidOutcome] = {o.index: o for o in e.outcomes}
    for i in range(len(e.bids)):
        o = by_bid[i]
        bid = e.bids[i]
        lines = [_problem_line(p) for p in bid.errors]
        if o.status is Status.INVALID:  # errors the evaluation found (a missing field, a duplicate reference)
            lines += [f"  error: {shown(reason_text(g))}" for g in o.grounds if g not in bid.errors]
        lines += [f"  fail — {check_title(c.id)}: {shown(check_sentence(c))}" for c in o.checks if c.passed is False]
        lines += [_problem_line(p) for p in bid.warnings]
        verdict = {Status.INVALID: "invalid", Status.NON_RESPONSIVE: "non-responsive"}.get(
            o.status, "passes every check"
        )
        out.append(
            f"{_t(o.bid_ref) or '(no reference)'} — {_t(o.bidder_name) or '(no name)'} ({_t(o.source.path)}): {verdict}"
        )
        out += lines
    loose = _loose(e)
    if loose:
        out += ["", "Files and decisions"]
        out += [_problem_line(p) for p in loose]
    sm = e.summary
    out += [
        "",
        f"{sm.bids_received} bids: {sm.qualified} pass every check, {sm.non_responsive} non-responsive, "
        f"{sm.invalid} invalid.",
    ]
    return "\n".join(out) + "\n"


def _t(value: str | None) -> str:
    """A bid's own text or a file name, on one line with its controls escaped ('' for none)."""
    return shown(value) if value else ""


def _problem_line(p: Problem) -> str:
    return f"  {p.severity.value}: {shown(where_text(p.path, p.sheet, p.cell, p.line))}: {shown(problem_text(p))}"


def _reasons(o: BidOutcome) -> list[str]:
    return [shown(reason_text(g)) for g in o.grounds]


def _loose(e: Evaluation) -> list[Problem]:
    """Problems that belong to no bid read: files that gave no bid, and decisions for unknown bid references."""
    refs = {b.bid_ref for b in e.bids if b.bid_ref}
    return [p for p in e.problems if p.bid_ref not in refs]
