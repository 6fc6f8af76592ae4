"""The scheme: defaults from the domain page, and every impossible value an error that names its key."""

from __future__ import annotations

import pytest

from repm_bids.domain.scheme import PARAMS, Scheme, SchemeError, scheme_from_dict, scheme_to_dict


def test_defaults_are_the_repm_figures():
    s = Scheme()
    assert (s.total_capacity, s.max_beneficiaries, s.min_capacity, s.max_capacity) == (6000, 5, 600, 1200)
    assert (s.incentive_ceiling, s.incentive_years, s.incentive_outlay_crore) == (2150, 5, 6450)
    assert s.min_net_worth(600) == 180 and s.min_net_worth(700) == 245 and s.min_net_worth(1200) == 375
    assert s.min_net_worth(1300) is None


def test_every_parameter_is_documented_with_source_and_round_trips():
    documented = {p.key for p in PARAMS}
    assert documented == set(scheme_to_dict(Scheme())["scheme"]) | set(scheme_to_dict(Scheme())["eligibility"]) | set(
        scheme_to_dict(Scheme())["evaluation"]
    ) | set(scheme_to_dict(Scheme())["allocation"]) | set(scheme_to_dict(Scheme())["process"])
    assert all(p.source and p.meaning for p in PARAMS)
    assert scheme_from_dict(scheme_to_dict(Scheme())) == Scheme()


def test_empty_document_gives_defaults_and_partial_document_overrides():
    assert scheme_from_dict({}) == Scheme()
    s = scheme_from_dict({"evaluation": {"method": "qcbs"}, "allocation": {"partial": "none"}})
    assert s.method == "qcbs" and s.partial == "none" and s.total_capacity == 6000


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ({"scheme": {"capacity": 5}}, "scheme.capacity: unknown key"),
        ({"scheme": {"method": "lcs"}}, "it belongs in [evaluation]"),
        ({"extra": {}}, "[extra]: unknown table"),
        ({"scheme": {"total_capacity": "6000"}}, "scheme.total_capacity: value must be a number"),
        ({"scheme": {"max_beneficiaries": 2.5}}, "scheme.max_beneficiaries: must be a whole number"),
        ({"eligibility": {"require_dpr": "yes"}}, "eligibility.require_dpr: must be true or false"),
        (
            {"evaluation": {"technical_weight": 0.9, "financial_weight": 0.1}},
            "technical_weight: 0.9 must be from 0 to 0.8",
        ),
        ({"evaluation": {"technical_weight": 0.7}}, "must sum to 1"),
        ({"scheme": {"min_capacity": 1300}}, "scheme.min_capacity: 1300 is above max_capacity 1200"),
        ({"scheme": {"capacity_step": 250}}, "scheme.capacity_step: 250 does not divide min_capacity 600"),
        ({"evaluation": {"method": "auction"}}, "evaluation.method: must be one of lcs, qcbs"),
        ({"allocation": {"tie_break": ["coin"]}}, "allocation.tie_break: unknown rule 'coin'"),
        ({"evaluation": {"criteria": {"dva_pct": {"weight": 0.5}}}}, "evaluation.criteria: weights sum to 0.5"),
        ({"evaluation": {"criteria": {"bidder_name": {"weight": 1}}}}, "bidder_name is not a numeric bid field"),
        (
            {"eligibility": {"net_worth_slabs": [{"up_to": 800, "min_crore": 1}, {"up_to": 600, "min_crore": 1}]}},
            "up_to must increase",
        ),
        ({"scheme": {"incentive_ceiling": float("inf")}}, "must be a finite number"),
        ({"committee": {"members": [{"designation": "Chair"}]}}, "committee.members[1]: needs name"),
    ],
)
def test_bad_values_name_the_key(doc, needle):
    with pytest.raises(SchemeError) as info:
        scheme_from_dict(doc)
    assert any(needle in m for m in info.value.messages), info.value.messages


def test_committee_members():
    s = scheme_from_dict({"committee": {"members": [{"name": "A. Sharma", "designation": "Chairperson"}]}})
    assert s.committee.members[0].name == "A. Sharma"
    assert scheme_to_dict(s)["committee"]["members"][0]["designation"] == "Chairperson"
