"""What an evaluation produces: per-bid outcomes, the summary, and the whole `Evaluation`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, make_dataclass
from datetime import datetime
from enum import StrEnum
from itertools import starmap
from typing import Any, ClassVar, cast

from repm_bids.domain.committee import Tie
from repm_bids.domain.models import Bid, Decision, InputFile, Location, Params, Problem, Severity
from repm_bids.domain.scheme import Scheme
from repm_bids.domain.wording import check_text, finding_text, reason_text


class Status(StrEnum):
    AWARDED = "awarded"
    PARTIAL = "partially_awarded"
    WAITLISTED = "waitlisted"
    NON_RESPONSIVE = "non_responsive"
    INVALID = "invalid"
    QUALIFIED = "qualified"  # technically qualified, before the prices are opened (two covers)
    WITHDRAWN = "withdrawn"  # an awardee that withdrew after the award: ranked, awarded nothing

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def qualified(self) -> bool:
        return self in QUALIFIED_STATUSES


# Sets of members made once: reading `Status.AWARDED` is a call into the enum machinery, and a filter over a thousand
# outcomes that named the members at every outcome took ten times as long as one that looks them up in a set.
QUALIFIED_STATUSES = frozenset({Status.AWARDED, Status.PARTIAL, Status.WAITLISTED, Status.QUALIFIED, Status.WITHDRAWN})
AWARD_STATUSES = frozenset({Status.AWARDED, Status.PARTIAL})
_WAITLISTED = Status.WAITLISTED

_STATUS_LABELS = {
    Status.AWARDED: "Awarded",
    Status.PARTIAL: "Partially awarded",
    Status.WAITLISTED: "Waitlisted",
    Status.NON_RESPONSIVE: "Non-responsive",
    Status.INVALID: "Invalid",
    Status.QUALIFIED: "Technically qualified",
    Status.WITHDRAWN: "Withdrawn",
}


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """One technical check of one bid, as data. `passed` is None where the check does not apply (or could not run);
    `case` says which of the check's outcomes it is (e.g. "above" the cap) and `params` its figures; `at` is where
    the value it is about was read (the cell or line), or the committee's decision. The sentence is `message`,
    made by `domain.wording`."""

    kind: ClassVar[str] = "check"
    id: str
    passed: bool | None
    case: str
    params: Params = ()
    at: Location | None = None

    @property
    def figures(self) -> dict[str, Any]:
        return dict(self.params)

    @property
    def message(self) -> str:
        return check_text(self)


@dataclass(frozen=True, slots=True)
class Allotment:
    """Why a qualified bid was waitlisted or only partly awarded: a `code` and its figures (sentence in
    `domain.wording`)."""

    kind: ClassVar[str] = "allotment"
    code: str
    params: Params = ()

    @property
    def figures(self) -> dict[str, Any]:
        return dict(self.params)


@dataclass(frozen=True, slots=True)
class Finding:
    """A fact about the whole evaluation (or one bid's quote) that the committee records with its justification: a
    note for the committee, not a verdict. `code` and figures are data; the sentence is `message`
    (`domain.wording`). `pending` marks what keeps the result provisional until the committee decides."""

    kind: ClassVar[str] = "finding"
    code: str
    params: Params = ()
    justification: str = ""
    pending: bool = False

    @property
    def figures(self) -> dict[str, Any]:
        return dict(self.params)

    @property
    def message(self) -> str:
        return finding_text(self)


Reason = Problem | CheckOutcome | Allotment
"""Why a bid is where it is: a reading error (invalid), a failed check (non-responsive), or an allotment
(waitlisted, partly awarded)."""


@dataclass(frozen=True, slots=True)
class BidOutcome:
    index: int  # position in Evaluation.bids
    bid: Bid
    bid_ref: str | None
    bidder_name: str | None
    group: str | None
    source: Location
    status: Status
    rank: int | None  # 1.. among qualified bids, in evaluation order
    l_rank: int | None  # 1.. by quoted incentive among qualified bids (L1 = lowest)
    capacity_offered: float | None
    quoted_incentive: float | None
    technical_score: float | None
    financial_score: float | None
    combined_score: float | None
    awarded: float
    incentive_liability_crore: float
    irel_share: float
    capital_subsidy_crore: float
    tie_break: str | None  # the rule that decided this bid's place, where a tie was broken
    checks: Sequence[CheckOutcome]  # made lazily: see domain.evaluation.LazyChecks
    grounds: Sequence[Reason]  # why invalid / non-responsive / waitlisted / partial, as data (a tuple, or the
    # failed checks made when first read: see domain.evaluation.FailedChecks)
    rate_paid: float = 0.0  # INR per kg sold the award is paid (scheme key price_paid); 0 unless awarded

    @property
    def reasons(self) -> tuple[str, ...]:
        """The grounds as sentences (each with where it was found), made by `domain.wording`."""
        return tuple(reason_text(g) for g in self.grounds)

    @property
    def failed_checks(self) -> tuple[CheckOutcome, ...]:
        return tuple(c for c in self.checks if c.passed is False)


# A twin of BidOutcome with the same slots, not frozen: an outcome is made as a twin (each field stored directly),
# then becomes a BidOutcome, frozen from then on. The frozen constructor stores each of the 22 fields through
# object.__setattr__, which made a third of a 1,000-bid re-evaluation.
_OpenOutcome = make_dataclass(
    "_OpenOutcome",
    [(f.name, f.type) for f in fields(BidOutcome)],
    slots=True,
    eq=False,
    repr=False,
    match_args=False,
)


def bid_outcomes(rows: Iterable[tuple[Any, ...]]) -> list[BidOutcome]:
    """A BidOutcome of each row of values (every field, in the fields' order): the same objects as
    `BidOutcome(*row)` makes (equal, alike in repr and pickle, frozen), made about six times faster."""
    made: list[Any] = list(starmap(_OpenOutcome, rows))
    for o in made:
        o.__class__ = BidOutcome
    return cast(list[BidOutcome], made)


@dataclass(frozen=True, slots=True)
class Summary:
    bids_received: int
    invalid: int
    non_responsive: int
    qualified: int
    capacity_offered_total: float
    subscription_ratio: float
    beneficiaries: int
    capacity_awarded: float
    capacity_unawarded: float
    incentive_liability_crore_total: float
    waitlisted: int = 0
    partially_awarded: int = 0
    irel_pool_allocated: float = 0.0
    capital_subsidy_crore_total: float = 0.0
    provisional: bool = False  # a finding awaits the committee: an abnormally low quote, a tie to be drawn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "bids_received": self.bids_received,
            "invalid": self.invalid,
            "non_responsive": self.non_responsive,
            "qualified": self.qualified,
            "capacity_offered_total": self.capacity_offered_total,
            "subscription_ratio": self.subscription_ratio,
            "beneficiaries": self.beneficiaries,
            "capacity_awarded": self.capacity_awarded,
            "capacity_unawarded": self.capacity_unawarded,
            "incentive_liability_crore_total": self.incentive_liability_crore_total,
            "capital_subsidy_crore_total": self.capital_subsidy_crore_total,
            "total_support_crore": self.incentive_liability_crore_total + self.capital_subsidy_crore_total,
            "provisional": self.provisional,
        }


@dataclass(frozen=True, slots=True)
class UnopenedCover:
    """A financial cover returned unopened: kept only by its SHA-256, never parsed."""

    bid_ref: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A whole evaluation. `outcomes` is in the result's order (docs/json-result.md): qualified bids in rank order, then
    the others in input order. `problems` holds every error and warning (file-level and bid-level)."""

    scheme: Scheme
    bids: tuple[Bid, ...]
    decisions: tuple[Decision, ...]
    inputs: tuple[InputFile, ...]
    problems: tuple[Problem, ...]
    outcomes: tuple[BidOutcome, ...]
    summary: Summary
    check_ids: tuple[str, ...]
    evaluated_at: datetime | None = None
    findings: tuple[Finding, ...] = ()
    stage: str = "single_pass"  # "technical" | "prices_opened" | "single_pass"
    unopened: tuple[UnopenedCover, ...] = ()  # financial covers of bids not technically qualified
    single_sitting: bool = False  # both stages in one run, with no approval recorded between them
    ties: tuple[Tie, ...] = ()  # ties whose order decides an award: drawn by the committee, or pending (provisional)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def ranked(self) -> tuple[BidOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status in QUALIFIED_STATUSES)

    def awards(self) -> tuple[BidOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status in AWARD_STATUSES)

    def waitlist(self) -> tuple[BidOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is _WAITLISTED)

    def pending_ties(self) -> tuple[Tie, ...]:
        return tuple(t for t in self.ties if t.pending)

    def rejected(self) -> tuple[BidOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.status.qualified)

    def outcome_for(self, bid_ref: str) -> BidOutcome | None:
        return next((o for o in self.outcomes if o.bid_ref == bid_ref), None)
