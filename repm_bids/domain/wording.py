"""Sentences for people, made from reasons that are data: the one place where a problem, a check outcome or an
allocation reason becomes English text. The text report, the award workbook, the JSON result and the application
all call this module, so another language replaces the sentences here without touching a rule.

Pure: no I/O. The rules (`domain.checks`, `domain.evaluation`, the readers) say which case applies and give the
figures; this module only words them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

from repm_bids.domain.fields import FIELDS_BY_KEY
from repm_bids.domain.file_words import FIELD_TEXT, FILE_TEXT, FieldWords
from repm_bids.domain.indian import indian_number
from repm_bids.domain.local_time import local_text

# What this module words, as it sees them. It imports none of the records (models, result, checks), so that they
# can give their sentences through it without an import loop.
Figures = tuple[tuple[str, Any], ...]


class At(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def sheet(self) -> str | None: ...
    @property
    def cell(self) -> str | None: ...
    @property
    def line(self) -> int | None: ...


class Problem(At, Protocol):
    """domain.models.Problem"""

    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def field(self) -> str | None: ...
    @property
    def params(self) -> Figures: ...


class CheckOutcome(Protocol):
    """domain.result.CheckOutcome"""

    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def passed(self) -> bool | None: ...
    @property
    def case(self) -> str: ...
    @property
    def params(self) -> Figures: ...
    @property
    def at(self) -> At | None: ...


class Allotment(Protocol):
    """domain.result.Allotment"""

    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def params(self) -> Figures: ...


Reason = Problem | CheckOutcome | Allotment


def fmt(x: float | None, decimals: int | None = None) -> str:
    """1200.0 -> '1,200'; 1950.5 -> '1,950.5'; 9666300 -> '96,66,300' (Indian grouping, negatives too); with
    decimals, exactly that many; None or NaN -> 'blank'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "blank"
    if decimals is None:
        if float(x).is_integer():
            return indian_number(x, 0)
        return indian_number(x, 2).rstrip("0").rstrip(".")
    return indian_number(x, decimals)


def file_name(path: str | None) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] if path else "(no file)"


def where_text(path: str | None, sheet: str | None, cell: str | None, line: int | None) -> str:
    """'bids.xlsx, sheet Bid Form, cell B9' — for one-line reports."""
    parts = [file_name(path)]
    if sheet:
        parts.append(f"sheet {sheet}")
    if cell:
        parts.append(f"cell {cell}")
    if line is not None:
        parts.append(f"line {line}")
    return ", ".join(parts)


def field_label(key: str | None) -> str:
    if key is None:
        return ""
    f = FIELDS_BY_KEY.get(key)
    return f.label if f is not None else key


# -- problems ----------------------------------------------------------------------------------------------------------
def _missing_field(p: Mapping[str, Any], field: str | None) -> str:
    return f"{field_label(field)} is missing."


def _duplicate_bid_ref(p: Mapping[str, Any], field: str | None) -> str:
    spelled = p.get("spellings")
    also = f" (also written {', '.join(repr(x) for x in spelled)})" if spelled else ""
    head = f"Bid reference {p['bid_ref']}{also} appears in {p['count']} bids ({', '.join(p['files'])})"
    if p.get("receipt_holder"):
        return f"{head}; the receipt register gives it to {p['receipt_holder']}, so this bid is invalid."
    return (
        f"{head}; references are compared without case, spaces, punctuation, invisible characters or look-alike "
        "letters, and the tool cannot tell these bids apart, so every bid with this reference is invalid."
    )


def _decision_unknown_bid(p: Mapping[str, Any], field: str | None) -> str:
    return f"The decision names bid reference {p['bid_ref']}, which is not among the bids read."


def _bid_removed(p: Mapping[str, Any], field: str | None) -> str:
    return f"Bid {p['bid_ref'] or '(no reference)'} was removed from the evaluation by the committee."


def _text(p: Mapping[str, Any], field: str | None) -> str:
    return str(p.get("text", ""))


def _cover(p: Mapping[str, Any]) -> str:
    return f"The financial cover {p['file']}"


_COVER_TEXT: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "cover_unknown_bid": lambda p: f"{_cover(p)} is for bid {p['bid_ref']}, which is not among the technical covers.",
    "cover_twice": lambda p: f"{_cover(p)} is a second cover for bid {p['bid_ref']} (the first is {p['first']}).",
    "cover_missing": lambda p: (
        f"No financial cover was given for bid {p['bid_ref']}, which is technically qualified"
        f" (covers given: {p['file']})."
    ),
    "cover_no_reference": lambda p: f"{_cover(p)} names no bid reference.",
    "cover_no_price": lambda p: f"{_cover(p)} holds no readable quote for bid {p['bid_ref']}.",
    "cover_other_bid": lambda p: f"{_cover(p)} is named for bid {p['named']} but holds bid {p['bid_ref']}.",
    "cover_unreadable": lambda p: f"{_cover(p)} cannot be read: {p['why']}",
    "covers_single": lambda p: "This scheme has one cover (process.covers = 1): there are no financial covers to open.",
    "prices_open_already": lambda p: "The financial covers are open already; reopen the technical stage first.",
}


def _list(refs: Any) -> str:
    return ", ".join(str(r) for r in refs or ())


_COMMITTEE_TEXT: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "receipt_unknown_bid": lambda p: (
        f"The receipt register names bid reference {p['bid_ref']}, which is not among the bids read."
    ),
    "receipt_no_reference": lambda p: "This row of the receipt register names no bid reference.",
    "receipt_bad_time": lambda p: (
        f"Received at for bid {p['bid_ref']} must be a date and time such as 30/06/2026 14:05 or 2026-06-30 14:05; "
        f"found {p['text']!r}, so the bid has no time in the register."
        if p.get("text")
        else f"Received at for bid {p['bid_ref']} is empty, so the bid has no time in the register."
    ),
    "receipt_bad_cell": lambda p: f"This cell of the receipt register cannot be used: {p['why']}",
    "receipt_twice": lambda p: (
        f"Bid reference {p['bid_ref']} is in the receipt register twice (first at "
        + (f"cell {p['first_cell']}" if p.get("first_cell") else f"line {p.get('first_line')}")
        + "); with two times it has none: the register must give one time for each bid."
    ),
    "receipt_columns": lambda p: (
        f"The receipt register has no column {_list(p['missing'])}; it needs Bid reference and Received at."
    ),
    "withdrawn_unknown_bid": lambda p: (
        f"A withdrawal names bid reference {p['bid_ref']}, which is not among the bids read."
    ),
    "draw_not_applied": lambda p: (
        f"The draw recorded for bids {_list(p['bid_refs'])} settles no tie of this result (those bids are not tied "
        "together now); it was not applied."
    ),
    "draw_before_prices": lambda p: (
        f"A draw for bids {_list(p['bid_refs'])} cannot be recorded before the prices are opened: a tie is known only "
        "then."
    ),
    "withdraw_before_prices": lambda p: (
        f"Bid {p['bid_ref']} cannot withdraw after the award: the prices are not opened yet, so there is no award."
    ),
    "withdraw_not_awarded": lambda p: (
        f"Bid {p['bid_ref']} is {p['status']}, not an awardee: only an awardee can withdraw after the award."
    ),
    "draw_not_a_tie": lambda p: (
        f"The draw names bids {_list(p['bid_refs'])}, which are not exactly the bids of a tie this result names "
        + (f"(ties to be drawn: {'; '.join(p['ties'])})." if p.get("ties") else "(no tie needs a draw).")
    ),
    "tie_rule_no_register": lambda p: (
        f"Bids {_list(p['bid_refs'])} are still tied when the rule {p['rule']} is reached, and no receipt register "
        "was given: the rule was skipped for them."
    ),
    "tie_rule_missing_time": lambda p: (
        f"Bids {_list(p['bid_refs'])} are still tied when the rule {p['rule']} is reached, but "
        + (
            f"the receipt register gives no time for {_list(p['lacking'])}"
            if p["rule"] == "received_at"
            else f"no time is known for {_list(p['lacking'])}"
        )
        + ": the rule was skipped for them."
    ),
}


def _approved(p: Mapping[str, Any], verb: str = "was approved") -> str:
    if not p.get("by"):
        return f"The technical evaluation {verb}"
    return f"The technical evaluation {verb} by {p['by']} on {local_text(datetime.fromisoformat(p['at']))}"


_STAGE_TEXT: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "stage_frozen": lambda p: (
        f"{_approved(p)}: its inputs, decisions, clarifications and scheme are frozen, so {p['what'] or 'this change'}"
        " cannot be made. Reopen the technical stage (with the reason) to change them."
    ),
    "stage_single_cover": lambda p: (
        "This evaluation has one cover (process.covers = 1): it has no stages to approve, open or reopen."
    ),
    "stage_approved_already": lambda p: f"{_approved(p, 'has been approved already')}; it cannot be approved twice.",
    "stage_not_approved": lambda p: (
        "The technical evaluation has not been approved: the financial covers are opened only after the committee "
        "approves it."
    ),
    "stage_prices_open_already": lambda p: "The financial covers are open already; reopen the technical stage first.",
    "stage_nothing_to_reopen": lambda p: (
        "The evaluation is at its technical stage already: there is nothing to reopen."
    ),
    "stage_prices_not_open": lambda p: "The financial covers have not been opened: there is no award to act on yet.",
    "stage_no_quote_yet": lambda p: (
        "The financial covers have not been opened: there is no quote to accept or reject yet."
    ),
    "stage_no_bids": lambda p: "No bid has been read: there is no technical evaluation to approve.",
    "stage_no_name": lambda p: "The committee member who approves must be named.",
    "stage_no_reason": lambda p: "Reopening the technical stage needs a reason; it is recorded in the audit trail.",
    "clarify_unknown_field": lambda p: f"{p['field']!r} is not a field of the bid form.",
    "clarify_field_not_allowed": lambda p: (
        f"{p['field']} cannot be clarified: the price is in the sealed financial cover and the bid reference is how "
        "the bid is known; only a technical field of the bid takes a verified value."
    ),
    "clarify_unknown_bid": lambda p: f"No bid has the reference {p['bid_ref']}.",
    "clarify_ambiguous_bid": lambda p: (
        f"{p['count']} bids have the reference {p['bid_ref']}: a clarification cannot tell which bid it is for."
    ),
    "clarify_no_value": lambda p: f"The verified value for bid {p['bid_ref']} is empty; give the value verified.",
    "clarify_no_reason": lambda p: f"A clarification of bid {p['bid_ref']} needs a reason; it is shown with the value.",
    "clarify_unreadable": lambda p: f"The verified value {p['text']!r} cannot be used: {p['why']}",
    "clarify_none": lambda p: f"No clarification of {field_label(p['field'])} is recorded for bid {p['bid_ref']}.",
}


def _figures_only(words: Callable[[Mapping[str, Any]], str]) -> Callable[[Mapping[str, Any], str | None], str]:
    return lambda p, field: words(p)


def _labelled(words: FieldWords) -> Callable[[Mapping[str, Any], str | None], str]:
    """A field problem's words, given the field's label (or the `label` figure when the field is not a bid form's)."""
    return lambda p, field: words(p, str(p.get("label") or field_label(field)))


PROBLEM_TEXT: Mapping[str, Callable[[Mapping[str, Any], str | None], str]] = {
    "recorded": _text,
    **{code: _figures_only(words) for code, words in FILE_TEXT.items()},
    **{code: _labelled(words) for code, words in FIELD_TEXT.items()},
    "missing_field": _missing_field,
    "column_twice": lambda p, field: (
        f"The column {field_label(field)!r} appears twice in the header; the first one is used."
    ),
    **{code: _figures_only(words) for code, words in _COVER_TEXT.items()},
    **{code: _figures_only(words) for code, words in _COMMITTEE_TEXT.items()},
    **{code: _figures_only(words) for code, words in _STAGE_TEXT.items()},
    "price_in_technical": lambda p, field: (
        "The technical cover holds a price; it was not read (the price belongs in the sealed financial cover)."
    ),
    "duplicate_bid_ref": _duplicate_bid_ref,
    "decision_unknown_bid": _decision_unknown_bid,
    "bid_removed": _bid_removed,
}
"""Each problem code's sentence, from its figures and the field it is about."""


def problem_text(p: Problem) -> str:
    """The sentence of a problem (without where it is)."""
    words = PROBLEM_TEXT.get(p.code)
    if words is None:  # a code this version does not word: still say what is known
        return f"{p.code}: " + ", ".join(f"{k} {v}" for k, v in p.params)
    return words(dict(p.params), p.field)


def reason_words(code: str, figures: Mapping[str, Any], field: str | None = None) -> str:
    """The sentence of a problem's code and figures before it is a problem (a reader's reason a value cannot be
    read, which becomes a problem once it is known where)."""
    words = PROBLEM_TEXT.get(code)
    return (
        words(figures, field) if words is not None else f"{code}: " + ", ".join(f"{k} {v}" for k, v in figures.items())
    )


def problem_line(p: Problem) -> str:
    """'The sentence. (bids.xlsx, sheet Bid Form, cell B9)' — a reason that names where it was found."""
    return f"{problem_text(p)} ({where_text(p.path, p.sheet, p.cell, p.line)})"


# -- checks ------------------------------------------------------------------------------------------------------------
CHECK_TITLES: Mapping[str, str] = {
    "capacity_range": "Capacity within the per-bid range",
    "capacity_step": "Capacity a multiple of the step",
    "incentive_ceiling": "Quote within the incentive ceiling",
    "net_worth": "Net worth for the capacity",
    "investment": "Minimum proposed investment",
    "integration": "Integrated oxide-to-magnet plant",
    "commissioning": "Commissioning time",
    "consortium_lead": "Consortium lead member equity",
    "dpr": "Detailed Project Report",
    "bid_security": "Bid security",
    "bid_security_form": "Bid security form",
    "bid_security_validity": "Bid security validity",
    "land_border": "Land-border registration",
    "debarment": "Declaration: not debarred",
    "consortium_members": "Consortium members' equity",
    "partners": "One bid per partner",
    "group": "One bid per group",
    "committee": "Committee's technical decision",
    "technical_score": "Minimum technical score",
    "sealed_price": "No price in the technical cover",
}
"""Each check's title, by the check's id in `domain.checks`."""


def check_title(check_id: str) -> str:
    """The check's title ('Capacity within the per-bid range')."""
    return CHECK_TITLES.get(check_id) or check_id.replace("_", " ").capitalize()


def _u(p: Mapping[str, Any]) -> str:
    return str(p.get("unit", ""))


def _capacity(p: Mapping[str, Any]) -> str:
    return f"Capacity offered {fmt(p['capacity'])} {_u(p)}"


def _investment(p: Mapping[str, Any]) -> str:
    return "Eligible investment" if p.get("basis") == "eligible" else "Proposed investment"


def _stages_missing(p: Mapping[str, Any]) -> str:
    return ", no ".join(field_label(k).lower() for k in p.get("missing", ()))


def _land_border(p: Mapping[str, Any]) -> str:
    """Who in the bid is from a country sharing a land border with India: the bidder, its consortium members, or both
    (a figure kept before members were read names only the bidder's country)."""
    members = p.get("members") or ""
    who = f"consortium member{'s' if p.get('several') else ''} {members}"
    if not members:
        return f"Incorporated in {p['country']}, which shares a land border with India"
    if p.get("bidder"):
        return f"Incorporated in {p['country']}, which shares a land border with India, as is {who}"
    return f"The {who} {'are' if p.get('several') else 'is'} incorporated in a country sharing a land border with India"


def _technical(p: Mapping[str, Any], verb: str) -> str:
    return f"Technical score {fmt(p['score'], p['decimals'])} {verb} the minimum of {fmt(p['min'])}."


def _quote(p: Mapping[str, Any], key: str) -> str:
    """A quote or a ceiling in its unit: ₹ per kg, or ₹ crore where bids quote the whole incentive."""
    if p.get("basis") == "total_crore":
        return f"₹{fmt(p[key])} crore"
    return f"₹{fmt(p[key])}/kg"


_Words = Callable[[Mapping[str, Any]], str]

CHECK_TEXT: Mapping[tuple[str, str], _Words] = {
    ("capacity_range", "within"): lambda p: f"{_capacity(p)} is within {fmt(p['min'])} to {fmt(p['max'])} {_u(p)}.",
    ("capacity_range", "above"): lambda p: f"{_capacity(p)} is above the cap of {fmt(p['limit'])} {_u(p)}.",
    ("capacity_range", "below"): lambda p: f"{_capacity(p)} is below the minimum of {fmt(p['limit'])} {_u(p)}.",
    ("capacity_step", "multiple"): lambda p: f"{_capacity(p)} is a multiple of {fmt(p['step'])} {_u(p)}.",
    ("capacity_step", "not_multiple"): lambda p: f"{_capacity(p)} is not a multiple of {fmt(p['step'])} {_u(p)}.",
    ("incentive_ceiling", "within"): lambda p: (
        f"Quoted incentive {_quote(p, 'quote')} is within the ceiling of {_quote(p, 'ceiling')}."
    ),
    ("incentive_ceiling", "not_positive"): lambda p: f"Quoted incentive {_quote(p, 'quote')} must be more than zero.",
    ("incentive_ceiling", "below_min"): lambda p: (
        f"Quoted incentive {_quote(p, 'quote')} is below the least quote accepted, {_quote(p, 'min')}."
    ),
    ("incentive_ceiling", "slip"): lambda p: (
        f"Quoted incentive {_quote(p, 'quote')} is below 1% of the ceiling ({_quote(p, 'floor')}): a likely "
        "slip of typing, not a price; the committee should read the financial bid as written."
    ),
    ("incentive_ceiling", "above"): lambda p: (
        f"Quoted incentive {_quote(p, 'quote')} is above the ceiling of {_quote(p, 'ceiling')}."
    ),
    ("net_worth", "no_slab"): lambda p: f"No net-worth slab covers a capacity of {fmt(p['capacity'])} {_u(p)}.",
    ("net_worth", "meets"): lambda p: (
        f"Net worth ₹{fmt(p['net_worth'])} crore meets the ₹{fmt(p['needed'])} crore required for "
        f"{fmt(p['capacity'])} {_u(p)}."
    ),
    ("net_worth", "below"): lambda p: (
        f"Net worth ₹{fmt(p['net_worth'])} crore is below the ₹{fmt(p['needed'])} crore required for "
        f"{fmt(p['capacity'])} {_u(p)}."
    ),
    ("investment", "meets"): lambda p: (
        f"{_investment(p)} ₹{fmt(p['investment'])} crore meets the minimum of ₹{fmt(p['needed'])} crore "
        f"for {fmt(p['capacity'])} {_u(p)}."
    ),
    ("investment", "below"): lambda p: (
        f"{_investment(p)} ₹{fmt(p['investment'])} crore is below the minimum of ₹{fmt(p['needed'])} "
        f"crore for {fmt(p['capacity'])} {_u(p)}."
    ),
    ("integration", "integrated"): lambda p: (
        "The plant integrates all three stages: oxide to metal, metal to alloy, alloy to magnet."
    ),
    ("integration", "not_integrated"): lambda p: f"The plant is not integrated: no {_stages_missing(p)}.",
    ("commissioning", "within"): lambda p: f"Commissioning in {fmt(p['months'])} months is within {p['max']} months.",
    ("commissioning", "negative"): lambda p: f"Commissioning in {fmt(p['months'])} months is not possible.",
    ("commissioning", "late"): lambda p: (
        f"Commissioning in {fmt(p['months'])} months is later than the {p['max']} months allowed."
    ),
    ("consortium_lead", "not_stated"): lambda p: "A consortium must state its lead member's equity.",
    ("consortium_lead", "meets"): lambda p: (
        f"Lead member equity {fmt(p['lead'])}% meets the minimum of {fmt(p['min'])}%."
    ),
    ("consortium_lead", "below"): lambda p: (
        f"Lead member equity {fmt(p['lead'])}% is below the minimum of {fmt(p['min'])}%."
    ),
    ("dpr", "submitted"): lambda p: "A Detailed Project Report was submitted.",
    ("dpr", "not_submitted"): lambda p: "No Detailed Project Report was submitted.",
    ("bid_security", "furnished"): lambda p: f"Bid security of ₹{fmt(p['security'])} crore was furnished.",
    ("bid_security", "not_furnished"): lambda p: "No bid security was furnished.",
    ("bid_security", "short"): lambda p: (
        f"Bid security of ₹{fmt(p['security'])} crore is less than the ₹{fmt(p['needed'])} crore required "
        f"for {fmt(p['capacity'])} {_u(p)}."
    ),
    ("bid_security_form", "accepted"): lambda p: f"Bid security form: {p['form']}, accepted.",
    ("bid_security_form", "not_accepted"): lambda p: (
        f"Bid security form: {p['form']}, which this scheme does not accept (accepted: {p['accepted']})."
    ),
    ("bid_security_form", "unknown"): lambda p: (
        f"Bid security form {p['text']!r} is not one of the forms accepted ({p['accepted']})."
    ),
    ("bid_security_form", "not_stated"): lambda p: (
        f"The bid does not state its bid security's form; the forms accepted are {p['accepted']}."
    ),
    ("bid_security_validity", "valid"): lambda p: (
        f"The bid security is valid until {p['until']}, at least {p['days']} days after submission."
    ),
    ("bid_security_validity", "short"): lambda p: (
        f"The bid security is valid until {p['until']}, {p['left']} days after submission; {p['days']} are required."
    ),
    ("bid_security_validity", "not_stated"): lambda p: (
        f"The bid does not state until when its bid security is valid; {p['days']} days after submission are required."
    ),
    ("land_border", "registered"): lambda p: f"{_land_border(p)}: registered ({p['reference']}).",
    ("land_border", "not_registered"): lambda p: f"{_land_border(p)}, and not registered with the competent authority.",
    ("land_border", "no_reference"): lambda p: (
        f"{_land_border(p)}: registered, but the registration's reference is not given."
    ),
    ("debarment", "declared"): lambda p: "The bidder declares it is not debarred.",
    ("debarment", "debarred"): lambda p: "The bidder does not declare that it is not debarred (it answered No).",
    ("debarment", "not_declared"): lambda p: "The bid has no declaration that the bidder is not debarred.",
    ("consortium_members", "sums"): lambda p: f"{p['members']} consortium members hold 100% of the equity.",
    ("consortium_members", "not_100"): lambda p: (
        f"The {p['members']} consortium members' equity adds up to {fmt(p['total'])}%, not 100%."
    ),
    ("consortium_members", "unreadable"): lambda p: (
        f"Consortium members {p['text']!r} are not in the form 'Name: equity; Name: equity'."
    ),
    ("partners", "single"): lambda p: "No firm of this bid is in another bid.",
    ("partners", "several"): lambda p: (
        "A firm of this bid (its bidder or a consortium member) is also a consortium member in another bid: one "
        "bid per partner."
    ),
    ("group", "cap"): lambda p: "Group cap: the group's awards together stay within the per-beneficiary cap.",
    ("group", "single"): lambda p: "No other bid from the same group.",
    ("group", "several"): lambda p: (
        f"The group {p['group']} submitted more than one bid; every bid of the group is non-responsive."
    ),
    ("committee", "qualified"): lambda p: "The committee found the bid technically qualified.",
    ("committee", "not_qualified"): lambda p: "The committee found the bid not technically qualified.",
    ("committee", "low_quote_rejected"): lambda p: "The committee rejected the bid's abnormally low quote.",
    ("technical_score", "meets"): lambda p: _technical(p, "meets"),
    ("technical_score", "below"): lambda p: _technical(p, "is below"),
    ("sealed_price", "sealed"): lambda p: "The technical cover holds no price.",
    ("sealed_price", "price_in_technical"): lambda p: (
        "The technical cover holds a price; it was not read, and the bid is rejected (the price belongs in the "
        "sealed financial cover)."
    ),
}
"""Each (check, case)'s sentence, from its figures."""

NOT_APPLICABLE_TEXT: Mapping[str, str] = {
    "not_consortium": "Not a consortium.",
    "no_decision": "No committee decision recorded.",
    "qcbs_only": "Applies to qualified bids under QCBS only.",
    "not_lcs": "Not used under LCS.",
    "not_restricted": "Group bids are not restricted by this scheme.",
    "group_unknown": "Group not known.",
    "not_required": "Not required by this scheme.",
    "not_land_border": "The bid names no firm incorporated in a country sharing a land border with India.",
    "not_stated": "Not stated, and not required by this scheme.",
    "not_listed": "No consortium members listed.",
    "not_read": "Not checked: a value it needs could not be read.",
    "warn_only": "A price in the technical cover is a warning under this scheme.",
    "price_sealed": "Checked when the financial covers are opened.",
}
"""Why a check did not apply to a bid."""


def check_text(c: CheckOutcome) -> str:
    """The sentence of one check outcome (without where the value was read)."""
    if c.passed is None:
        return NOT_APPLICABLE_TEXT.get(c.case, c.case)
    words = CHECK_TEXT.get((c.id, c.case))
    return words(dict(c.params)) if words is not None else f"{c.id}: {c.case}"


def check_where(c: CheckOutcome) -> str:
    """' (acme.xlsx, sheet Bid Form, cell B9)' or ' (a.csv, line 3)' where the value was read; '' otherwise."""
    at = c.at
    if at is None or (at.cell is None and at.line is None):
        return ""
    if at.cell:
        return f" ({where_text(at.path, at.sheet, at.cell, None)})"
    return f" ({where_text(at.path, None, None, at.line)})"


# -- allotments --------------------------------------------------------------------------------------------------------
ALLOTMENT_TEXT: Mapping[str, _Words] = {
    "none": lambda p: "",
    "beneficiaries": lambda p: f"All {p['max_beneficiaries']} awards had been made before this bid was reached.",
    "partly_exhausted": lambda p: (
        f"Partly awarded: {fmt(p['awarded'])} of {fmt(p['capacity'])} {_u(p)} offered; only "
        f"{fmt(p['remaining'])} {_u(p)} remained."
    ),
    "exhausted": lambda p: (
        f"Only {fmt(p['remaining'])} {_u(p)} remained, less than the minimum award of {fmt(p['min'])} {_u(p)}."
    ),
    "below_min": lambda p: (
        f"Only {fmt(p['remaining'])} {_u(p)} remained; rounded down to the {fmt(p['step'])} {_u(p)} step that is "
        f"less than the minimum award of {fmt(p['min'])} {_u(p)}."
    ),
    "no_partial": lambda p: (
        f"Offered {fmt(p['capacity'])} {_u(p)} but only {fmt(p['remaining'])} {_u(p)} remained, and partial awards "
        "are not allowed."
    ),
    "group_no_partial": lambda p: (
        f"Offered {fmt(p['capacity'])} {_u(p)}, more than the group's earlier awards leave under the cap of "
        f"{fmt(p['max'])} {_u(p)}, and partial awards are not allowed."
    ),
    "partly_group_cap": lambda p: (
        f"Partly awarded: {fmt(p['awarded'])} of {fmt(p['capacity'])} {_u(p)}; the group's awards together reach "
        f"the cap of {fmt(p['max'])} {_u(p)}."
    ),
    "group_cap": lambda p: (
        f"The group's earlier awards leave less than the minimum award of {fmt(p['min'])} {_u(p)} under the group cap."
    ),
    "withdrawn": lambda p: (
        "Withdrew after the award; the capacity was allocated again down the ranked list without this bid."
    ),
}
"""Why a qualified bid was waitlisted or partly awarded."""


def allotment_text(a: Allotment) -> str:
    words = ALLOTMENT_TEXT.get(a.code)
    return words(dict(a.params)) if words is not None else a.code


# -- findings ----------------------------------------------------------------------------------------------------------
def _refs(p: Mapping[str, Any]) -> str:
    return ", ".join(str(r) for r in p.get("bid_refs", ()))


_LOW_DECISION: Mapping[str, str] = {
    "pending": "the result is provisional until the committee accepts or rejects the quote.",
    "accepted": "the committee accepted the quote.",
    "rejected": "the committee rejected the bid.",
}

FINDING_TEXT: Mapping[str, _Words] = {
    "single_qualified": lambda p: (
        f"Only one bid ({p['bid_ref']}) qualified: the committee records why a single bid is accepted, or "
        "considers re-tendering."
    ),
    "fewer_qualified": lambda p: (
        f"{p['qualified']} bids qualified, fewer than the {p['beneficiaries']} beneficiaries the scheme selects."
    ),
    "capacity_unawarded": lambda p: (
        f"{fmt(p['unawarded'])} of the {fmt(p['total'])} {_u(p)} on offer is left unawarded: the committee records "
        "whether it is to be re-tendered."
    ),
    "quotes_at_ceiling": lambda p: (
        f"Bids {_refs(p)} all quote the ceiling exactly: a note for the committee, not a verdict."
    ),
    "equal_quotes": lambda p: (
        f"Bids {_refs(p)} quote the same {_quote(p, 'quote')}: a note for the committee, not a verdict."
    ),
    "tie_draw": lambda p: (
        (
            f"Bids {_refs(p)} are tied after the scheme's rules and their order decides the award: the committee's "
            f"draw of lots, witnessed by {p['witnesses']}, placed them {_list(p['order'])}."
        )
        if p.get("drawn")
        else (
            f"Bids {_refs(p)} are tied after the scheme's rules and their order decides the award: the result is "
            "provisional until the committee records a draw of lots for them."
        )
    ),
    "abnormally_low": lambda p: (
        f"Bid {p['bid_ref']} quotes {_quote(p, 'quote')}, below the abnormally low band of {_quote(p, 'band')}: "
        + _LOW_DECISION.get(str(p.get("decision")), "")
    ),
}
"""Each finding's sentence, from its figures."""


class Finding(Protocol):
    """domain.result.Finding"""

    @property
    def code(self) -> str: ...
    @property
    def params(self) -> Figures: ...


def finding_text(f: Finding) -> str:
    words = FINDING_TEXT.get(f.code)
    return words(dict(f.params)) if words is not None else f.code


TIE_BREAK_TEXT: Mapping[str, str] = {
    "capacity_desc": "more capacity offered",
    "received_at": "earlier receipt (receipt register)",
    "submitted_at": "earlier submission (as the bidder typed it)",
    "lot": "seeded lot",
    "draw": "the committee's draw of lots",
    "bid_ref": "bid reference (the order changes no award)",
}


# -- reasons -----------------------------------------------------------------------------------------------------------
def liability_rule(unit: str, years: int, quote_basis: str, price_paid: str) -> str:
    """How each award's incentive liability is worked out, in words, for the scheme's keys quote_basis and
    price_paid."""
    if price_paid == "l1_rate":
        rate = "L1's rate (₹/kg, paid to every awardee)"
    elif quote_basis == "total_crore":
        return f"Incentive liability = the total incentive quoted (₹ crore), scaled by awarded ÷ offered {unit}."
    else:
        rate = "the awardee's own quote (₹/kg)"
    return f"Incentive liability = awarded {unit} × 1,000 kg × {years} years × {rate} ÷ 10^7, in ₹ crore."


def irel_rule(ranks: int, split: str | tuple[float, ...], unit: str) -> str:
    """How the IREL oxide is shared among the first awardees (the scheme's irel_split), in words."""
    if split == "equal":
        return f"to the first {ranks} awardees, in equal shares"
    if isinstance(split, tuple):
        shares = ", ".join(f"{x:g}" for x in split)
        return f"to the first {ranks} awardees, fixed by rank: {shares} {unit}"
    return f"to the first {ranks} awardees, in proportion to their awards"


def decision_words(qualified: bool | None, low_quote: bool | None) -> str:
    """The committee's decisions on a bid in words: 'qualified', 'not qualified', 'low quote accepted',
    'qualified, low quote rejected' (empty when it decided nothing)."""
    words = [] if qualified is None else ["qualified" if qualified else "not qualified"]
    if low_quote is not None:
        words.append(f"low quote {'accepted' if low_quote else 'rejected'}")
    return ", ".join(words)


def reason_sentence(r: Reason) -> str:
    """The sentence of a reason, without where it was found (the workbook gives that in its own columns)."""
    if r.kind == "allotment":
        return allotment_text(r)  # type: ignore[arg-type]
    if r.kind == "check":
        c: CheckOutcome = r  # type: ignore[assignment]
        text = check_text(c)
        remarks = dict(c.params).get("remarks") if c.id == "committee" else None
        return f"{text[:-1]}: {remarks}" if remarks else text
    return problem_text(r)  # type: ignore[arg-type]


def reason_text(r: Reason) -> str:
    """A reason as one line: its sentence and where it was found."""
    if r.kind == "allotment":
        return allotment_text(r)  # type: ignore[arg-type]
    if r.kind == "check":
        c: CheckOutcome = r  # type: ignore[assignment]
        return reason_sentence(c) if c.id == "committee" else check_text(c) + check_where(c)
    return problem_line(r)  # type: ignore[arg-type]


def reason_about(r: Reason) -> str | None:
    """What a reason is about: the check's title or the field's label."""
    if r.kind == "check":
        return check_title(r.id)  # type: ignore[union-attr]
    if r.kind == "allotment":
        return None
    p: Problem = r  # type: ignore[assignment]
    return field_label(p.field) if p.field else None
