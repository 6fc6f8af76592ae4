"""The scheme file's [tender] and [committee] tables: read, refused with a sentence naming the key, written back."""

from datetime import date, datetime

import pytest

from repm_bids.domain.scheme import Committee, CommitteeMember, Scheme, SchemeError, scheme_from_dict, scheme_to_dict
from repm_bids.domain.scheme_documents import Tender, meeting_date_text
from repm_bids.io.scheme_file import SchemeFileError, parse_scheme_text, scheme_toml

FILLED = """
[tender]
reference = "NIT/REPM/01"
portal_id = "2026_X_1"
technical_opened = 2026-06-30T11:00:00
financial_opened = "2026-07-15 15:30"
time_zone = "Asia/Kolkata"

[committee]
members = [ { name = "A. Rao", designation = "Chairperson" }, { name = "B. Sen" } ]
meeting_place = "Udyog Bhawan, New Delhi"
competent_authority = "Secretary"
conditions = ["Commission within 24 months.", "  ", "Report sales every quarter."]
"""


def test_the_tables_are_read():
    s = parse_scheme_text(FILLED)
    assert s.tender == Tender(
        "NIT/REPM/01", "2026_X_1", datetime(2026, 6, 30, 11, 0), datetime(2026, 7, 15, 15, 30), "Asia/Kolkata"
    )
    assert s.committee == Committee(
        (CommitteeMember("A. Rao", "Chairperson"), CommitteeMember("B. Sen", "")),
        "Udyog Bhawan, New Delhi",
        "Secretary",
        ("Commission within 24 months.", "Report sales every quarter."),
    )


def test_written_scheme_reads_back_the_same():
    s = parse_scheme_text(FILLED)
    text = scheme_toml(s)
    assert "[tender]" in text and "[committee]" in text
    assert parse_scheme_text(text) == s
    assert scheme_from_dict(scheme_to_dict(s)) == s


def test_the_default_file_shows_both_tables_as_comments_and_reads_as_the_defaults():
    text = scheme_toml()
    assert "# [tender]" in text and "# [committee]" in text and '# time_zone = "Asia/Kolkata"' in text
    assert parse_scheme_text(text) == Scheme()


def test_a_scheme_without_them_adds_nothing_to_the_result():
    assert "tender" not in scheme_to_dict(Scheme()) and "committee" not in scheme_to_dict(Scheme())


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[tender]\nreference = 12", "tender.reference: must be text"),
        ('[tender]\nnit = "x"', "tender.nit: unknown key"),
        ('[tender]\ntime_zone = "India/Delhi"', "tender.time_zone: 'India/Delhi' is not a time zone name"),
        ('[tender]\ntechnical_opened = "30th June"', "tender.technical_opened: '30th June' is not a date and time"),
        ("[tender]\ntechnical_opened = 2026-06-30T11:00:00+05:30", "tender.technical_opened: write the time without"),
        ("[tender]\ntechnical_opened = 11:00:00", "tender.technical_opened: must be a date and time"),
        (
            '[tender]\ntechnical_opened = "2026-07-30 11:00"\nfinancial_opened = "2026-07-01 11:00"',
            "tender.financial_opened: is before technical_opened",
        ),
        ('[committee]\nchair = "x"', "committee.chair: unknown key"),
        ("[committee]\nmembers = 3", "committee.members: must be a list"),
        ('[committee]\nmembers = [ { designation = "x" } ]', "committee.members[1]: needs name"),
        ('[committee]\nconditions = "one line"', "committee.conditions: must be a list of lines"),
        ("[committee]\ncompetent_authority = true", "committee.competent_authority: must be text"),
    ],
)
def test_bad_values_are_refused_naming_the_key(toml, key):
    with pytest.raises(Exception) as info:
        parse_scheme_text(toml)
    assert any(m.startswith(key) for m in info.value.messages), info.value.messages


def test_a_date_alone_is_that_day():
    s = scheme_from_dict({"tender": {"technical_opened": datetime(2026, 6, 30).date()}})
    assert s.tender.technical_opened == datetime(2026, 6, 30)


def test_errors_from_both_tables_come_together():
    with pytest.raises(SchemeError) as info:
        scheme_from_dict({"tender": {"reference": 1}, "committee": {"meeting_place": 2}})
    assert len(info.value.messages) == 2


@pytest.mark.parametrize(
    ("written", "read", "shown"),
    [
        ("2026-07-20", date(2026, 7, 20), "20-07-2026 (IST)"),
        ('"2026-07-20"', date(2026, 7, 20), "20-07-2026 (IST)"),
        ('"2026-07-20 11:00"', datetime(2026, 7, 20, 11, 0), "20-07-2026 11:00 IST"),
        ("2026-07-20T11:00:00", datetime(2026, 7, 20, 11, 0), "20-07-2026 11:00 IST"),
        ('""', None, ""),
    ],
)
def test_the_meeting_date_is_read_and_shown_in_the_schemes_zone(written, read, shown):
    s = parse_scheme_text(f"[committee]\nmeeting_date = {written}")
    assert s.committee.meeting_date == read
    assert meeting_date_text(s.committee, s.tender.time_zone) == shown
    assert parse_scheme_text(scheme_toml(s)) == s  # written back and read again


def test_the_meeting_date_is_labelled_with_another_zone_when_the_scheme_names_one():
    s = parse_scheme_text('[tender]\ntime_zone = "Europe/London"\n[committee]\nmeeting_date = 2026-07-20')
    assert meeting_date_text(s.committee, s.tender.time_zone) == "20-07-2026 (BST)"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ('"20-07-2026"', "'20-07-2026' is not a date; write it as \"2026-07-20\""),
        ('"07/08/2026"', "'07/08/2026' is not a date"),
        ('"next Monday"', "'next Monday' is not a date"),
        ('"2026-02-30"', "'2026-02-30' is not a day of the calendar"),
        ("11:00:00", "must be a date, not a time without a day"),
        ("20260720", "must be a date, not 20260720"),
        ("2026-07-20T11:00:00+05:30", "write the time without an offset"),
    ],
)
def test_a_meeting_date_that_is_not_a_date_is_refused_with_a_sentence(written, says):
    with pytest.raises(SchemeFileError) as info:
        parse_scheme_text(f"[committee]\nmeeting_date = {written}")
    (message,) = info.value.messages
    assert message.startswith(f"committee.meeting_date: {says}"), message


def test_a_committee_without_a_meeting_date_keeps_the_result_it_had():
    s = parse_scheme_text(FILLED)
    assert "meeting_date" not in scheme_to_dict(s)["committee"]
    dated = parse_scheme_text(FILLED.replace("[committee]", "[committee]\nmeeting_date = 2026-07-20"))
    assert scheme_to_dict(dated)["committee"]["meeting_date"] == "2026-07-20"
