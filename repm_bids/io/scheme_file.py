"""The scheme file (TOML, described in docs/evaluation-rules.md): read with errors that name the key; write with a
comment on every key, made from the parameter's declaration (domain.scheme.PARAMS)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from repm_bids.domain.scheme import PARAMS, ParamInfo, Scheme, SchemeError, scheme_from_dict, scheme_to_dict
from repm_bids.domain.scheme_documents import COMMITTEE_KEYS, TENDER_KEYS
from repm_bids.io.atomic import write_bytes_atomic
from repm_bids.io.regular import NotRegular, read_regular

MAX_SCHEME_BYTES = 1_000_000


class SchemeFileError(Exception):
    """The scheme file cannot be used; `messages` are sentences, each naming the file and the key."""

    def __init__(self, path: str, messages: list[str]):
        self.path = path
        self.messages = messages
        super().__init__("\n".join(f"{path}: {m}" for m in messages))


def parse_scheme_text(text: str, path: str = "scheme.toml") -> Scheme:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeFileError(path, [f"not a valid TOML file: {exc}"]) from None
    try:
        return scheme_from_dict(doc)
    except SchemeError as exc:
        raise SchemeFileError(path, exc.messages) from None


def load_scheme(path: str | os.PathLike[str]) -> Scheme:
    p = Path(path)
    try:
        raw = read_regular(p, MAX_SCHEME_BYTES)  # a pipe or device is refused without waiting on it
        if len(raw) > MAX_SCHEME_BYTES:
            raise SchemeFileError(str(p), ["is larger than 1 MB; a scheme file is a few kilobytes."])
    except FileNotFoundError:
        raise SchemeFileError(str(p), ["no such file."]) from None
    except IsADirectoryError:
        raise SchemeFileError(str(p), ["is a folder, not a scheme file."]) from None
    except NotRegular as exc:
        raise SchemeFileError(str(p), [f"cannot be read: {exc}."]) from None
    except OSError as exc:
        raise SchemeFileError(str(p), [f"cannot be read: {exc.strerror or exc}."]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SchemeFileError(str(p), ["is not UTF-8 text; save it as UTF-8."]) from None
    return parse_scheme_text(text, str(p))


def _value_toml(value: Any) -> str:
    """One value as TOML (inline), by way of tomli_w on a one-key document."""
    line = tomli_w.dumps({"x": value}).strip()
    return line.split("=", 1)[1].strip()


def param_comment(info: ParamInfo) -> str:
    """The comment above a key: its title, meaning, unit, bounds, source, and whether the default is assumed."""
    unit = f" ({info.unit})" if info.unit else ""
    rule = info.rule()
    bounds = f" Must be {rule}{f' ({info.why})' if info.why else ''}." if rule else ""
    flag = info.status.replace("assumed", "ASSUMED")
    return f"# {info.title}: {info.meaning}{unit}.{bounds}\n# Source: {info.source} [{flag}]."


def scheme_toml(scheme: Scheme | None = None) -> str:
    """The scheme as a commented TOML document: every key with its meaning, its source, and whether it is assumed."""
    scheme = scheme or Scheme()
    doc = scheme_to_dict(scheme)
    lines = [
        "# repm-bids scheme file: every evaluation parameter, with its meaning and where the default comes from.",
        "# Every key is optional; a missing key takes its default. 'ASSUMED' marks defaults no public source settled.",
        "",
    ]
    current = None
    for info in PARAMS:
        if info.table != current:
            if current is not None:
                lines.append("")
            lines.append(f"[{info.table}]")
            current = info.table
        value = doc[info.table][info.key]
        lines.append(param_comment(info))
        if info.key in ("net_worth_slabs", "bid_security_slabs") and value:
            lines.append(f"{info.key} = [")
            lines.extend(
                f"    {{ up_to = {_value_toml(s['up_to'])}, min_crore = {_value_toml(s['min_crore'])} }},"
                for s in value
            )
            lines.append("]")
        elif info.key == "capital_subsidy_slabs":
            lines.append("capital_subsidy_slabs = [")
            lines.extend(
                f"    {{ up_to = {_value_toml(s['up_to'])}, max_crore = {_value_toml(s['max_crore'])} }},"
                for s in value
            )
            lines.append("]")
        elif info.key == "criteria":
            lines.append("[evaluation.criteria]")
            for key, spec in value.items():
                lines.append(f'{key} = {{ weight = {_value_toml(spec["weight"])}, better = "{spec["better"]}" }}')
        else:
            lines.append(f"{info.key} = {_value_toml(value)}")
    lines.append("")
    lines.extend(_documents_toml(scheme))
    return "\n".join(lines) + "\n"


_TENDER_EXAMPLE = {
    "reference": '"MHI/REPM/2026/01"',
    "portal_id": '"2026_MHI_123456_1"',
    "technical_opened": '"2026-06-30 11:00"',
    "financial_opened": '"2026-07-15 11:00"',
}
_COMMITTEE_EXAMPLE = {
    "members": '[ { name = "...", designation = "Chairperson" }, { name = "...", designation = "Member (Finance)" } ]',
    "meeting_place": '"Udyog Bhawan, New Delhi"',
    "meeting_date": '"2026-07-20"',
    "competent_authority": '"Secretary, Ministry of Heavy Industries"',
    "conditions": '[ "The beneficiary shall commission the plant within 24 months of this letter." ]',
    "justifications": '{ capacity_unawarded = "Re-tender the capacity left; approved by the competent authority." }',
}


def _documents_toml(scheme: Scheme) -> list[str]:
    """[tender] and [committee]: what the papers name. Written out when the scheme has them, else as comments to
    fill in (every key optional; the papers leave a blank where one is missing)."""
    lines = ["# What the papers name: the award statement, the reports and the letters of award. No figure depends on"]
    lines.append("# these; every key is optional. Dates and times are wall-clock times in tender.time_zone.")
    given = scheme_to_dict(scheme)
    for table, meanings, example in (
        ("tender", TENDER_KEYS, _TENDER_EXAMPLE),
        ("committee", COMMITTEE_KEYS, _COMMITTEE_EXAMPLE),
    ):
        body = given.get(table)
        lines.append(f"[{table}]" if body else f"# [{table}]")
        for key, meaning in meanings.items():
            lines.append(f"# {meaning}.")
            if body is not None and key in body:
                value = body[key]
                if key == "members":
                    lines.append("members = [")
                    lines.extend(
                        f"    {{ name = {_value_toml(m['name'])}, designation = {_value_toml(m['designation'])} }},"
                        for m in value
                    )
                    lines.append("]")
                elif key == "justifications":
                    pairs = ", ".join(f"{k} = {_value_toml(v)}" for k, v in value.items())
                    lines.append(f"justifications = {{ {pairs} }}" if pairs else "justifications = {}")
                else:
                    lines.append(f"{key} = {_value_toml(value)}")
            elif key == "time_zone":
                lines.append(f"# time_zone = {_value_toml(scheme.tender.time_zone)}")
            else:
                lines.append(f"# {key} = {example[key]}")
        lines.append("")
    return lines[:-1]


def write_scheme(path: str | os.PathLike[str], scheme: Scheme | None = None) -> None:
    text = scheme_toml(scheme)
    parse_scheme_text(text)  # what we write must read back
    write_bytes_atomic(path, text.encode("utf-8"))
