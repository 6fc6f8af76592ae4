"""The parts of the Summary sheet that make it a statement a committee signs and files: the tender and the
committee, the financial implication in figures and in words against the outlays, the findings with the committee's
justification, and the sign-off block (each member's declaration, a dissent note, the competent authority's
approval)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from repm_bids.domain import labels as L
from repm_bids.domain.indian import crore, crore_in_words
from repm_bids.domain.local_time import wall_clock_text, zone_heading
from repm_bids.domain.result import BidOutcome, Evaluation
from repm_bids.domain.scheme import PARAMS_BY_KEY
from repm_bids.domain.scheme_documents import meeting_date_text
from repm_bids.io.award_layout import Cell, Column, KeyValue, SheetBuilder, Table, text_height, wrapped_lines

BLANK_SIGNATORIES = 3
INCENTIVE = L.Label("Incentive, most", L.CRORE).heading
CAPITAL_SUBSIDY = L.Label("Capital subsidy", L.CRORE).heading
TOTAL_SUPPORT = L.Label("Total", L.CRORE).heading
PROVISIONAL = (
    "PROVISIONAL RESULT: the committee has yet to decide on the findings marked pending below; the awards are not "
    "final until it records its decision."
)
CONFLICT_OF_INTEREST = (
    "I declare that I have no conflict of interest with any bidder, its group or its members in this tender."
)


def _param(key: str) -> str:
    info = PARAMS_BY_KEY[key]
    return L.Label(info.title, info.unit).heading


def total_support(o: BidOutcome) -> float:
    return o.incentive_liability_crore + o.capital_subsidy_crore


FINANCIAL = Table(  # its columns line up with those of the awards table above it, so the page keeps its width
    "Summary",
    (
        Column("Awardee", lambda o: o.bidder_name, "wrap", min_width=20, max_width=46),
        Column(L.BID_REF.heading, lambda o: o.bid_ref, "text", figure=True, key=True, max_width=24),
        Column(L.RANK.heading, lambda o: o.rank, "center"),
        Column(L.AWARDED.heading, lambda o: o.awarded, "mtpa", figure=True, min_width=11),
        Column(
            INCENTIVE,
            lambda o: o.incentive_liability_crore,
            "crore",
            figure=True,
            total=lambda items: sum(o.incentive_liability_crore for o in items),
            min_width=11,
        ),
        Column(
            CAPITAL_SUBSIDY,
            lambda o: o.capital_subsidy_crore,
            "crore",
            figure=True,
            total=lambda items: sum(o.capital_subsidy_crore for o in items),
            min_width=13,
        ),
        Column(
            TOTAL_SUPPORT,
            total_support,
            "crore",
            figure=True,
            total=lambda items: sum(total_support(o) for o in items),
            min_width=11,
        ),
    ),
    totals=True,
)


def _total(ev: Evaluation) -> float:
    return ev.summary.incentive_liability_crore_total + ev.summary.capital_subsidy_crore_total


def _against(figure: float, outlay: float) -> str:
    left = outlay - figure
    return f"within the outlay, {crore(left)} to spare" if left >= -1e-9 else f"EXCEEDS the outlay by {crore(-left)}"


def in_words(figure: float) -> str:
    """'₹476.25 crore: Rupees four hundred seventy-six crore twenty-five lakh only.'"""
    return f"{crore(figure)}: {crore_in_words(figure)}."


IMPLICATION_ROWS = (
    KeyValue(
        "Incentive, most payable (₹ crore)",
        lambda ev: ev.summary.incentive_liability_crore_total,
        "crore",
        figure=False,  # the total incentive liability above is that figure
        note=lambda ev: _against(ev.summary.incentive_liability_crore_total, ev.scheme.incentive_outlay_crore),
    ),
    KeyValue(
        "Capital subsidy, most (₹ crore)",
        lambda ev: ev.summary.capital_subsidy_crore_total,
        "crore",
        note=lambda ev: _against(ev.summary.capital_subsidy_crore_total, ev.scheme.capital_subsidy_outlay_crore),
    ),
    KeyValue(_param("capital_subsidy_outlay_crore"), lambda ev: ev.scheme.capital_subsidy_outlay_crore, "crore"),
    KeyValue(
        "Total support, most (₹ crore)",
        _total,
        "crore",
        note=lambda ev: _against(_total(ev), ev.scheme.total_outlay_crore),
    ),
    KeyValue(_param("total_outlay_crore"), lambda ev: ev.scheme.total_outlay_crore, "crore"),
)


def build_provisional(ev: Evaluation, sb: SheetBuilder) -> None:
    """A provisional result says so at the top, before anything a reader could take for final."""
    if ev.summary.provisional:
        sb.line(PROVISIONAL, "provisional", height=20)


def build_tender(ev: Evaluation, sb: SheetBuilder) -> None:
    """The tender and the committee as the scheme file names them; a blank line to fill in where it names none."""
    t, c = ev.scheme.tender, ev.scheme.committee
    zone = t.time_zone
    rows = (
        ("Tender (NIT) reference", t.reference),
        ("Tender ID (e-procurement portal)", t.portal_id),
        ("Technical covers opened", wall_clock_text(t.technical_opened, zone) if t.technical_opened else ""),
        ("Financial covers opened", wall_clock_text(t.financial_opened, zone) if t.financial_opened else ""),
        ("Committee met at", c.meeting_place),
        _met_on(ev),
        ("Competent authority", c.competent_authority),
    )
    sb.line()
    start = sb.line("Tender and committee", "section")
    for label, value in rows:
        sb.cells([(label, "label", None), (value or "", "plain" if value else "line", None)], fit=False)
        sb.fit(1, label, "label", max_width=46)
    sb.keep.append((start, sb.next_row - 1))


def _met_on(ev: Evaluation) -> tuple[str, str]:
    """When the committee met, its zone named; without a date in the scheme file, a line to write it on (labelled
    with the zone, so the date written by hand is read on the same clock)."""
    zone, text = ev.scheme.tender.time_zone, meeting_date_text(ev.scheme.committee, ev.scheme.tender.time_zone)
    if text:
        return "Committee met on", text
    return f"Committee met on (date, {zone_heading(zone, ev.evaluated_at or _SOME_DAY)})", ""


_SOME_DAY = datetime(2026, 1, 1, tzinfo=UTC)  # for a zone's label when the evaluation time was not recorded


def build_implication(ev: Evaluation, sb: SheetBuilder) -> tuple[int, int]:
    """Per awardee and in total: the most sales-linked incentive, the capital subsidy and their sum, in figures;
    the totals in words (Indian system) against the outlays. Returns the rows it took."""
    sb.line()
    start = sb.line("Financial implication", "section")
    sb.line(
        "The most each awardee can be paid: the sales-linked incentive on its awarded capacity for the incentive "
        "years at its quote, and the capital subsidy of its capacity slab.",
        "note",
    )
    awards = ev.awards()
    if awards:
        sb.table(FINANCIAL, awards)
    else:
        sb.line("No capacity was awarded: there is no financial implication.", "note")
        sb.line()
    sb.key_values(IMPLICATION_ROWS, ev)
    sb.line("In words (Indian system)", "label")
    sm = ev.summary
    for what, figure in (
        ("Sales-linked incentive", sm.incentive_liability_crore_total),
        ("Capital subsidy", sm.capital_subsidy_crore_total),
        ("Total", _total(ev)),
    ):
        sb.line(f"{what}, {in_words(figure)}", "plain")
    return start, sb.next_row - 1


def build_findings(ev: Evaluation, sb: SheetBuilder) -> None:
    """Each finding the committee records, one line each with its justification where the committee recorded one;
    lines to write the others on after them."""
    if not ev.findings:
        return
    sb.line()
    sb.line("Findings recorded by the committee", "section")
    unjustified = []
    for n, f in enumerate(ev.findings, 1):
        pending = " PENDING: the committee's decision keeps the result provisional." if f.pending else ""
        said = f" Committee's justification: {f.justification}" if f.justification else ""
        paragraph(sb, f"{n}. {f.message}{pending}{said}")
        if not f.justification:
            unjustified.append(n)
    if unjustified:
        if len(unjustified) == len(ev.findings) and len(unjustified) > 1:
            numbers = f"all {len(unjustified)}"
        else:
            numbers = ", ".join(str(n) for n in unjustified[:12]) + (" …" if len(unjustified) > 12 else "")
        sb.line(f"Committee's justification of the findings not yet justified ({numbers}):", "plain")
        for _ in range(3):
            sb.cells([("", "line", None)] * 8, fit=False, height=24)


PARAGRAPH_COLUMNS = 8  # the columns the Summary prints


def paragraph(sb: SheetBuilder, text: str) -> None:
    """Text that wraps within the printed width (merged across the printed columns), never cut at the page edge."""
    # merged columns: their widths, and the five pixels (5/7 of a character) each column past the first adds
    widths = sum(sb.widths.get(c, 8.43) for c in range(1, PARAGRAPH_COLUMNS + 1)) + (PARAGRAPH_COLUMNS - 1) * 5 / 7
    r = sb.cells([(text, "para", None)] + [("", "para", None)] * (PARAGRAPH_COLUMNS - 1), fit=False)
    sb.heights[r] = text_height(wrapped_lines(text, widths), padding=3.0)
    sb.merges.append(f"A{r}:{col(PARAGRAPH_COLUMNS)}{r}")


WIDE_SIGN_OFF = ((1, 1), (2, 3), (4, 5), (6, 7), (8, 8))  # within the eight columns the Summary prints
NARROW_SIGN_OFF = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 5))  # a sheet of a few wide columns


def build_sign_off(
    ev: Evaluation,
    sb: SheetBuilder,
    trail_line: str,
    recommends: str,
    spans: tuple[tuple[int, int], ...] = WIDE_SIGN_OFF,
) -> None:
    """Each member: name, designation, the conflict-of-interest declaration, signature and date; a dissent note;
    the competent authority's approval. Kept on one page. `spans`: the columns of the five fields."""
    sb.line()
    start = sb.line("Sign-off by the evaluation committee", "section")
    sb.line(recommends, "plain")
    sb.line(f"Each member signs the declaration: “{CONFLICT_OF_INTEREST}”", "plain")
    sb.line()
    header = ("Name", "Designation", "No conflict of interest (sign)", "Signature", "Date")
    r = sb.cells(span_row(spans, header, "header"), fit=False, height=30)
    sb.merges += [f"{col(a)}{r}:{col(b)}{r}" for a, b in spans if b > a]
    members = [(m.name, m.designation) for m in ev.scheme.committee.members] or [("", "")] * BLANK_SIGNATORIES
    for name, designation in members:
        sb.fit(1, name, "line", max_width=46)
        r = sb.cells(span_row(spans, (name, designation, "", "", ""), "line"), fit=False, height=36)
        sb.merges += [f"{col(a)}{r}:{col(b)}{r}" for a, b in spans if b > a]
    sb.line()
    sb.line("Dissent, if any (member, and the grounds):", "label")
    for _ in range(2):
        sb.cells([("", "line", None)] * spans[-1][1], fit=False, height=24)
    sb.line()
    authority = ev.scheme.committee.competent_authority
    sb.line(f"Approval of {authority or 'the competent authority'}:", "label")
    sb.line("Approved / not approved (strike out which does not apply), with any direction:", "plain")
    approval = (spans[0], (spans[1][0], spans[2][1]), spans[3], spans[4])
    r = sb.cells(span_row(approval, ("Name", "Designation", "Signature", "Date"), "header"), fit=False)
    sb.merges += [f"{col(a)}{r}:{col(b)}{r}" for a, b in approval if b > a]
    r = sb.cells(span_row(approval, ("", authority, "", ""), "line"), fit=False, height=36)
    sb.merges += [f"{col(a)}{r}:{col(b)}{r}" for a, b in approval if b > a]
    sb.line()
    sb.line(trail_line, "note")
    sb.keep.append((start, sb.next_row - 1))
    sb.own_page.append((start, sb.next_row - 1))  # the signatures on a page of their own: never split nor crowded


def col(n: int) -> str:
    return chr(64 + n)


def span_row(spans: Sequence[tuple[int, int]], texts: Sequence[str], style: str) -> list[Cell | None]:
    row: list[Cell | None] = []
    for (a, b), text in zip(spans, texts, strict=True):
        row.append((text, style, None))
        row.extend(("", style, None) for _ in range(b - a))
    return row
