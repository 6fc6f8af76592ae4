"""PySide6's per-import question answered by the byte search: the same answer as PySide6's own."""

from __future__ import annotations

import json
import sys

import repm_bids.domain.scheme
import repm_bids.gui.bids_view
from repm_bids.gui import pyside_imports


def test_the_quick_check_answers_as_pysides_own():
    feature = sys.modules.get("shibokensupport.feature")
    asks = feature is not None and callable(getattr(feature, "_mod_uses_pyside", None))
    assert pyside_imports.quicker_feature_check() == asks  # a PySide6 that does not ask is left as it is
    if not asks:
        return
    quick = feature._mod_uses_pyside
    assert getattr(quick, pyside_imports.MARK)
    original = quick.__closure__[0].cell_contents  # the function it replaced
    assert not getattr(original, pyside_imports.MARK, False)
    for module in (repm_bids.gui.bids_view, repm_bids.domain.scheme, json, sys, pyside_imports):
        assert quick(module) == original(module), module.__name__
    assert quick(repm_bids.gui.bids_view) and not quick(repm_bids.domain.scheme)


def test_replacing_twice_keeps_one_replacement():
    feature = sys.modules.get("shibokensupport.feature")
    first_answer = pyside_imports.quicker_feature_check()
    first = getattr(feature, "_mod_uses_pyside", None)
    assert pyside_imports.quicker_feature_check() == first_answer
    assert getattr(feature, "_mod_uses_pyside", None) is first
