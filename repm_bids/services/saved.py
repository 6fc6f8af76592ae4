"""Saved evaluations: an EvaluationSession kept in a `.repm` file, every change committed as it is made.

The API the application and the command line use (keep it small and stable):

    create_saved(path, session, user=None, *, overwrite=False) -> SavedEvaluation
    open_saved(path, user=None, *, read_only=False) -> (SavedEvaluation, EvaluationSession)
    SavedEvaluation: .path .user .closed .migrated_from .save_as(path, overwrite=False) .close()
                     .audit_entries() .check_chain() .record_export(workbook_path, sha256=None)
                     .record_evaluated(evaluation) .record_decisions_file(path) .verify(workbook_path)
    verify_award(workbook_path, saved_path) -> VerifyReport(ok, differences, notes)
    SavedError (a sentence for the user), AuditEntry, ChainStatus

A `SavedEvaluation` is a listener on the session: `session_changed` stores the change and appends its audit entry in
one transaction. An import stores each file's bytes in its own transaction, so a crash part-way keeps the files
stored before it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from repm_bids import __version__
from repm_bids.domain.fields import FieldSpec
from repm_bids.domain.local_time import recorded_time_text
from repm_bids.domain.models import Decision, InputFile, Location, Problem, error, problem_from_dict, warning
from repm_bids.domain.result import Evaluation
from repm_bids.domain.scheme import Scheme, SchemeError, scheme_from_dict, scheme_to_dict
from repm_bids.domain.wording import decision_words
from repm_bids.io.store import InputRow, SavedDamaged, SavedError, SavedWriteFailed, Store, StoredResult
from repm_bids.io.store_audit import AuditEntry, ChainStatus
from repm_bids.services.session import EvaluationSession, InputPart

__all__ = [
    "AuditEntry",
    "ChainStatus",
    "SavedDamaged",
    "SavedError",
    "SavedEvaluation",
    "SavedWriteFailed",
    "VerifyReport",
    "create_saved",
    "default_user",
    "file_sha256",
    "open_saved",
    "read_trail",
    "verify_award",
    "verify_copy",
]

SUFFIX = ".repm"


def default_user() -> str:
    """The person recorded in the audit trail: REPM_BIDS_USER if set, else the operating-system account."""
    name = os.environ.get("REPM_BIDS_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # noqa: BLE001 - no user name in the environment (a service account, a container)
        return "unknown"


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _source_bytes(part: InputPart) -> bytes | None:
    """The bytes of an imported file to keep: those the import read when the part carries them, else the file as
    it is on disk now (None when it can no longer be read). The one place the store looks at an original file."""
    data = getattr(part, "data", None)
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    return _read_source(part.input.path)


def _read_source(path: str) -> bytes | None:
    """The bytes of an imported file as they are on disk now; None when it can no longer be read."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _decisions_record(session: EvaluationSession) -> list[str]:
    return [
        f"{d.bid_ref}: {decision_words(d.qualified, d.low_quote)}{f' ({d.remarks})' if d.remarks else ''}"
        for d in session.decisions.values()
    ]


def _stages_record(session: EvaluationSession) -> dict[str, Any]:
    return {
        "stage": session.stage.value,
        "steps": [f"{s.stage.value} by {s.by} at {s.at.isoformat()}" for s in session.steps],
        "clarifications": [f"{c.bid_ref} {c.field} = {c.text} ({c.reason})" for c in session.clarifications.values()],
        "covers_opened": [p.input.path for p in session.price_parts],
        "covers_unopened": [u.path for u in session.unopened],
    }


def _problem_line(p: Problem) -> str:
    return f"{p.severity.value}: {p.where}: {p.message}"


def _problem_dict(p: Problem) -> dict[str, Any]:
    return {"severity": p.severity.value, **p.as_dict(), "params": p.figures}


def _problem(d: Mapping[str, Any]) -> Problem:
    return problem_from_dict(d)


def _location_json(loc: Location | None) -> str | None:
    if loc is None:
        return None
    return json.dumps({"path": loc.path, "sheet": loc.sheet, "cell": loc.cell, "line": loc.line}, sort_keys=True)


def _location(text: str | None) -> Location | None:
    if not text:
        return None
    d = json.loads(text)
    return Location(d["path"], d.get("sheet"), d.get("cell"), d.get("line"))


def _read_at(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _input_row(position: int, part: InputPart) -> InputRow:
    at = part.input.read_at.isoformat() if part.input.read_at else None
    return InputRow(position, part.sha256, part.input.path, part.input.kind, at)


def encode_result(evaluation: Evaluation) -> tuple[str, bytes]:
    """The result's SHA-256 and its stored text as UTF-8, exactly as `record_evaluated` makes them: seconds of work
    at 10,000 bids, which a caller can do in another process and hand over (as bytes: tens of megabytes that the
    receiving process never has to make into one string)."""
    from repm_bids.domain.report import RESULT_PIECES, json_in_pieces, result_dict, result_dict_sha256

    result = result_dict(evaluation)
    return result_dict_sha256(result), json_in_pieces(result, depth=RESULT_PIECES).encode("utf-8")


def _result_summary(evaluation: Evaluation) -> dict[str, Any]:
    s = evaluation.summary
    return {
        "bids_received": s.bids_received,
        "qualified": s.qualified,
        "beneficiaries": s.beneficiaries,
        "capacity_awarded": s.capacity_awarded,
    }


def _scheme_record(scheme: Scheme) -> dict[str, Any]:
    """What the scheme table holds: the scheme file's parameters (scheme_to_dict), and which parameters are the
    built-in defaults exactly (same value and same Python type). Scheme()'s defaults are written as ints where the
    scheme file gives floats; keeping them exact makes a reopened evaluation write byte-identical workbooks."""
    default = Scheme()
    exact = [f.name for f in fields(Scheme) if repr(getattr(scheme, f.name)) == repr(getattr(default, f.name))]
    return {"scheme": scheme_to_dict(scheme), "default_fields": exact}


def _scheme_from_record(record: Mapping[str, Any]) -> Scheme:
    scheme = scheme_from_dict(record["scheme"])
    default = Scheme()
    exact = {k: getattr(default, k) for k in record.get("default_fields", ()) if hasattr(default, k)}
    return replace(scheme, **exact) if exact else scheme


class SavedEvaluation:
    """One open `.repm` file, locked for this program until `close()`. A listener on its EvaluationSession."""

    def __init__(self, store: Store, user: str) -> None:
        self._store = store
        self.user = user  # the application may let the committee member change it; it is recorded with each entry
        self._lock = threading.RLock()

    # -- what the application reads ----------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def closed(self) -> bool:
        return self._store.closed

    @property
    def migrated_from(self) -> int | None:
        """The schema version the file had before this program brought it up to date (None: it was current)."""
        return self._store.migrated_from

    def audit_entries(self) -> list[AuditEntry]:
        return self._store.audit_entries()

    def check_chain(self) -> ChainStatus:
        return self._store.check_chain()

    def trail_head(self) -> str | None:
        """The head of the audit trail now (the last entry's hash, as `log` prints it): what a workbook or a letter
        written from this evaluation prints."""
        return self._store.last_hash()

    def latest_result(self) -> StoredResult | None:
        """The last evaluation recorded (the JSON result, its SHA-256 and when it was made)."""
        return self._store.read_result()

    # -- recording -------------------------------------------------------------------------------------------------
    def session_changed(self, session: EvaluationSession, action: str, details: dict[str, Any]) -> None:
        """Store what changed and append its audit entry (the session calls this after every change)."""
        with self._lock:
            if action in ("imported", "restored_file"):
                self._store_parts(session, action, details)
                return
            if action == "decisions_imported":  # the decisions themselves, not only how many
                details = {**details, "made": _decisions_record(session)}
            with self._store.transaction() as conn:
                self._put_decisions_file(conn, session)
                self._put_covers(conn, session)
                self._sync(conn, session)
                Store.append_in(conn, self.user, action, details)

    def record_evaluated(self, evaluation: Evaluation, encoded: tuple[str, bytes] | None = None) -> AuditEntry | None:
        """Keep this result as the latest and record an `evaluated` entry; None when it equals the latest already
        recorded (re-evaluating an unchanged evaluation adds nothing to the trail). `encoded`: the result's digest
        and text as `encode_result` makes them, when they were made elsewhere (in another process)."""
        from repm_bids.domain.report import RESULT_PIECES, json_in_pieces, result_dict, result_dict_sha256

        if encoded is None:
            result = result_dict(evaluation)  # once, for both the digest and the text (10,000 bids: seconds of work)
            digest = result_dict_sha256(result)
        else:
            digest = encoded[0]
        if self._store.result_sha256() == digest:
            return None
        at = evaluation.evaluated_at.isoformat() if evaluation.evaluated_at else None
        # as json.dumps(sort_keys=True), never holding the GUI thread
        text = json_in_pieces(result, depth=RESULT_PIECES) if encoded is None else encoded[1]
        with self._lock, self._store.transaction() as conn:
            Store.write_result(conn, at, digest, text)
            return Store.append_in(
                conn,
                self.user,
                "evaluated",
                {"result_sha256": digest, "evaluated_at": at, **_result_summary(evaluation)},
            )

    def record_export(
        self,
        workbook_path: str | os.PathLike[str],
        sha256: str | None = None,
        evaluated_at: datetime | None = None,
    ) -> AuditEntry:
        """Record that the award workbook was written: its path and SHA-256 (computed from the file when not given),
        the result it shows and the evaluation time it was written with (so that `verify` can write it again and
        name any cell changed since). Call it after the workbook is complete on disk."""
        from repm_bids.io.store_verify import workbook_result_digest, workbook_trail_head

        digest = sha256 or file_sha256(workbook_path)
        try:
            shown = workbook_result_digest(workbook_path)
            head = workbook_trail_head(workbook_path)
        except Exception:  # noqa: BLE001 - the export is recorded even if its digest cannot be read back
            shown = head = None
        details = {
            "workbook": str(workbook_path),
            "workbook_sha256": digest,
            "result_sha256": shown,  # the result the workbook shows (its Summary sheet and footer)
            "trail_head": head,  # the trail head the workbook prints: the trail as it was when it was written
            "latest_recorded_result_sha256": self._store.result_sha256(),
        }
        if evaluated_at is not None:
            details["evaluated_at"] = evaluated_at.isoformat()
        with self._lock:
            return self._store.append(self.user, "exported", details)

    def record_decisions_file(self, path: str | os.PathLike[str], data: bytes | None = None) -> AuditEntry:
        """Keep a copy of the committee's decisions file (as evidence, stored once by hash) and record it. The
        decisions themselves are stored as the session's decisions; call this beside `replace_decisions`."""
        raw = Path(path).read_bytes() if data is None else data
        digest = hashlib.sha256(raw).hexdigest()
        with self._lock, self._store.transaction() as conn:
            Store.put_blob(conn, digest, raw)
            details = {"path": str(path), "sha256": digest, "size": len(raw)}
            return Store.append_in(conn, self.user, "decisions_file", details)

    def record(self, action: str, details: Mapping[str, Any]) -> AuditEntry:
        """Record another event worth keeping (e.g. the award statement printed); prefer the specific methods."""
        with self._lock:
            return self._store.append(self.user, action, dict(details))

    # -- the file ----------------------------------------------------------------------------------------------------
    def save_as(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Copy the whole file to `path` (SQLite's backup, so the copy is consistent) and carry on in the copy.

        A `saved_as` entry (from, to) is recorded first, so both files end with it; the original is closed and
        this object, still the session's listener, then writes to the copy.
        """
        target = Path(path)
        with self._lock:
            old = self._store
            old.check_copy_target(target, overwrite=overwrite)
            old.append(self.user, "saved_as", {"from": str(old.path), "to": str(target)})
            try:
                old.backup_to(target, overwrite=overwrite)
            except SavedError as exc:
                old.append(self.user, "save_as_failed", {"to": str(target), "reason": str(exc)})
                raise
            new = Store.open(target, self.user)
            old.close()
            self._store = new

    def verify(self, workbook_path: str | os.PathLike[str]) -> VerifyReport:
        """`verify_award` on this open file: re-evaluate from the stored inputs (not the session in memory) and
        compare the workbook with it and with the trail's record of its export. The application uses this, so it
        keeps the file while verifying."""
        book = _existing(workbook_path)
        with self._lock:
            session = self._rebuild()
            entries, chain = self.audit_entries(), self.check_chain()
            latest = self._store.read_result()
        return _verify(book, session, entries, chain, latest)

    def copy_for_reading(self, target: str | os.PathLike[str]) -> Path:
        """A consistent copy of the file as it is now (SQLite's backup), recording nothing: for `verify_copy` to
        read in another process while this one keeps the file locked."""
        with self._lock:
            return self._store.backup_to(target)

    def close(self) -> None:
        """Release the file (everything is already committed). Safe to call twice."""
        with self._lock:
            self._store.close()

    def __enter__(self) -> SavedEvaluation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- mapping the session onto the tables -------------------------------------------------------------------------
    def _sync(self, conn: Any, session: EvaluationSession) -> None:
        """Write the session's whole state (small tables; the bytes of inputs are written only once, by hash)."""
        Store.write_scheme(conn, _scheme_record(session.scheme))
        Store.write_decisions(
            conn,
            [
                (d.bid_ref, d.qualified, d.remarks, _location_json(d.source), d.low_quote)
                for d in session.decisions.values()
            ],
        )
        Store.write_removed_bids(conn, sorted(session.removed_bids))
        Store.write_problems(conn, "import", [_problem_dict(p) for p in session.loose_problems])
        Store.write_problems(conn, "decisions", [_problem_dict(p) for p in session.decision_problems])
        self._write_inputs(conn, session.stored_parts)
        Store.write_steps(conn, [(s.stage.value, s.by, s.at.isoformat()) for s in session.steps])
        Store.write_clarifications(
            conn, [(c.bid_ref, c.field, c.text, c.reason, c.document) for c in session.clarifications.values()]
        )
        Store.write_covers(
            conn,
            [(p.sha256, p.input.path, True, None) for p in session.price_parts]
            + [(u.sha256, u.path, False, u.bid_ref) for u in session.unopened],
        )
        Store.write_draws(conn, [(d.order, d.witnesses) for d in session.draws])
        Store.write_withdrawals(conn, list(session.withdrawn))

    @staticmethod
    def _put_covers(conn: Any, session: EvaluationSession) -> None:
        """Keep the bytes of the financial covers opened (evidence, stored once by hash); an unopened cover is kept
        by its SHA-256 alone."""
        for part in session.price_parts:
            data = _source_bytes(part)
            if data is None or hashlib.sha256(data).hexdigest() != part.sha256:
                raise SavedError(
                    f"The financial cover {part.input.path} could not be kept as it was read (was it changed or moved "
                    "while it was being opened?); nothing was recorded. Open the covers again."
                )
            Store.put_blob(conn, part.sha256, data)

    @staticmethod
    def _put_decisions_file(conn: Any, session: EvaluationSession) -> None:
        """Keep the bytes of the decisions file and the receipt register the session read (evidence, stored once
        by hash)."""
        for part in (session.decisions_part, session.receipts_part):
            if part is not None and part.data is not None and hashlib.sha256(part.data).hexdigest() == part.sha256:
                Store.put_blob(conn, part.sha256, part.data)

    def _write_inputs(self, conn: Any, parts: list[InputPart]) -> None:
        stored = Store.blob_hashes(conn)
        # a part not stored yet is left out: an import in progress stores each file in its own transaction
        rows = [_input_row(i, p) for i, p in enumerate(parts) if p.sha256 in stored]
        Store.write_inputs(conn, rows)

    def _store_parts(self, session: EvaluationSession, action: str, details: Mapping[str, Any]) -> None:
        """Store each input not yet in the file, one transaction per file, then the rest of the state."""
        listed = {r.sha256 for r in self._store.read_inputs()}
        for part in [p for p in session.parts if p.sha256 not in listed]:
            self._store_part(session, part, "imported_file" if action == "imported" else action)
        stored = len(self._store.read_problems("import"))
        with self._store.transaction() as conn:
            self._sync(conn, session)
            new = session.loose_problems[stored:]
            if new:
                Store.append_in(conn, self.user, "import_problems", {"problems": [_problem_line(p) for p in new]})
            elif not Store.state_recorded(conn):  # every change of the tables has its entry
                Store.append_in(conn, self.user, "inputs_settled", {"inputs": len(session.parts)})

    def _store_part(self, session: EvaluationSession, part: InputPart, action: str) -> None:
        info: dict[str, Any] = {
            "path": part.input.path,
            "sha256": part.sha256,
            "size": part.input.size,
            "bids": len(part.bids),
        }
        data: bytes | None = None
        if not self._store.has_blob(part.sha256):
            data = _source_bytes(part)
            if data is None:
                self._drop_unreadable(session, part)
                return
            if hashlib.sha256(data).hexdigest() != part.sha256:
                part = self._replace_changed(session, part, data)
                info.update(
                    sha256=part.sha256,
                    size=part.input.size,
                    bids=len(part.bids),
                    changed_on_disk={"sha256_when_read": info["sha256"]},
                )
                if self._store.has_blob(part.sha256):
                    data = None
        with self._store.transaction() as conn:
            if data is not None:
                Store.put_blob(conn, part.sha256, data)
            if action == "restored_file":  # back in its place, recorded with the entry
                self._write_inputs(conn, session.parts)
            else:  # after those stored before it (an import keeps the order of its files)
                Store.append_input(conn, _input_row(0, part))
            Store.append_in(conn, self.user, action, info)

    def _drop_unreadable(self, session: EvaluationSession, part: InputPart) -> None:
        """The file vanished between reading and storing: it cannot be kept, so it leaves the evaluation too."""
        session.loose_problems.append(error("not_kept", part.input.path))
        session.parts[:] = [p for p in session.parts if p.sha256 != part.sha256]
        session.invalidate()  # the session changed under its own notification; re-evaluate
        with self._store.transaction() as conn:
            self._sync(conn, session)
            Store.append_in(conn, self.user, "import_not_stored", {"path": part.input.path, "sha256": part.sha256})

    def _replace_changed(self, session: EvaluationSession, part: InputPart, data: bytes) -> InputPart:
        """The file changed on disk after it was read: keep the bytes now on disk, and read the stored bytes again
        so that the evaluation is of exactly what the file keeps."""
        digest = hashlib.sha256(data).hexdigest()
        stored = bytes(data)  # kept with the entry that records it, in one transaction
        from repm_bids.io.intake import read_input_bytes

        bids, problems = read_input_bytes(part.input.path, stored)
        session.loose_problems.append(  # kept with the import's problems, so that a reopened file still says it
            warning("changed_while_imported", part.input.path, {"sha256": digest})
        )
        new = InputPart(
            InputFile(
                part.input.path,
                digest,
                len(stored),
                datetime.now(UTC),
                part.input.kind,
                tuple(b.bid_ref or "" for b in bids),
            ),
            tuple(bids),
            tuple(problems),
        )
        if digest in session.known_sha256:  # the new content is a file already in the evaluation
            session.parts[:] = [p for p in session.parts if p.sha256 != part.sha256]
        else:
            session.parts[:] = [new if p.sha256 == part.sha256 else p for p in session.parts]
        session.invalidate()  # the session changed under its own notification; re-evaluate
        return new

    def _rebuild(self) -> EvaluationSession:
        """The session as stored: inputs read again from their stored bytes, scheme, decisions, removed bids.
        A table that is missing or holds what repm-bids never writes is a damaged file: a sentence, not a fault."""
        try:
            return self._read_session()
        except sqlite3.DatabaseError as exc:
            raise SavedError(f"{self.path.name} is damaged ({exc}); nothing was changed.") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SavedError(
                f"{self.path.name} is damaged: a table holds what repm-bids never writes ({type(exc).__name__}: "
                f"{exc}); nothing was changed."
            ) from None

    def _read_session(self) -> EvaluationSession:
        from repm_bids.domain.committee import Receipt
        from repm_bids.io.intake import read_decisions_bytes, read_input_bytes, read_receipts_bytes

        raw_scheme = self._store.read_scheme()
        try:
            scheme = _scheme_from_record(raw_scheme) if raw_scheme else None
        except SchemeError as exc:
            raise SavedError(
                f"{self.path.name}: the stored scheme cannot be used ({'; '.join(exc.messages)})."
            ) from None
        parts: list[InputPart] = []
        decisions_part: InputPart | None = None
        register: tuple[InputPart, list[Receipt], list[Problem]] | None = None
        for row in self._store.read_inputs():
            data = self._store.blob(row.sha256)
            if row.kind == "receipts":  # the receipt register: read again from the bytes kept
                receipts, receipt_problems = read_receipts_bytes(row.path, data)
                refs = tuple(r.bid_ref for r in receipts)
                info = InputFile(row.path, row.sha256, len(data), _read_at(row.read_at), row.kind, refs, data=data)
                register = (InputPart(info, ()), receipts, receipt_problems)
                continue
            if row.kind == "decisions":  # its decisions are stored as the session's; the file is evidence
                refs = tuple(d.bid_ref for d in read_decisions_bytes(row.path, data)[0])
                info = InputFile(row.path, row.sha256, len(data), _read_at(row.read_at), row.kind, refs, data=data)
                decisions_part = InputPart(info, ())
                continue
            bids, problems = read_input_bytes(row.path, data)
            if hashlib.sha256(data).hexdigest() != row.sha256:
                problems.insert(
                    0,
                    error("kept_copy_altered", row.path),
                )
            refs = tuple(b.bid_ref or "" for b in bids)
            info = InputFile(row.path, row.sha256, len(data), _read_at(row.read_at), row.kind, refs, data=data)
            parts.append(InputPart(info, tuple(bids), tuple(problems)))
        session = EvaluationSession() if scheme is None else EvaluationSession(scheme=scheme)
        session.parts = parts
        session.decisions_part = decisions_part
        session.loose_problems = [_problem(d) for d in self._store.read_problems("import")]
        session.decision_problems = [_problem(d) for d in self._store.read_problems("decisions")]
        session.decisions = {
            ref: Decision(ref, qualified, remarks, _location(source), low_quote)
            for ref, qualified, remarks, source, low_quote in self._store.read_decisions()
        }
        session.removed_bids = set(self._store.read_removed_bids())
        if register is not None:
            session.receipts_part, session.receipts, session.receipt_problems = (
                register[0],
                tuple(register[1]),
                register[2],
            )
        self._read_stages(session)
        return session

    def _read_stages(self, session: EvaluationSession) -> None:
        """The steps, the clarifications (their values read again by the bid form's rules) and the financial covers
        of the open financial stage (the opened ones read again from their stored bytes and matched to the bids)."""
        from repm_bids.domain.clarifications import Clarification, clarifiable_field
        from repm_bids.domain.committee import Draw
        from repm_bids.domain.result import UnopenedCover
        from repm_bids.domain.stages import Stage, Step
        from repm_bids.io.intake import read_input_bytes
        from repm_bids.io.values import read_value
        from repm_bids.services.covers import CoversRefused, match_covers

        session.steps = [
            Step(Stage(stage), by, datetime.fromisoformat(at)) for stage, by, at in self._store.read_steps()
        ]
        for bid_ref, key, text, reason, document in self._store.read_clarifications():
            spec = clarifiable_field(key)
            if not isinstance(spec, FieldSpec):
                raise ValueError(f"a clarification names {key!r}, which cannot be clarified")
            reading = read_value(spec, text)
            if reading.error is not None or reading.value is None:
                raise SavedError(
                    f"{self.path.name}: the clarification of bid {bid_ref} ({spec.label} = {text!r}) can no longer be "
                    f"read ({reading.error or 'no value'}); nothing was changed."
                )
            made = Clarification(bid_ref, spec.key, text, reading.value, reason, document, reading.note)
            session.clarifications[made.key] = made
        rows = self._store.read_covers()
        if not rows:
            return
        parts: list[InputPart] = []
        unopened: list[UnopenedCover] = []
        for sha, path, opened, named in rows:
            if not opened:
                unopened.append(UnopenedCover(named or "", path, sha))
                continue
            data = self._store.blob(sha)
            bids, problems = read_input_bytes(path, data)
            info = InputFile(path, sha, len(data), None, "bids", tuple(b.bid_ref or "" for b in bids), data=data)
            parts.append(InputPart(info, tuple(bids), tuple(problems)))
        prices_at = session.steps  # the technical evaluation the covers were opened against: before they were
        session.steps = [s for s in prices_at if s.stage is not Stage.PRICES_OPENED]
        try:
            opened_again = match_covers(session.evaluation(), parts, unopened)
        except CoversRefused as exc:
            raise SavedError(
                f"{self.path.name}: the financial covers it keeps no longer fit its bids ({exc}); nothing was changed."
            ) from None
        session.steps = prices_at
        session.prices = opened_again.prices
        session.price_parts = parts
        session.unopened = unopened
        session.draws = tuple(Draw(tuple(order), witnesses) for order, witnesses in self._store.read_draws())
        session.withdrawn = tuple(self._store.read_withdrawals())
        session.invalidate()

    def _record_snapshot(self, session: EvaluationSession) -> None:
        """Store a new file's starting state: each input in its own transaction, then the rest."""
        for part in list(session.parts):
            self._store_part(session, part, "imported_file")
        with self._store.transaction() as conn:
            self._put_decisions_file(conn, session)
            self._put_covers(conn, session)
            self._sync(conn, session)
            if session.decisions:
                details: dict[str, Any] = {"decisions": len(session.decisions), "problems": 0}
                if session.decisions_part is not None:
                    d = session.decisions_part.input
                    details["file"] = {"path": d.path, "sha256": d.sha256, "size": d.size}
                details["made"] = _decisions_record(session)
                Store.append_in(conn, self.user, "decisions_imported", details)
            for key in sorted(session.removed_bids):
                Store.append_in(conn, self.user, "removed_bid", {"bid": key})
            if session.loose_problems:
                Store.append_in(
                    conn, self.user, "import_problems", {"problems": [_problem_line(p) for p in session.loose_problems]}
                )
            if session.receipts_part is not None:
                r = session.receipts_part.input
                details = {"receipts": len(session.receipts), "problems": len(session.receipt_problems)}
                details["file"] = {"path": r.path, "sha256": r.sha256, "size": r.size}
                Store.append_in(conn, self.user, "receipts_imported", details)
            if session.clarifications or session.steps:  # a session saved part-way through its stages
                Store.append_in(conn, self.user, "stages_recorded", _stages_record(session))
            if not Store.state_recorded(conn):  # the inputs' order settled: recorded too, as every change is
                Store.append_in(conn, self.user, "inputs_settled", {"inputs": len(session.parts)})


def create_saved(
    path: str | os.PathLike[str],
    session: EvaluationSession,
    user: str | None = None,
    *,
    overwrite: bool = False,
) -> SavedEvaluation:
    """A new `.repm` file holding the session as it is now; from then on every change of the session is stored.

    Refuses an existing file unless `overwrite` (and never replaces a file open elsewhere). Raises SavedError.
    """
    who = user or default_user()
    created = {
        "tool": f"repm-bids {__version__}",
        "scheme": session.scheme.name,
        "scheme_parameters": scheme_to_dict(session.scheme),
        "inputs": len(session.parts),
        "decisions": len(session.decisions),
    }
    scheme = _scheme_record(session.scheme)
    store = Store.create(path, who, created, overwrite=overwrite, setup=lambda conn: Store.write_scheme(conn, scheme))
    saved = SavedEvaluation(store, who)
    try:
        saved._record_snapshot(session)
    except BaseException:
        saved.close()
        raise
    session.listeners.append(saved)
    return saved


def open_saved(
    path: str | os.PathLike[str],
    user: str | None = None,
    *,
    read_only: bool = False,
    inspect: bool = False,
    note_opened: bool = True,
) -> tuple[SavedEvaluation, EvaluationSession]:
    """Open a `.repm` file: the store (locked until closed) and the session rebuilt from the stored inputs.

    `read_only` (the command line's log, verify and evaluate) reads the file exactly as it is on disk and writes
    nothing, not even an older schema's migration; `inspect` does so even for a file that fails its check
    (changed outside repm-bids), for examining its trail: `check_chain()` says what is wrong. `note_opened=False`
    opens to record something (an export) without an `opened` entry.
    Raises SavedError: locked by another window or process, not a repm file, a newer schema, a sidecar file not
    left by repm-bids; SavedDamaged (a SavedError) when the file was changed outside repm-bids or is damaged.
    """
    who = user or default_user()
    read_only = read_only or inspect
    store = Store.open(path, who, read_only=read_only, inspect=inspect)
    saved = SavedEvaluation(store, who)
    try:
        try:
            session = saved._rebuild()
        except SavedError as exc:  # say what the check found too: the entry it names
            status = store.check_chain() if inspect else None
            if status is None or status.ok:
                raise
            raise SavedDamaged(f"{exc} {status.message}", status) from None
        if not read_only and note_opened:
            store.append(who, "opened", {"by": f"repm-bids {__version__}"})
    except BaseException:
        saved.close()
        raise
    session.listeners.append(saved)
    return saved, session


@dataclass(frozen=True)
class Trail:
    """A saved evaluation's audit trail as it is on disk, and the whole check of the file."""

    entries: list[AuditEntry]
    status: ChainStatus
    head: str | None  # the last entry's hash: what the committee writes in its minutes
    covers_tables: bool  # False for a file older than schema 3 read as it is: its tables are not checked


def read_trail(path: str | os.PathLike[str], user: str | None = None) -> Trail:
    """Read the trail and check the file without using or changing it (even a file that fails the check).
    Raises SavedError when it cannot be read at all (open elsewhere, not a repm file, damaged beyond reading)."""
    store = Store.open(path, user or default_user(), inspect=True)
    try:
        entries = store.audit_entries()
        status = store.check_chain()
        return Trail(entries, status, entries[-1].hash if entries else None, store.covers_tables)
    except sqlite3.DatabaseError as exc:
        raise SavedError(f"{Path(path).name} is damaged ({exc}); nothing was changed.") from None
    finally:
        store.close()


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    differences: list[str]
    notes: list[str] = field(default_factory=list)  # what else was found: the export entry, the result digest
    checked: int = 0  # how many figures the evaluation has on the three sheets


def verify_award(workbook_path: str | os.PathLike[str], saved_path: str | os.PathLike[str]) -> VerifyReport:
    """Check an award workbook against a saved evaluation; `ok` only when nothing at all differs.

    Differences: the trail's chain is broken or the tables differ from it; no export of this exact workbook file is
    recorded; the result SHA-256 the workbook shows is not the re-evaluation's; any cell of any sheet differs from
    the workbook written again from the stored inputs. Raises SavedError when either file cannot be read (or the
    saved evaluation is open elsewhere: an open window uses `SavedEvaluation.verify` instead). The saved evaluation
    is read as it is on disk, and nothing is written."""
    book = _existing(workbook_path)
    saved, _ = open_saved(saved_path, inspect=True)
    try:
        return saved.verify(book)
    finally:
        saved.close()


def _existing(workbook_path: str | os.PathLike[str]) -> Path:
    book = Path(workbook_path)
    if not book.is_file():
        raise SavedError(f"{book} does not exist.")
    return book


def verify_copy(workbook_path: str | os.PathLike[str], copy_path: str | os.PathLike[str]) -> VerifyReport:
    """`SavedEvaluation.verify` of the file a `copy_for_reading` copy was made from, done on the copy: the same
    checks (the copy carries the same name, so every sentence names the same file), without re-evaluating twice as
    `verify_award` would."""
    book = _existing(workbook_path)
    saved = SavedEvaluation(Store.open(copy_path, default_user(), inspect=True), default_user())
    try:
        return saved.verify(book)
    finally:
        saved.close()


def _verify(
    book: Path,
    session: EvaluationSession,
    entries: list[AuditEntry],
    chain: ChainStatus,
    latest: StoredResult | None,
) -> VerifyReport:
    from repm_bids.domain.report import result_sha256
    from repm_bids.io.award_reader import UnreadableAward, compare_figures, expected_figures, read_figures
    from repm_bids.io.store_verify import workbook_result_digest, workbook_trail_head

    try:
        actual = read_figures(book)
        shown = workbook_result_digest(book)
        printed_head = workbook_trail_head(book)
    except UnreadableAward as exc:  # its sentence says why
        raise SavedError(f"{book.name} cannot be read as an award workbook. {exc}") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one sentence, not a traceback
        raise SavedError(f"{book.name} cannot be read as an award workbook ({type(exc).__name__}).") from None
    sha = file_sha256(book)
    exports = [e for e in entries if e.action == "exported" and e.details.get("workbook_sha256") == sha]
    export = exports[-1] if exports else None
    evaluation = session.evaluation(evaluated_at=_evaluated_at(export, latest, shown))
    digest = result_sha256(evaluation)
    differences: list[str] = []
    notes: list[str] = []
    if not chain.ok:
        differences.append(f"The saved evaluation's audit trail is broken: {chain.message}")
    if export is None:
        differences.append(
            f"No export of this exact workbook file (SHA-256 {sha[:16]}…) is recorded in the audit trail: it was "
            "changed after it was written, or it was not written from this saved evaluation."
        )
    else:
        notes.append(
            f"This exact workbook (SHA-256 {sha[:16]}…) was exported at entry {export.seq}, "
            f"{recorded_time_text(export.time_utc)}, "
            f"by {export.user}."
        )
        recorded = export.details.get("result_sha256")
        if recorded and recorded != digest:
            differences.append(
                f"Entry {export.seq} recorded that the workbook shows result SHA-256 {str(recorded)[:16]}…; the "
                f"stored inputs now give {digest[:16]}…."
            )
    if shown is None:
        differences.append("The workbook shows no result SHA-256 (its Summary sheet's note was removed or edited).")
    elif shown != digest:
        differences.append(
            f"The workbook's result SHA-256 ({shown[:16]}…) is not the re-evaluation's ({digest[:16]}…)."
        )
    else:
        notes.append(f"The workbook's result SHA-256 matches the re-evaluation ({digest[:16]}…).")
    head = _check_head(printed_head, export, entries, differences)
    expected = expected_figures(evaluation)
    figures = compare_figures(expected, actual)
    differences.extend(figures)
    if export is None or not chain.ok:  # an exact recorded export is the workbook written then, cell for cell
        differences.extend(_other_cells(book, evaluation, expected, head))
    return VerifyReport(not differences, differences, notes, len(expected))


def _check_head(
    printed: str | None, export: AuditEntry | None, entries: list[AuditEntry], differences: list[str]
) -> str | None:
    """The audit trail head the workbook prints must be the hash of an entry of this trail made before its export
    (the trail as it was when the workbook was written), and the one its export recorded. Returns the head to write
    the workbook again with, so that a wrong head is named once, by the sentence above."""
    earlier = {e.hash: e.seq for e in entries if export is None or e.seq < export.seq}
    older = export is not None and not export.details.get("trail_head")  # written before workbooks printed the head
    if printed is None and not older:
        differences.append("The workbook prints no audit trail head (its Summary sheet's sign-off was edited).")
    elif printed is not None and printed not in earlier:
        when = f" before its export at entry {export.seq}" if export is not None else ""
        differences.append(
            f"The workbook's audit trail head ({printed[:16]}…) is not the hash of any entry of this trail{when}."
        )
    if export is not None:
        recorded = export.details.get("trail_head")
        if isinstance(recorded, str):
            if printed is not None and printed != recorded:
                differences.append(
                    f"Entry {export.seq} recorded that the workbook prints audit trail head {recorded[:16]}…; it "
                    f"prints {printed[:16]}…."
                )
            return recorded
    return printed  # its difference is named above; the other cells are compared with it as printed


def _evaluated_at(export: AuditEntry | None, latest: StoredResult | None, shown: str | None) -> datetime | None:
    """The evaluation time the workbook was written with: the export's record, else the stored result's when the
    workbook shows that result."""
    text = export.details.get("evaluated_at") if export is not None else None
    if not text and latest is not None and shown == latest.sha256:
        text = latest.evaluated_at
    return _read_at(text) if isinstance(text, str) else None


def _other_cells(book: Path, evaluation: Evaluation, expected: list[Any], head: str | None) -> list[str]:
    """Every other cell that differs from the workbook written again from the saved evaluation."""
    import tempfile

    from repm_bids.io.award_reader import compare_cells
    from repm_bids.io.award_workbook import write_award_workbook

    with tempfile.TemporaryDirectory(prefix="repm-verify-") as folder:
        again = Path(folder) / "again.xlsx"
        write_award_workbook(evaluation, again, trail_head=head)
        try:
            return compare_cells(again, book, skip={(f.sheet, f.cell) for f in expected})
        except Exception as exc:  # noqa: BLE001 - the figures were read; the rest of the file is unreadable
            return [f"The workbook's other sheets cannot be read ({type(exc).__name__})."]
