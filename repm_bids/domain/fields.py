"""The bid form, declared once.

The template writer, the readers, the checks, the JSON and the award workbook all take labels, keys, types and
units from here (docs/bid-files.md, section 2). Nothing else in the code base spells a field's label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class FieldType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # one of FieldSpec.choices
    NUMBER = "number"
    WHOLE = "whole number"
    PERCENT = "percent"
    YES_NO = "yes/no"
    DATETIME = "date-time"


class Cover(StrEnum):
    TECHNICAL = "Bid Form"  # sheet name of the technical cover
    FINANCIAL = "Financial Bid"  # sheet name of the financial cover


@dataclass(frozen=True, slots=True)
class Bounds:
    """What a field can plausibly hold. A value outside is refused, never guessed at; where the value divided by
    `slip` falls inside, the refusal offers that reading (a net worth typed in rupees in a crore field)."""

    low: float
    high: float
    slip: float | None = None  # the factor of a common slip, e.g. 10^7 for rupees typed in a crore field
    slip_as: str = ""  # what the figure then looks like: "rupees, not crore"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    type: FieldType
    required: bool  # required of every bid; see `required_if`
    cover: Cover = Cover.TECHNICAL
    unit: str | None = None  # shown to bidders, e.g. "MTPA"
    unit_words: tuple[str, ...] = ()  # unit and currency marks accepted beside a number (normalised)
    aliases: tuple[str, ...] = ()  # other labels accepted for the field
    choices: tuple[str, ...] = ()
    required_if: tuple[str, str] | None = None  # (other key, value): required when that field has that value
    help: str = ""  # one line for the template's note column
    former_help: tuple[str, ...] = ()  # notes of earlier templates, still never taken for the value
    bounds: Bounds | None = None  # numbers: the plausible range; date-time: the plausible years
    scales: tuple[tuple[str, float], ...] = ()  # other units accepted with a conversion: ("lakh", 0.01)

    @property
    def is_money(self) -> bool:
        """An amount in rupees (crore or per kg): a currency mark may stand beside the number."""
        return self.unit is not None and self.unit.startswith("INR")

    @property
    def all_labels(self) -> tuple[str, ...]:
        return (self.label, self.key, *self.aliases)


# Units a bidder may write beside the number, compared without case, spaces or dots; a currency mark (₹, Rs, Rs.,
# INR, Rupees) may stand before the number or before or after the unit of a money field.
_CAPACITY_UNITS = (
    "mtpa",
    "mt/annum",
    "mt per annum",
    "mt/year",
    "mt per year",
    "tpa",
    "tonnes per annum",
    "tons per annum",
    "tonnes",
    "tons",
    "t",
    "mt",
)
_CRORE_UNITS = ("crore", "crores", "cr", "crs")
_LAKH = (("lakh", 0.01), ("lakhs", 0.01), ("lac", 0.01), ("lacs", 0.01))  # 100 lakh = 1 crore
_PER_KG_UNITS = ("/kg", "per kg", "kg")
_MONTH_UNITS = ("months", "month", "mo", "mos")
CURRENCY_MARKS = ("₹", "rs", "inr", "rupees")

# Plausible ranges (the scheme's own limits are checked by the evaluation; these catch slips of typing).
_CRORE_SLIP = 1e7  # a figure in rupees is 10^7 times its value in crore
_NET_WORTH = Bounds(-1_000_000, 1_000_000, _CRORE_SLIP, "rupees, not crore")
_INVESTMENT = Bounds(0, 1_000_000, _CRORE_SLIP, "rupees, not crore")
_SECURITY = Bounds(0, 10_000, _CRORE_SLIP, "rupees, not crore")
_CAPACITY = Bounds(0, 100_000, 1000, "kilograms, not tonnes")
_QUOTE = Bounds(0, 100_000)
_MONTHS = Bounds(0, 600)
_PERCENT = Bounds(0, 100)
_YEARS = Bounds(2000, 2099)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("bid_ref", "Bid reference", FieldType.TEXT, True, help="Unique reference of this bid"),
    FieldSpec("bidder_name", "Bidder name", FieldType.TEXT, True, aliases=("Name of bidder",)),
    FieldSpec(
        "bidder_type",
        "Bidder type",
        FieldType.CHOICE,
        True,
        choices=("Company", "Consortium"),
        help="Company or Consortium",
    ),
    FieldSpec("country", "Country of incorporation", FieldType.TEXT, True),
    FieldSpec("registration_no", "Registration number", FieldType.TEXT, True, help="CIN for Indian companies"),
    FieldSpec(
        "group",
        "Group (ultimate parent)",
        FieldType.TEXT,
        False,
        aliases=("Group", "Ultimate parent"),
        help="Leave blank if the bidder is its own group",
    ),
    FieldSpec(
        "lead_equity_pct",
        "Lead member equity (%)",
        FieldType.PERCENT,
        False,
        unit="%",
        required_if=("bidder_type", "Consortium"),
        help="Consortium only: equity of the lead member",
        bounds=_PERCENT,
    ),
    FieldSpec(
        "capacity",
        "Capacity offered (MTPA)",
        FieldType.NUMBER,
        True,
        unit="MTPA",
        unit_words=_CAPACITY_UNITS,
        aliases=("Capacity offered", "Capacity"),
        help="600 to 1,200 MTPA in multiples of 100",
        bounds=_CAPACITY,
    ),
    FieldSpec(
        "net_worth_cr",
        "Net worth (INR crore)",
        FieldType.NUMBER,
        True,
        unit="INR crore",
        unit_words=_CRORE_UNITS,
        aliases=("Net worth",),
        bounds=_NET_WORTH,
        scales=_LAKH,
    ),
    FieldSpec(
        "investment_cr",
        "Proposed investment (INR crore)",
        FieldType.NUMBER,
        True,
        unit="INR crore",
        unit_words=_CRORE_UNITS,
        aliases=("Proposed investment", "Investment"),
        bounds=_INVESTMENT,
        scales=_LAKH,
    ),
    FieldSpec("stage_oxide_metal", "Oxide to metal", FieldType.YES_NO, True, help="Integration stage 1: Yes or No"),
    FieldSpec("stage_metal_alloy", "Metal to alloy", FieldType.YES_NO, True, help="Integration stage 2: Yes or No"),
    FieldSpec("stage_alloy_magnet", "Alloy to magnet", FieldType.YES_NO, True, help="Integration stage 3: Yes or No"),
    FieldSpec("plant_state", "Plant location (State)", FieldType.TEXT, False, aliases=("Plant location",)),
    FieldSpec(
        "commissioning_months",
        "Commissioning (months from award)",
        FieldType.WHOLE,
        True,
        unit="months",
        unit_words=_MONTH_UNITS,
        aliases=("Commissioning",),
        help="Whole months from the award",
        bounds=_MONTHS,
    ),
    FieldSpec(
        "dpr_submitted",
        "Detailed Project Report submitted",
        FieldType.YES_NO,
        True,
        aliases=("DPR submitted",),
        help="Yes or No",
    ),
    FieldSpec(
        "bid_security_cr",
        "Bid security (INR crore)",
        FieldType.NUMBER,
        True,
        unit="INR crore",
        unit_words=_CRORE_UNITS,
        aliases=("Bid security",),
        bounds=_SECURITY,
        scales=_LAKH,
    ),
    FieldSpec(
        "dva_pct",
        "Domestic value addition (%)",
        FieldType.PERCENT,
        False,
        unit="%",
        aliases=("Domestic value addition", "DVA (%)", "DVA"),
        bounds=_PERCENT,
    ),
    FieldSpec(
        "submitted_at",
        "Submitted at",
        FieldType.DATETIME,
        False,
        aliases=("Submission time", "Submitted on"),
        help="Date and time, e.g. 2026-06-29 10:15",
        bounds=_YEARS,
    ),
    FieldSpec(
        "quoted_incentive",
        "Quoted incentive (INR per kg)",
        FieldType.NUMBER,
        True,
        cover=Cover.FINANCIAL,
        unit="INR/kg",
        unit_words=_PER_KG_UNITS,
        aliases=("Quoted incentive",),
        help="Sales-linked incentive asked, in INR per kg, at most the ceiling",
        bounds=_QUOTE,
    ),
    FieldSpec(
        "eligible_investment_cr",
        "Eligible investment (INR crore)",
        FieldType.NUMBER,
        False,
        unit="INR crore",
        unit_words=_CRORE_UNITS,
        aliases=("Eligible investment",),
        help="Plant and machinery, R&D and technology transfer after 1 April 2025",
        bounds=_INVESTMENT,
        scales=_LAKH,
    ),
    FieldSpec(
        "bid_security_valid_until",
        "Bid security valid until",
        FieldType.DATETIME,
        False,
        aliases=("Bid security validity",),
        help="Date the bank guarantee expires, e.g. 2026-12-31",
        bounds=_YEARS,
    ),
    FieldSpec(
        "bid_security_form",
        "Bid security form",
        FieldType.TEXT,
        False,
        aliases=("Form of bid security", "Bid security instrument"),
        help="Bank guarantee, demand draft, fixed deposit receipt, banker's cheque, insurance surety bond or online "
        "payment",
    ),
    FieldSpec(
        "land_border_registered",
        "Registered with the competent authority (land-border country)",
        FieldType.YES_NO,
        False,
        aliases=("Land-border registration",),
        help="Bidders from a country sharing a land border with India: Yes or No",
    ),
    FieldSpec(
        "land_border_reference",
        "Land-border registration reference",
        FieldType.TEXT,
        False,
        help="The registration's reference, where registered",
    ),
    FieldSpec(
        "not_debarred",
        "Declaration: not debarred",
        FieldType.YES_NO,
        False,
        aliases=("Not debarred",),
        help="Yes: the bidder declares it is not debarred by any ministry or public body",
    ),
    FieldSpec(
        "consortium_members",
        "Consortium members and equity",
        FieldType.TEXT,
        False,
        aliases=("Consortium members",),
        help="Consortium only: each member, its equity and its country, e.g. Alpha Ltd: 56, India; Beta Ltd: 44, Japan",
        former_help=("Consortium only: each member and its equity, e.g. Alpha Ltd: 56; Beta Ltd: 44",),
    ),
)

FIELDS_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}
NUMERIC_KEYS: tuple[str, ...] = tuple(
    f.key for f in FIELDS if f.type in (FieldType.NUMBER, FieldType.WHOLE, FieldType.PERCENT)
)

# The committee decisions file (docs/bid-files.md, section 7).
DECISION_COLUMNS: dict[str, tuple[str, ...]] = {
    "bid_ref": ("Bid reference", "bid_ref"),
    "qualified": ("Technically qualified", "qualified", "technically_qualified"),
    "low_quote": ("Low quote accepted", "low_quote", "low_quote_accepted", "Abnormally low quote accepted"),
    "remarks": ("Remarks", "remark", "remarks"),
}

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_label(text: str) -> str:
    """A label compared case-, space- and punctuation-insensitively.

    'Capacity offered (MTPA)' -> 'capacityofferedmtpa'.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub("", folded)


_LABEL_INDEX: dict[str, str] = {}
for _spec in FIELDS:
    for _label in _spec.all_labels:
        _LABEL_INDEX.setdefault(normalise_label(_label), _spec.key)


def field_for_label(text: object, normalised: str | None = None) -> FieldSpec | None:
    """The field whose label, key or alias this cell text is, or None. `normalised`: `normalise_label(text)`, when
    the caller has it already."""
    if not isinstance(text, str) or not text.strip() or len(text) > 200:
        return None
    key = _LABEL_INDEX.get(normalise_label(text) if normalised is None else normalised)
    return FIELDS_BY_KEY[key] if key else None


def decision_column_for_label(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    norm = normalise_label(text)
    for key, labels in DECISION_COLUMNS.items():
        if norm in {normalise_label(x) for x in labels}:
            return key
    return None
