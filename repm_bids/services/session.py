"""One evaluation being worked on: its input files, bids, committee decisions and scheme (no Qt).

The application and the saved-evaluation store both work through this object. Every change goes through a method
that tells the listeners what happened (an action name and JSON-able details), so a store can persist it and
append it to the audit trail, and the GUI can undo it by calling the inverse method.
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from repm_bids.domain.clarifications import Clarification, apply_clarifications
from repm_bids.domain.committee import Draw, Receipt
from repm_bids.domain.models import Bid, Decision, InputFile, Problem, Severity, problem
from repm_bids.domain.progress import CancelToken, Progress
from repm_bids.domain.result import Evaluation, UnopenedCover
from repm_bids.domain.scheme import Scheme, scheme_to_dict
from repm_bids.domain.stages import Stage, Step
from repm_bids.services.covers import PricesOpened, open_financial_covers
from repm_bids.services.reading import (
    DecisionsRead,
    InputPart,
    ReceiptsRead,
    import_files,
    read_decisions_input,
    read_receipts_input,
)
from repm_bids.services.stages import StageActions

__all__ = ["EvaluationSession", "InputPart", "SessionListener", "bid_key"]


@dataclass(frozen=True, slots=True)
class _Kept:
    """The bids an evaluation takes, worked out for one state of the parts, the removed bids and the clarifications
    (the same objects, compared by identity: a part, a bid and a clarification never change): a scheme change
    evaluates them again without walking every bid's key."""

    parts: tuple[InputPart, ...]
    removed: frozenset[str]
    clarifications: tuple[Clarification, ...]
    bids: tuple[Bid, ...]  # the bids not removed, as read
    removed_warnings: tuple[Problem, ...]  # one for each bid removed
    clarified: tuple[Bid, ...]  # `bids` with the committee's verified values in place


def _same(a: Sequence[object], b: Sequence[object]) -> bool:
    return len(a) == len(b) and all(map(operator.is_, a, b))


def _removed_warning(b: Bid) -> Problem:
    return problem(
        Severity.WARNING,
        "bid_removed",
        b.source.path,
        {"bid_ref": b.bid_ref},
        sheet=b.source.sheet,
        line=b.source.line,
        bid_ref=b.bid_ref,
    )


class SessionListener(Protocol):
    def session_changed(self, session: EvaluationSession, action: str, details: dict[str, Any]) -> None: ...


def evaluate(*args: Any, **kwargs: Any) -> Evaluation:
    """`domain.evaluation.evaluate`, loaded at the first evaluation: the engine and numpy with it, not with this
    module (the application's first window shows evaluations made elsewhere and loads them after its first paint)."""
    from repm_bids.domain.evaluation import evaluate as evaluate_bids

    return evaluate_bids(*args, **kwargs)


def bid_key(bid: Bid) -> str:
    """A stable key for a bid across sessions: the file's path, sheet and line, plus the bid reference."""
    s = bid.source
    return f"{s.path}|{s.sheet or ''}|{s.line or ''}|{bid.bid_ref or ''}"


@dataclass
class EvaluationSession(StageActions):
    """Under two covers the session has stages (services/stages.py): once the technical evaluation is approved, every
    change below raises domain.stages.StageRefused (nothing changed) until the technical stage is reopened."""

    scheme: Scheme = field(default_factory=Scheme)
    parts: list[InputPart] = field(default_factory=list)
    loose_problems: list[Problem] = field(default_factory=list)  # problems of files that gave no InputFile
    decisions: dict[str, Decision] = field(default_factory=dict)
    decision_problems: list[Problem] = field(default_factory=list)
    removed_bids: set[str] = field(default_factory=set)  # bid_key of bids the committee removed
    decisions_part: InputPart | None = None  # the decisions file the decisions came from, kept as evidence
    listeners: list[SessionListener] = field(default_factory=list)
    # two covers: the prices opened (bid reference key -> bid with its price), the covers read, those left unopened
    prices: dict[str, Bid] | None = None
    price_parts: list[InputPart] = field(default_factory=list)
    unopened: list[UnopenedCover] = field(default_factory=list)
    single_sitting: bool = False  # both stages in one run, with no saved evaluation between them
    # the committee's records: the receipt register (and the file it came from), draws of lots, withdrawn awardees
    receipts: tuple[Receipt, ...] = ()
    receipt_problems: list[Problem] = field(default_factory=list)
    receipts_part: InputPart | None = None
    draws: tuple[Draw, ...] = ()
    withdrawn: tuple[str, ...] = ()
    # two covers: the steps taken since the technical stage was last (re)opened, and the committee's clarifications
    steps: list[Step] = field(default_factory=list)
    clarifications: dict[tuple[str, str], Clarification] = field(default_factory=dict)
    _cached: Evaluation | None = field(default=None, repr=False)
    generation: int = 0  # counts the changes: an evaluation made elsewhere is taken only for the state it was made of
    # the processor time of the last evaluation, on the thread that made it: the work it takes, however busy the
    # machine (the application evaluates the heavy ones elsewhere)
    last_seconds: float = 0.0
    _kept: _Kept | None = field(default=None, repr=False, compare=False)

    # -- reading ---------------------------------------------------------------------------------------------------
    @property
    def known_sha256(self) -> frozenset[str]:
        return frozenset(p.sha256 for p in self.parts)

    @property
    def bids(self) -> list[Bid]:
        return list(self._kept_bids().bids)

    def _kept_bids(self) -> _Kept:
        """The bids of the current parts, removed bids and clarifications: worked out again only when one changed."""
        kept = self._kept
        clarifications = tuple(self.clarifications.values())
        if (
            kept is not None
            and _same(kept.parts, self.parts)
            and _same(kept.clarifications, clarifications)
            and kept.removed == self.removed_bids
        ):
            return kept
        removed = frozenset(self.removed_bids)
        every = [b for p in self.parts for b in p.bids]
        if removed:
            gone = [bid_key(b) in removed for b in every]
            bids = tuple(b for b, g in zip(every, gone, strict=True) if not g)
            warnings = tuple(_removed_warning(b) for b, g in zip(every, gone, strict=True) if g)
        else:
            bids, warnings = tuple(every), ()
        clarified = tuple(apply_clarifications(bids, clarifications)) if clarifications else bids
        self._kept = _Kept(tuple(self.parts), removed, clarifications, bids, warnings, clarified)
        return self._kept

    @property
    def inputs(self) -> list[InputFile]:
        """Every input file of the evaluation: the bid files, the decisions file and the receipt register if there are
        any, then the financial covers opened."""
        return [p.input for p in self.stored_parts] + [p.input for p in self.price_parts]

    @property
    def stored_parts(self) -> list[InputPart]:
        """The parts a saved evaluation lists as its inputs: the bid files, then the decisions file and the receipt
        register (the financial covers opened are kept with the financial stage)."""
        committee = [p for p in (self.decisions_part, self.receipts_part) if p is not None]
        return [*self.parts, *committee]

    def evaluation(self, evaluated_at: datetime | None = None) -> Evaluation:
        """The evaluation of the current state (cached until the next change)."""
        if self._cached is None or evaluated_at is not None:
            problems: list[Problem] = list(self.loose_problems)
            for p in self.parts:
                problems.extend(p.problems)
            problems.extend(self.decision_problems)
            problems.extend(self.receipt_problems)
            kept = self._kept_bids()
            problems.extend(kept.removed_warnings)
            started = time.thread_time()
            self._cached = evaluate(
                kept.clarified,
                self.scheme,
                decisions=list(self.decisions.values()),
                inputs=self.inputs,
                problems=problems,
                evaluated_at=evaluated_at or datetime.now(UTC),
                prices=self.prices if self.scheme.covers == 2 else None,
                unopened=self.unopened,
                single_sitting=self.single_sitting,
                receipts=self.receipts,
                draws=self.draws,
                withdrawn=self.withdrawn,
            )
            self.last_seconds = time.thread_time() - started
        return self._cached

    def snapshot(self) -> EvaluationSession:
        """The state as it is now, with no listeners: safe to evaluate on another thread while this session goes on
        changing (the lists are copied; the bids, decisions and inputs themselves never change)."""
        return replace(
            self,
            parts=list(self.parts),
            loose_problems=list(self.loose_problems),
            decisions=dict(self.decisions),
            decision_problems=list(self.decision_problems),
            removed_bids=set(self.removed_bids),
            price_parts=list(self.price_parts),
            unopened=list(self.unopened),
            steps=list(self.steps),
            clarifications=dict(self.clarifications),
            listeners=[],
        )

    def install(self, evaluation: Evaluation, generation: int) -> bool:
        """Take an evaluation made elsewhere from a `snapshot()` taken at `generation`, if nothing has changed since;
        True when taken (else the caller evaluates the newer state)."""
        if generation != self.generation:
            return False
        self._cached = evaluation
        return True

    @property
    def evaluated(self) -> bool:
        """Whether the evaluation of the current state is made already (`evaluation()` returns it at once)."""
        return self._cached is not None

    def invalidate(self) -> None:
        """Forget the cached evaluation (for a store that changed the parts under its own notification)."""
        self._cached = None
        self.generation += 1

    # -- changes ---------------------------------------------------------------------------------------------------
    def _changed(self, action: str, details: dict[str, Any], evaluation: Evaluation | None = None) -> None:
        """Tell the listeners; `evaluation` is the new state's, when it was made already (elsewhere)."""
        self._cached = evaluation
        self.generation += 1
        for listener in list(self.listeners):
            listener.session_changed(self, action, details)

    def add_parts(
        self, parts: Sequence[InputPart], loose_problems: Iterable[Problem] = (), evaluation: Evaluation | None = None
    ) -> None:
        """Add what an import read (files already present are skipped). `evaluation`: the evaluation of the state
        this makes, when it was made already (elsewhere, from the same state)."""
        self.require("edit", "adding input files")
        known = self.known_sha256
        new = [p for p in parts if p.sha256 not in known]
        self.parts.extend(new)
        loose = list(loose_problems)
        self.loose_problems.extend(loose)
        self._changed(
            "imported",
            {
                "files": [
                    {"path": p.input.path, "sha256": p.sha256, "size": p.input.size, "bids": len(p.bids)} for p in new
                ],
                "problems": len(loose),
            },
            evaluation,
        )

    def import_paths(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> list[InputPart]:
        """Read files and folders and add them. Raises Cancelled (nothing added) when cancelled."""
        self.require("edit", "adding input files")
        parts, loose = import_files(paths, progress=progress, cancel=cancel, known_sha256=self.known_sha256)
        self.add_parts(parts, loose)
        return parts

    def remove_input(self, sha256: str) -> InputPart | None:
        """Remove an input file and its bids; returns what was removed, so that undo can add it back."""
        self.require("edit", "removing an input file")
        for i, p in enumerate(self.parts):
            if p.sha256 == sha256:
                del self.parts[i]
                self._changed("removed_file", {"path": p.input.path, "sha256": sha256})
                return p
        return None

    def restore_input(self, part: InputPart, index: int | None = None) -> None:
        self.require("edit", "restoring an input file")
        if part.sha256 in self.known_sha256:
            return
        self.parts.insert(len(self.parts) if index is None else index, part)
        self._changed("restored_file", {"path": part.input.path, "sha256": part.sha256})

    def remove_bid(self, key: str) -> None:
        self.require("edit", "removing a bid")
        if key not in self.removed_bids:
            self.removed_bids.add(key)
            self._changed("removed_bid", {"bid": key})

    def restore_bid(self, key: str) -> None:
        self.require("edit", "restoring a bid")
        if key in self.removed_bids:
            self.removed_bids.discard(key)
            self._changed("restored_bid", {"bid": key})

    def set_decision(
        self, bid_ref: str, qualified: bool | None, remarks: str = "", low_quote: bool | None = None
    ) -> Decision | None:
        """Record the committee's decisions on a bid, each yes, no or not decided (None): `qualified`, whether it is
        technically qualified, and `low_quote`, whether its abnormally low quote is accepted; with both None the
        bid's decision is cleared. Returns the previous decision.

        A "no" needs a remark: it is the reason the award statement gives.
        """
        if (qualified is False or low_quote is False) and not remarks.strip():
            what = "has its low quote rejected" if qualified is not False else "is marked not technically qualified"
            raise ValueError(f"A remark is required when a bid {what}.")
        old = self.decisions.get(bid_ref)
        technical = _technical_change(old, qualified, remarks.strip())
        on_quote = (old.low_quote if old is not None else None) != low_quote
        if technical:
            self.require("edit", "a decision")
        if on_quote:  # the decision on a quote is taken once the prices are opened (or in a single pass)
            self.require("low_quote", "a decision on a low quote")
        if not technical and not on_quote and self.refusal("low_quote") is not None:
            self.require("edit", "a decision")  # a remark alone: with the decisions it belongs to
        if qualified is None and low_quote is None:
            self.decisions.pop(bid_ref, None)
        else:
            self.decisions[bid_ref] = Decision(bid_ref, qualified, remarks.strip(), low_quote=low_quote)
        details: dict[str, Any] = {"bid_ref": bid_ref, "qualified": qualified, "remarks": remarks.strip()}
        if low_quote is not None:
            details["low_quote"] = low_quote
        self._changed("decision_changed", details)
        return old

    def restore_decision(self, bid_ref: str, decision: Decision | None) -> None:
        if decision is None:
            self.set_decision(bid_ref, None)
        else:
            self.set_decision(bid_ref, decision.qualified, decision.remarks, decision.low_quote)

    def replace_decisions(
        self, decisions: Sequence[Decision], problems: Sequence[Problem] = (), source: InputFile | None = None
    ) -> None:
        """Take a decisions file's decisions (they replace earlier decisions for the same bids). `source` is the
        file they came from (with its bytes): it becomes one of the evaluation's inputs, as evidence."""
        self.require("edit", "a decisions file")
        for d in decisions:
            self.decisions[d.bid_ref] = replace(d)
        self.decision_problems = list(problems)
        self.decisions_part = InputPart(source, ()) if source is not None else None
        details: dict[str, Any] = {"decisions": len(decisions), "problems": len(problems)}
        if source is not None:
            details["file"] = {"path": source.path, "sha256": source.sha256, "size": source.size}
        self._changed("decisions_imported", details)

    def import_decisions(self, path: str | os.PathLike[str]) -> DecisionsRead:
        """Read a committee decisions file (once) and take its decisions; returns what was read."""
        self.require("edit", "a decisions file")
        read = read_decisions_input(path)
        self.replace_decisions(read.decisions, read.problems, read.input)
        return read

    def replace_receipts(
        self, receipts: Sequence[Receipt], problems: Sequence[Problem] = (), source: InputFile | None = None
    ) -> None:
        """Take a receipt register (it replaces any earlier one). `source` is the file it came from (with its
        bytes): it becomes one of the evaluation's inputs, as evidence. A technical input: frozen once approved."""
        self.require("edit", "a receipt register")
        self.receipts = tuple(receipts)
        self.receipt_problems = list(problems)
        self.receipts_part = InputPart(source, ()) if source is not None else None
        details: dict[str, Any] = {"receipts": len(self.receipts), "problems": len(self.receipt_problems)}
        if source is not None:
            details["file"] = {"path": source.path, "sha256": source.sha256, "size": source.size}
        self._changed("receipts_imported", details)

    def import_receipts(self, path: str | os.PathLike[str]) -> ReceiptsRead:
        """Read a receipt register (once) and take it; returns what was read."""
        self.require("edit", "a receipt register")
        read = read_receipts_input(path)
        self.replace_receipts(read.receipts, read.problems, read.input)
        return read

    def open_prices(self, paths: Sequence[str | os.PathLike[str]], by: str = "") -> PricesOpened:
        """Open the financial covers of the technically qualified bids (the others are kept unopened): once the
        technical evaluation is approved, or in a single sitting (`single_sitting`, no saved evaluation). Raises
        domain.stages.StageRefused out of order, and services.covers.CoversRefused naming each file that does not
        fit; then nothing is opened."""
        self._require_open_prices()
        opened = open_financial_covers(self.evaluation(), paths)
        self.take_prices(opened, by)
        return opened

    def _require_open_prices(self) -> None:
        if not (self.single_sitting and self.stage is Stage.TECHNICAL):
            self.require("open_prices")

    def take_prices(self, opened: PricesOpened, by: str = "") -> None:
        """Take financial covers already read by `services.covers.open_financial_covers` from this session's
        evaluation (the application reads them off its GUI thread, then takes them here in one change); refused
        out of order as `open_prices` is."""
        self._require_open_prices()
        self.prices = opened.prices
        self.price_parts = list(opened.parts)
        self.unopened = list(opened.unopened)
        self._step_prices_opened(by)
        self._changed(
            "prices_opened",
            {
                "by": by,
                "opened": [{"path": p.input.path, "sha256": p.sha256} for p in opened.parts],
                "unopened": [{"bid_ref": u.bid_ref, "path": u.path, "sha256": u.sha256} for u in opened.unopened],
            },
        )

    def set_scheme(self, scheme: Scheme) -> Scheme:
        """Use another scheme; returns the previous one (for undo). The scheme is one of the technical inputs: frozen
        from the approval on (its price rules too, so that nothing is changed once the prices can be seen)."""
        old = self.scheme
        if scheme != old:
            self.require("edit", "a change of the scheme")
            self.scheme = scheme
            self._changed("scheme_changed", {"changes": _scheme_changes(old, scheme)})
        return old


def _technical_change(old: Decision | None, qualified: bool | None, remarks: str) -> bool:
    """Whether a decision changes the technical one (frozen once the technical evaluation is approved): whether the
    bid is technically qualified, or the remark that is the reason a bid is not."""
    before = old.qualified if old is not None else None
    if before != qualified:
        return True
    return qualified is False and (old.remarks if old is not None else "") != remarks


def _scheme_changes(old: Scheme, new: Scheme) -> dict[str, Any]:
    a, b = scheme_to_dict(old), scheme_to_dict(new)
    out: dict[str, Any] = {}
    for table in set(a) | set(b):
        for key in set(a.get(table, {})) | set(b.get(table, {})):
            va, vb = a.get(table, {}).get(key), b.get(table, {}).get(key)
            if va != vb:
                out[f"{table}.{key}"] = {"from": va, "to": vb}
    return out
