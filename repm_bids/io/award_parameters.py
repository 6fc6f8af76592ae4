"""The Parameters sheet: every scheme parameter in effect, with the meaning, unit, source and published-or-assumed
status of its declaration (domain.scheme.PARAMS), and the run's details (tool, version, time, result digest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from repm_bids import TOOL_NAME, __version__
from repm_bids.domain.indian import crore, indian_number
from repm_bids.domain.local_time import local_text
from repm_bids.domain.result import Evaluation
from repm_bids.domain.scheme import PARAMS, ParamInfo, Scheme, scheme_to_dict
from repm_bids.io.award_layout import Column, KeyValue, SheetBuilder, Table

_DEFAULTS = scheme_to_dict(Scheme())


def param_status(doc: dict[str, Any], p: ParamInfo) -> str:
    """`doc` is scheme_to_dict of the scheme in effect. A parameter at its default is the published figure or an
    assumed default; one the committee changed (in its scheme file or the application's scheme panel) is neither,
    and says what the default was (the Source column is the default's source)."""
    default = _DEFAULTS[p.table][p.key]
    if doc[p.table][p.key] == default:
        return p.status
    return f"changed by the committee (default {_param_text(default)}, {p.status.split()[0]})"


def assumed_in_effect(ev: Evaluation) -> int:
    """How many parameters are at a default that no public source settled."""
    doc = scheme_to_dict(ev.scheme)
    return sum(p.assumed and param_status(doc, p) == p.status for p in PARAMS)


def _param_text(value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], dict) and "up_to" in value[0]:
        return "; ".join(
            f"up to {indian_number(s['up_to'])}: {crore(s.get('min_crore', s.get('max_crore')))}" for s in value
        )
    if isinstance(value, dict):
        return "; ".join(f"{k}: weight {v['weight']:g}, {v['better']} is better" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return value


@dataclass(frozen=True)
class ParamRow:
    table: str
    key: str
    title: str
    meaning: str
    value: Any
    unit: str
    status: str  # published, assumed default, or changed by the committee (default ...)
    source: str  # where the default comes from


PARAMETERS = Table(
    "Parameters",
    (
        Column("Table", lambda p: p.table, "text"),
        Column("Key", lambda p: p.key, "mono", max_width=36),
        Column("Parameter", lambda p: p.title, "wrap", min_width=14, max_width=26, safe=True),
        Column("Meaning", lambda p: p.meaning, "wrap", min_width=30, max_width=50),
        Column("Value", lambda p: p.value, lambda v: "wrap" if isinstance(v, str) else "number", max_width=40),
        Column("Unit", lambda p: p.unit, "text", max_width=16),
        Column("Published or assumed", lambda p: p.status, "wrap", max_width=30),
        Column("Source", lambda p: p.source, "wrap", min_width=24, max_width=46),
    ),
)

RUN_ROWS = (
    KeyValue("Tool", lambda x: TOOL_NAME, figure=False),
    KeyValue("Version", lambda x: __version__, figure=False),
    KeyValue(
        "Evaluated at",
        lambda x: local_text(x[0].evaluated_at, x[0].scheme.tender.time_zone, seconds=True) or "not recorded",
        figure=False,
    ),
    KeyValue("Result SHA-256", lambda x: x[1], "mono", figure=False),
)


def build_parameters(ev: Evaluation, sb: SheetBuilder, digest: str) -> None:
    sb.landscape = True
    sb.line("Scheme parameters in effect", "title", height=22)
    sb.line()
    sb.key_values(RUN_ROWS, (ev, digest))  # first, so that they are never a few rows alone on a last page
    if ev.evaluated_at is None:
        sb.rows[-2][1] = ("not recorded", "text", None)
    sb.line()
    sb.line("Assumed defaults are values no public source settled; the scheme file may change them.", "note")
    doc = scheme_to_dict(ev.scheme)
    rows = [
        ParamRow(
            p.table, p.key, p.title, p.meaning, _param_text(doc[p.table][p.key]), p.unit, param_status(doc, p), p.source
        )
        for p in PARAMS
    ]
    sb.table(PARAMETERS, rows, main=True)
