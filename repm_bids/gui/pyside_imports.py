"""A cheaper answer to the question PySide6 asks after every import.

Once PySide6 is loaded, it notes for each module imported whether its source mentions "PySide6" (for its optional
`from __feature__ import ...` switches, which this application never uses). It finds out with
`inspect.getsource`, which reads and splits every module's file into lines: for the three hundred modules the
first window imports (numpy, the domain, the views) that was about a tenth of a second of start-up. Reading the
file's bytes and looking for the same word gives the same answer for any Python source (the word is plain ASCII)
at a fraction of the cost. Everything that is not a plain `.py` file still gets PySide6's own answer, and nothing
changes if a later PySide6 no longer has the function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

MARK = "_repm_bids_quick"


def quicker_feature_check() -> bool:
    """Replace PySide6's per-import check with the byte search (once; before or after PySide6 is imported).
    Returns whether the check is now the quick one."""
    import shiboken6  # noqa: F401  (loads PySide6's support modules, the feature check among them)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, MARK, False):
        return True
    feature.__dict__["_mod_uses_pyside"] = _quick(original)
    return True


def _quick(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, MARK, True)
    return uses_pyside
