"""None, True and False kept alive for good, as Python 3.12 and later keep them.

PySide6's wheels are built once for the stable ABI of every Python they support. Built against 3.12's headers, where
None, True and False are immortal and need no reference counted, some of their calls hand back such an object without
the reference Python 3.11 expects: every call of a method that returns nothing (`update()`, `setText()`, `fillRect()`)
takes one reference from None. Seen with PySide6 6.12 on CPython 3.11: a scheme change took about 200 references
from None, so after some hundreds of changes its count reaches zero and the process aborts ("Fatal Python error:
none_dealloc: deallocating None"), as the test run did at exit once enough had been called.

`keep_singletons` adds a reference count no call can use up (2**40: a million calls a second for twelve days) to
the three objects, once, where the running Python counts their references (CPython before 3.12). It changes nothing
else: the objects are the interpreter's own and are never freed anyway."""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40
_done: list[bool] = []


def counts_singletons() -> bool:
    """Whether this Python counts references to None, True and False (CPython before 3.12)."""
    # (a build that traces references puts other fields before the count: left alone)
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12) and not hasattr(sys, "getobjects")


def keep_singletons() -> bool:
    """Give None, True and False their reserve (once per process); whether it was given now or before."""
    if not counts_singletons():
        return False
    if not _done:
        for obj in (None, True, False):
            count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: the first field of every CPython object
            count.value += RESERVE
        _done.append(True)
    return True
