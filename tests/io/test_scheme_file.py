"""The scheme file: the commented defaults read back; bad files give sentences that name the file and the key."""

from __future__ import annotations

import pytest

from repm_bids.domain.scheme import PARAMS, Scheme
from repm_bids.io.atomic import WriteFailed
from repm_bids.io.scheme_file import SchemeFileError, load_scheme, scheme_toml, write_scheme


def test_written_defaults_read_back_and_every_key_is_commented(tmp_path):
    path = tmp_path / "scheme.toml"
    write_scheme(path)
    assert load_scheme(path) == Scheme()
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for info in PARAMS:
        at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{info.key} =") or ln == "[evaluation.criteria]")
        assert lines[at - 1].startswith("# "), info.key
    assert text.count("ASSUMED default") == sum(p.assumed for p in PARAMS)


def test_a_changed_scheme_with_committee_round_trips(tmp_path):
    from repm_bids.domain.scheme import Committee, CommitteeMember

    s = Scheme().with_changes(
        method="qcbs", partial="none", committee=Committee((CommitteeMember("R. Iyer", "Chair"),))
    )
    path = tmp_path / "s.toml"
    write_scheme(path, s)
    assert load_scheme(path) == s


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[scheme\n", "not a valid TOML file"),
        ("[scheme]\ntotal_capacity = 'lots'\n", "scheme.total_capacity"),
        ("[allocation]\npartial = 'some'\n", "allocation.partial: must be one of allow, none"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path, text, needle):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(SchemeFileError) as info:
        load_scheme(path)
    assert any(needle in m for m in info.value.messages)
    assert str(path) in str(info.value)


def test_missing_folder_binary_and_huge_files(tmp_path):
    with pytest.raises(SchemeFileError, match="no such file"):
        load_scheme(tmp_path / "none.toml")
    with pytest.raises(SchemeFileError, match="is a folder"):
        load_scheme(tmp_path)
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(SchemeFileError, match="not UTF-8"):
        load_scheme(tmp_path / "bin.toml")
    (tmp_path / "big.toml").write_bytes(b"#" * 1_000_001)
    with pytest.raises(SchemeFileError, match="larger than 1 MB"):
        load_scheme(tmp_path / "big.toml")


def test_write_into_a_folder_fails_cleanly(tmp_path):
    with pytest.raises(WriteFailed, match="is a folder"):
        write_scheme(tmp_path)


def test_the_bundled_default_scheme_is_the_default():
    from repm_bids.services.resources import resource

    assert resource("scheme.toml").read_text(encoding="utf-8") == scheme_toml()


def test_the_rules_keys_round_trip_through_the_scheme_file():
    import tomllib

    from repm_bids.domain.scheme import NetWorthSlab, scheme_from_dict

    changed = Scheme(
        price_paid="l1_rate",
        bid_security_slabs=(NetWorthSlab(800.0, 8.0), NetWorthSlab(1200.0, 12.0)),
        bid_security_forms=("Bank guarantee", "Online payment"),
        require_bid_security_form=True,
    )
    assert scheme_from_dict(tomllib.loads(scheme_toml(changed))) == changed
    assert "bid_security_slabs = []" in scheme_toml()  # none by default: the amount per MTPA applies
