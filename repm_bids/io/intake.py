"""Reading bid files: files and folders into bids, input records and problems.

This process reads the files from disk; what is in them is parsed by the reading worker (`sandbox.py`, which runs
`intake_read.py`), so a file that crashes, hangs or exhausts a parser costs only itself. Every failure of a file
becomes a `Problem`; nothing raises out of `read_inputs` or `read_input_bytes` for bad input (only `Cancelled`).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repm_bids.domain.committee import Receipt
from repm_bids.domain.models import Bid, Decision, InputFile, Problem, error, warning
from repm_bids.domain.progress import CancelToken, Progress

from .regular import NotRegular, open_regular, outside_folder
from .safety import MAX_FILE_BYTES
from .sandbox import Failure, Sandbox, shared_sandbox

__all__ = [
    "BID_SUFFIXES",
    "Intake",
    "list_bid_files",
    "read_decisions",
    "read_decisions_bytes",
    "read_input_bytes",
    "read_inputs",
    "read_receipts",
    "read_receipts_bytes",
]

RECEIPT_READER = "repm_bids.io.intake_read:read_receipt_bytes"

BID_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".xls", ".ods")


@dataclass
class Intake:
    bids: list[Bid] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- one file's bytes, in the worker ----------------------------------------------------------------------------
def unreadable(failure: Failure, name: str, what: str = "file") -> Problem:
    """The problem of a file the reading worker gave nothing for."""
    return error("read_failed", name, {"what": what, "reason": failure.reason, "detail": failure.detail})


def read_input_bytes(name: str, data: bytes, *, sandbox: Sandbox | None = None) -> tuple[list[Bid], list[Problem]]:
    """Bids and file-level problems from a bid file's bytes, read in the worker; `name` is the path reported."""
    sb = sandbox or shared_sandbox()
    return _bids_of(sb.run(sb.bid_reader, name, data), name)


def _bids_of(got: Any, name: str) -> tuple[list[Bid], list[Problem]]:
    if isinstance(got, Failure):
        return [], [unreadable(got, name)]
    bids, problems = got
    return list(bids), list(problems)


def read_decisions_bytes(
    name: str, data: bytes, *, sandbox: Sandbox | None = None
) -> tuple[list[Decision], list[Problem]]:
    """The committee's decisions from an .xlsx, .xls or CSV file's bytes, read in the worker."""
    sb = sandbox or shared_sandbox()
    got = sb.run(sb.decision_reader, name, data)
    if isinstance(got, Failure):
        return [], [unreadable(got, name, "decisions file")]
    decisions, problems = got
    return list(decisions), list(problems)


# --- files and folders ------------------------------------------------------------------------------------------
def _is_skipped(entry: Path) -> bool:
    return entry.name.startswith(("~$", "."))


def list_bid_files(paths: Sequence[str | os.PathLike[str]], problems: list[Problem]) -> list[Path]:
    """The files to read: each file given, and the bid files directly inside each folder given (sorted by name);
    what is skipped is said in `problems`."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if os.path.isdir(path):
            try:
                entries = sorted(path.iterdir(), key=lambda p: p.name)
            except OSError as exc:
                problems.append(error("folder_unreadable", str(path), {"why": str(exc.strerror or exc)}))
                continue
            others: list[str] = []
            for entry in entries:
                if _is_skipped(entry):
                    continue
                outside = outside_folder(entry, path)
                if outside is not None:  # a link out of the folder: its target is no bid of this folder
                    problems.append(error(outside[0], str(entry), outside[1]))
                    continue
                if entry.is_file() and entry.suffix.lower() in BID_SUFFIXES:
                    files.append(entry)
                else:
                    others.append(entry.name + ("/" if entry.is_dir() else ""))
            if others:
                figures = {"count": len(others), "names": others[:20], "more": max(0, len(others) - 20)}
                problems.append(warning("not_bid_files", str(path), {**figures, "suffixes": BID_SUFFIXES}))
        elif path.name.startswith("~$"):
            problems.append(warning("lock_file", str(path)))
        else:
            files.append(path)
    return files


def read_inputs(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    known_sha256: Collection[str] = (),
    sandbox: Sandbox | None = None,
) -> Intake:
    """Read every bid file given (files and folders), in the reading workers. Only `Cancelled` is raised."""
    intake = Intake()
    files = list_bid_files(paths, intake.problems)
    sb = sandbox or shared_sandbox()
    # each file in order: the problems found before reading it, and its record when it was sent to be read
    entries: list[tuple[str, list[Problem], InputFile | None]] = []
    seen: dict[str, str] = {}
    known = set(known_sha256)

    def to_read() -> Iterator[tuple[str, bytes]]:
        for path in files:
            if cancel is not None:
                cancel.raise_if_cancelled()
            name = str(path)
            problems: list[Problem] = []
            data = _read_file(path, problems)
            digest = hashlib.sha256(data).hexdigest() if data is not None else ""
            if data is not None and (digest in seen or digest in known):
                if digest in seen:
                    problems.append(warning("same_file", name, {"first": seen[digest]}))
                else:
                    problems.append(warning("file_known", name))
                data = None
            if data is None:
                entries.append((name, problems, None))
                continue
            seen[digest] = name
            info = InputFile(name, digest, len(data), datetime.now(UTC), "bids", (), data=data)
            entries.append((name, problems, info))
            yield name, data

    total = len(files)
    done = 0

    def next_entry() -> tuple[list[Problem], InputFile | None]:
        nonlocal done
        name, problems, info = entries[done]
        if progress is not None:
            progress(done, total, Path(name).name)
        if cancel is not None:
            cancel.raise_if_cancelled()
        done += 1
        return problems, info

    replies = sb.run_many(sb.bid_reader, to_read())
    try:
        for got in replies:
            while entries[done][2] is None:  # files not sent to be read, before this one
                intake.problems.extend(next_entry()[0])
            problems, info = next_entry()
            assert info is not None
            bids, more = _bids_of(got, info.path)
            intake.bids.extend(bids)
            intake.problems.extend(problems + more)
            intake.inputs.append(replace(info, bid_refs=tuple(b.bid_ref or "" for b in bids)))
    finally:
        replies.close()  # cancelled half-way: the workers still busy are ended
    while done < len(entries):
        intake.problems.extend(next_entry()[0])
    if progress is not None:
        progress(total, total, "")
    return intake


def _read_file(path: Path, problems: list[Problem]) -> bytes | None:
    name = str(path)
    try:
        fd = open_regular(name)  # without waiting: a named pipe is refused, not waited on
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                problems.append(error("is_folder", name))
                return None
            if not stat.S_ISREG(st.st_mode):
                problems.append(error("not_regular", name))
                return None
            if st.st_size > MAX_FILE_BYTES:
                problems.append(error("file_too_large", name, {"limit_mb": MAX_FILE_BYTES // (1024 * 1024)}))
                return None
            chunks = [os.read(fd, st.st_size + 1)]
            if len(chunks[0]) <= st.st_size:
                return chunks[0]  # the whole file (a regular file gives all it has up to the count asked)
            while chunks[-1]:  # the file grew since fstat: read on to its end, within the limit
                if sum(map(len, chunks)) > MAX_FILE_BYTES:
                    break
                chunks.append(os.read(fd, 1 << 20))
            return b"".join(chunks) if len(chunks) > 2 else chunks[0]
        finally:
            os.close(fd)
    except NotRegular:
        problems.append(error("not_regular", name))
    except FileNotFoundError:
        problems.append(error("no_such_file", name))
    except IsADirectoryError:
        problems.append(error("is_folder", name))
    except PermissionError:
        problems.append(error("permission_denied", name))
    except OSError as exc:
        problems.append(error("file_unreadable", name, {"why": str(exc.strerror or exc)}))
    return None


# --- committee decisions ----------------------------------------------------------------------------------------
def read_decisions(
    path: str | os.PathLike[str], *, sandbox: Sandbox | None = None
) -> tuple[list[Decision], list[Problem], InputFile | None]:
    problems: list[Problem] = []
    data = _read_file(Path(path), problems)
    if data is None:
        return [], problems, None
    read_at = datetime.now(UTC)
    decisions, more = read_decisions_bytes(str(path), data, sandbox=sandbox)
    info = _committee_file(path, data, read_at, "decisions", [d.bid_ref for d in decisions])
    return decisions, problems + more, info


def _committee_file(
    path: str | os.PathLike[str], data: bytes, read_at: datetime, kind: str, refs: Sequence[str]
) -> InputFile:
    """A committee file as kept with the evaluation: its bytes, their SHA-256, when it was read, the bids it names."""
    return InputFile(str(path), hashlib.sha256(data).hexdigest(), len(data), read_at, kind, tuple(refs), data=data)


# --- the receipt register ---------------------------------------------------------------------------------------
def _receipt_rows(name: str, data: bytes, sandbox: Sandbox | None) -> tuple[list[Receipt], list[Problem]] | Problem:
    """The register's rows and problems as the worker read them, or the problem of a worker that failed."""
    got = (sandbox or shared_sandbox()).run(RECEIPT_READER, name, data)
    if isinstance(got, Failure):
        return unreadable(got, name, "receipt register")
    receipts, problems = got
    return list(receipts), list(problems)


def read_receipts_bytes(
    name: str, data: bytes, *, sandbox: Sandbox | None = None
) -> tuple[list[Receipt], list[Problem]]:
    """The receipt register from its bytes (as a saved evaluation keeps them), read in the worker."""
    got = _receipt_rows(name, data, sandbox)
    return ([], [got]) if isinstance(got, Problem) else got


def read_receipts(
    path: str | os.PathLike[str], *, sandbox: Sandbox | None = None
) -> tuple[list[Receipt], list[Problem], InputFile | None]:
    """The receipt register's rows (read in the worker, like every input), its problems, and the file."""
    problems: list[Problem] = []
    data = _read_file(Path(path), problems)
    if data is None:
        return [], problems, None
    read_at = datetime.now(UTC)
    got = _receipt_rows(str(path), data, sandbox)
    if isinstance(got, Problem):
        return [], [*problems, got], None
    receipts, more = got
    return receipts, problems + more, _committee_file(path, data, read_at, "receipts", [r.bid_ref for r in receipts])
