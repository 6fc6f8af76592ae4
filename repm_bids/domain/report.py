"""The JSON result (docs/json-result.md), and a digest of it that the award workbook's footer carries. Reasons are
worded by `wording.py`; each error, warning and check also gives its rule's code or case."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain.readings import fields_dict
from repm_bids.domain.result import BidOutcome, Evaluation
from repm_bids.domain.scheme import scheme_to_dict
from repm_bids.domain.wording import check_text, reason_text


def _clean(x: Any) -> Any:
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return None
        return int(x) if x.is_integer() else x
    return x


def outcome_dict(o: BidOutcome) -> dict[str, Any]:
    return {
        "bid_ref": o.bid_ref,
        "bidder_name": o.bidder_name,
        "group": o.group,
        "source": {"path": o.source.path, "sheet": o.source.sheet},
        "status": o.status.value,
        "rank": o.rank,
        "capacity_offered": _clean(o.capacity_offered),
        "quoted_incentive": _clean(o.quoted_incentive),
        "technical_score": _clean(o.technical_score),
        "financial_score": _clean(o.financial_score),
        "combined_score": _clean(o.combined_score),
        "awarded": _clean(o.awarded),
        "incentive_liability_crore": _clean(round(o.incentive_liability_crore, 6)),
        "rate_paid": _clean(round(o.rate_paid, 6)),
        "irel_share": _clean(round(o.irel_share, 6)),
        "capital_subsidy_crore": _clean(round(o.capital_subsidy_crore, 6)),
        "tie_break": o.tie_break,
        "checks": [{"id": c.id, "passed": c.passed, "case": c.case, "message": check_text(c)} for c in o.checks],
        "reasons": [reason_text(g) for g in o.grounds],
        "fields": fields_dict(o.bid),
    }


def result_dict(e: Evaluation) -> dict[str, Any]:
    """The JSON result. It holds nothing that changes from run to run (no times), so equal inputs give equal bytes."""
    from repm_bids.domain.models import Severity

    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "stage": e.stage,
        "single_sitting": e.single_sitting,
        # while a draw the result needs is missing (or an abnormally low quote awaits the committee)
        "provisional": e.summary.provisional,
        "ties": [{"bids": list(t.bids), "decided_by": t.decided_by} for t in e.ties],
        "scheme": scheme_to_dict(e.scheme),
        # a decisions file is an input (its SHA-256 is evidence) but gives no bids
        "inputs": [{"path": i.path, "sha256": i.sha256, "bids": i.bids if i.kind == "bids" else 0} for i in e.inputs],
        "bids": [outcome_dict(o) for o in e.outcomes],
        # financial covers returned unopened: kept by their digest alone
        "unopened": [{"bid_ref": u.bid_ref, "path": u.path, "sha256": u.sha256} for u in e.unopened],
        "errors": [p.as_dict() for p in e.problems if p.severity is Severity.ERROR],
        "warnings": [p.as_dict() for p in e.problems if p.severity is Severity.WARNING],
        "summary": {k: _clean(round(v, 6) if isinstance(v, float) else v) for k, v in e.summary.as_dict().items()},
        "findings": [
            {
                "code": f.code,
                "figures": {k: _clean(v) for k, v in f.params},
                "message": f.message,
                "justification": f.justification,
                "pending": f.pending,
            }
            for f in e.findings
        ],
    }


def result_json(e: Evaluation) -> str:
    return json.dumps(result_dict(e), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def result_sha256(e: Evaluation) -> str:
    """SHA-256 over the canonical JSON of the result (keys sorted, no spaces), in UTF-8; a lone surrogate in a
    bidder's text (a damaged file) is encoded as its own code unit rather than failing."""
    return result_dict_sha256(result_dict(e))


def result_dict_sha256(result: dict[str, Any]) -> str:
    """`result_sha256` of the evaluation whose `result_dict` is `result` (for a caller that needs the dict too)."""
    canonical = json_in_pieces(result, separators=(",", ":"), depth=RESULT_PIECES)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()  # a lone surrogate: its own bytes


# The result made in pieces down to one bid's outcome each (a few thousand characters): deeper, every figure of every
# bid is a call of its own and encoding 10,000 bids takes half as long again, for no shorter hold on the interpreter.
RESULT_PIECES = 2


def json_in_pieces(value: Any, separators: tuple[str, str] = (", ", ": "), depth: int = 3) -> str:
    """Exactly `json.dumps(value, ensure_ascii=False, sort_keys=True, separators=separators)`, made a few
    thousand characters at a time. `json.dumps` runs in C and holds the interpreter for the whole text (half a second
    for the result of 1,000 bids): made in pieces, a result encoded on a worker thread lets the GUI thread run
    between them."""
    item, key = separators
    if depth > 0 and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        return (
            "{"
            + item.join(
                json.dumps(k, ensure_ascii=False) + key + json_in_pieces(value[k], separators, depth - 1)
                for k in sorted(value)
            )
            + "}"
        )
    if depth > 0 and isinstance(value, list | tuple) and value:
        return "[" + item.join(json_in_pieces(v, separators, depth - 1) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=separators)
