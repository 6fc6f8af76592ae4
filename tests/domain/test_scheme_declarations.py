"""Each scheme parameter is declared once (on the Scheme dataclass); its validation is made from that declaration."""

from __future__ import annotations

from dataclasses import fields

import pytest

from repm_bids.domain.scheme import DOCUMENT_TABLES, PARAMS, PARAMS_BY_KEY, Scheme, validate_scheme

BOUNDED = [p for p in PARAMS if p.lo is not None or p.hi is not None]
CHOICES = [p for p in PARAMS if p.choices and isinstance(getattr(Scheme(), p.key), str)]


def test_every_field_but_the_committee_is_a_declared_parameter():
    assert [p.key for p in PARAMS] == [f.name for f in fields(Scheme) if f.name not in DOCUMENT_TABLES]
    for p in PARAMS:
        assert p.title and p.meaning and p.source, p.key
        assert p.status == ("assumed default" if p.assumed else "published")


def test_the_defaults_keep_their_declared_bounds():
    assert validate_scheme(Scheme()) == []
    for p in PARAMS:
        assert p.problem(getattr(Scheme(), p.key)) is None, p.key


@pytest.mark.parametrize("info", BOUNDED, ids=lambda p: p.key)
def test_a_value_outside_the_declared_bounds_is_refused_with_the_declared_rule(info):
    value = (info.hi + 1) if info.hi is not None else (info.lo - 1 if not info.lo_open else info.lo)
    if isinstance(getattr(Scheme(), info.key), int):
        value = int(value)
    problems = validate_scheme(Scheme().with_changes(**{info.key: value}))
    rule = info.rule()
    assert rule is not None
    assert any(m.startswith(f"{info.name}: ") and f"must be {rule}" in m for m in problems), problems


@pytest.mark.parametrize("info", CHOICES, ids=lambda p: p.key)
def test_a_choice_outside_the_declared_ones_is_refused(info):
    problems = validate_scheme(Scheme().with_changes(**{info.key: "neither"}))
    assert f"{info.name}: must be one of {', '.join(info.allowed)}, not 'neither'" in problems


def test_the_reason_for_a_bound_is_given():
    info = PARAMS_BY_KEY["technical_weight"]
    assert info.why == "GFR rule 192"
    assert info.problem(0.9) == "0.9 must be from 0 to 0.8 (GFR rule 192)"


def test_required_text_must_not_be_empty():
    assert "scheme.name: must not be empty" in validate_scheme(Scheme().with_changes(name=" "))
