"""What the flows (file_flows, saved_flows) need of the main window: a narrow interface, so that the flows never
import the window and the window is the only module that knows them all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QStatusBar, QWidget

    from repm_bids.domain.result import Evaluation
    from repm_bids.domain.scheme import Scheme
    from repm_bids.gui.actions import Actions
    from repm_bids.gui.bids_model import BidRow
    from repm_bids.gui.process_child import PickledOnce
    from repm_bids.gui.progress_panel import ProgressPanel
    from repm_bids.gui.settings import AppSettings
    from repm_bids.gui.tasks import TaskRunner
    from repm_bids.services.session import EvaluationSession

SLOW_SECONDS = 0.1  # an evaluation slower than this runs in the background, so that the window keeps painting


class SavedHooks(Protocol):
    """What the file flows (and Verify) ask of the saved-evaluation flows."""

    @property
    def saved(self) -> Any: ...  # services.saved.SavedEvaluation, or None; read-only here

    writer: Any  # gui.store_writer.StoreWriter, or None
    busy_with: str

    def refuse_if_busy(self) -> bool: ...

    def wait_for(self, work: Any, what: str, cancellable: bool = False) -> Any: ...

    def open(self, path: str) -> bool: ...

    def record_evaluated(self, now: bool = False, pickled: PickledOnce | None = None) -> None: ...

    def record_export(self, path: Path) -> None: ...

    def user(self) -> str | None: ...  # the member's name for the audit trail, if one was given


class FlowHost(Protocol):
    """The main window as the flows see it. `window()` is the parent of their dialogs."""

    session: EvaluationSession
    settings: AppSettings
    acts: Actions
    undo_stack: QUndoStack
    progress: ProgressPanel
    runner: TaskRunner
    read_only: bool  # an evaluation opened only to examine its audit trail: nothing can be recorded

    @property
    def saved_flows(self) -> SavedHooks: ...  # read-only here, so that the window's own SavedFlows fits

    def window(self) -> QWidget: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def setWindowModified(self, modified: bool) -> None: ...  # noqa: N802 - Qt's name

    def unexpected(self, exc: BaseException, doing: str) -> None: ...

    def set_scheme(self, scheme: Scheme, text: str) -> None: ...

    def keep_listener_last(self) -> None: ...

    def set_title(self, title: str) -> None: ...

    def use_session(self, session: EvaluationSession, title: str) -> None: ...

    def take_rows(self, evaluation: Evaluation, rows: list[BidRow]) -> None: ...  # built off the GUI thread

    def set_read_only(self, read_only: bool) -> None: ...

    def saved_changed(self) -> None: ...

    def audit_changed(self) -> None: ...

    def refresh(self, action: str = "") -> None: ...

    @property
    def evaluating(self) -> bool: ...  # an evaluation runs in the background

    def when_evaluated(self, then: Callable[[], object]) -> None: ...
