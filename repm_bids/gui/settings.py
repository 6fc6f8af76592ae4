"""What the application remembers between runs (QSettings, never the scheme): window geometry and state, splitter
positions, the last folders used for each kind of file, recent files and recent saved evaluations.

Tests point QSettings at tmp_path (QSettings.setPath) so that a run never reads or writes a member's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "repm-bids"
APPLICATION = "repm-bids"
MAX_RECENT = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)

    # -- geometry and state ----------------------------------------------------------------------------------------
    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    # -- folders ---------------------------------------------------------------------------------------------------
    def last_folder(self, kind: str) -> str:
        """The folder last used for this kind of file ("import", "export", "scheme", "decisions", "saved")."""
        value = self.q.value(f"folders/{kind}", "")
        folder = str(value) if value else ""
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def remember_folder(self, kind: str, path: str | Path) -> None:
        p = Path(path)
        self.q.setValue(f"folders/{kind}", str(p if p.is_dir() else p.parent))

    # -- recent lists ----------------------------------------------------------------------------------------------
    def recent(self, kind: str = "files") -> list[str]:
        value = self.q.value(f"recent/{kind}", [])
        if isinstance(value, str):  # QSettings gives a one-item list back as that item
            value = [value]
        if not isinstance(value, list | tuple):
            return []
        return [str(v) for v in value if v]

    def add_recent(self, path: str | Path, kind: str = "files") -> list[str]:
        p = str(Path(path).resolve())
        items = [p] + [x for x in self.recent(kind) if x != p]
        items = items[:MAX_RECENT]
        self.q.setValue(f"recent/{kind}", items)
        return items

    def clear_recent(self, kind: str = "files") -> None:
        self.q.setValue(f"recent/{kind}", [])

    def sync(self) -> None:
        self.q.sync()
