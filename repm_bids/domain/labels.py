"""Words and units shown with results, declared once.

The result tables of the award workbook (io/award_tables.py, io/award_summary.py) and of the application
(gui/ranking_model.py) take their column labels from here; the scheme's parameters (domain/scheme.py) and the result
columns take their units from here. A label is its text and its unit; the heading shown is "text (unit)".
"""

from __future__ import annotations

from dataclasses import dataclass

# -- units -----------------------------------------------------------------------------------------------------------
CAPACITY = "MTPA"  # metric tonnes per annum of magnet capacity
RUPEES_PER_KG = "₹/kg"
CRORE = "₹ crore"
CRORE_PER_CAPACITY = "₹ crore/MTPA"
YEARS = "years"
MONTHS = "months"
PERCENT = "%"


@dataclass(frozen=True, slots=True)
class Label:
    """A column or figure label: its text, its unit, and a shorter text where a screen column is narrow."""

    text: str
    unit: str = ""
    short: str = ""

    @property
    def heading(self) -> str:
        """'Awarded (MTPA)': the text with its unit."""
        return f"{self.text} ({self.unit})" if self.unit else self.text

    @property
    def short_heading(self) -> str:
        """The short text with its unit ('Offered (MTPA)'), or the heading when no short text is declared."""
        text = self.short or self.text
        return f"{text} ({self.unit})" if self.unit else text


# -- result columns --------------------------------------------------------------------------------------------------
RANK = Label("Rank")
L_RANK = Label("L-rank")
BID_REF = Label("Bid reference")
BIDDER = Label("Bidder")
GROUP = Label("Group")
CAPACITY_OFFERED = Label("Capacity offered", CAPACITY, short="Offered")
QUOTE = Label("Quote", RUPEES_PER_KG)
TECHNICAL_SCORE = Label("Technical score", short="Technical")
FINANCIAL_SCORE = Label("Financial score", short="Financial")
COMBINED_SCORE = Label("Combined score", short="Combined")
AWARDED = Label("Awarded", CAPACITY)
LIABILITY = Label("Incentive liability", CRORE, short="Liability")
IREL_SHARE = Label("IREL oxide share", CAPACITY, short="IREL oxide")
STATUS = Label("Status")
TIE_BREAK = Label("Tie-break", short="Tie broken by")
REMARKS = Label("Remarks")
WHY_WAITING = Label("Why waiting")
CAP = Label("Cap", CAPACITY)  # the per-beneficiary cap, drawn across the award chart
