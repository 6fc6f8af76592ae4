"""Keyboard: mnemonics unique within each menu, the menu bar and each dialog, none shared between the menu bar and
the window's own widgets; the keyboard focus follows the tab shown (Ctrl+1…4)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QGroupBox, QLabel, QMenu, QWidget

from repm_bids.gui.decision_dialog import DecisionDialog
from repm_bids.gui.main_window import AUDIT_TAB, BIDS_TAB, PROBLEMS_TAB, RANKING_TAB


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def duplicates(texts: list[str]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = {}
    for t in texts:
        key = mnemonic(t)
        if key:
            by_key.setdefault(key, []).append(t)
    return {k: v for k, v in by_key.items() if len(v) > 1}


def widget_texts(root: QWidget) -> list[str]:
    texts = [b.text() for b in root.findChildren(QAbstractButton)]
    texts += [label.text() for label in root.findChildren(QLabel) if label.buddy() is not None]  # else no mnemonic
    texts += [g.title() for g in root.findChildren(QGroupBox)]
    return [t for t in texts if mnemonic(t)]


def menus(menu: QMenu) -> list[QMenu]:
    found = [menu]
    for a in menu.actions():
        if a.menu() is not None:
            found += menus(a.menu())
    return found


def test_every_menu_and_the_menu_bar_have_unique_mnemonics(window):
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert all(mnemonic(t) for t in titles) and duplicates(titles) == {}
    for top in bar.actions():
        for menu in menus(top.menu()):
            texts = [a.text() for a in menu.actions() if not a.isSeparator()]
            assert duplicates(texts) == {}, menu.title()
            missing = [t for t in texts if not mnemonic(t) and menu.title() not in ("Recent bid files",)]
            assert missing == [], menu.title()


def test_the_window_shares_no_mnemonic_with_the_menu_bar(window, demo):
    bar = {mnemonic(a.text()) for a in window.menuBar().actions()}
    own = widget_texts(window)
    assert duplicates(own) == {}
    assert [t for t in own if mnemonic(t) in bar] == []
    tabs = window.tabs.tabBar()
    assert [tabs.tabText(i) for i in range(tabs.count()) if mnemonic(tabs.tabText(i))] == []


def test_each_dialog_has_unique_mnemonics(qtbot, demo):
    dialogs: list[QDialog] = [DecisionDialog("REPM-2026-001", "Bharat", None)]
    dialogs.append(demo.show_about())
    dialogs.append(demo.show_getting_started())
    dialogs.append(demo.saved_flows.ask_user())
    for d in dialogs:
        qtbot.addWidget(d)
        assert duplicates(widget_texts(d)) == {}, d.windowTitle()
        d.close()
    decision = dialogs[0]
    assert len({mnemonic(b.text()) for b in decision.findChildren(QAbstractButton) if mnemonic(b.text())}) == 6


def test_focus_follows_the_tab_shown(qtbot, demo):
    demo.activateWindow()
    qtbot.waitUntil(demo.isActiveWindow, timeout=5000)
    for action, index, target in (
        (demo.acts.show_ranking, RANKING_TAB, demo.ranking.table),
        (demo.acts.show_problems, PROBLEMS_TAB, demo.problems.table),
        (demo.acts.show_audit, AUDIT_TAB, demo.audit.table),
        (demo.acts.show_bids, BIDS_TAB, demo.bids.table),
    ):
        action.trigger()
        assert demo.tabs.currentIndex() == index
        assert QApplication.focusWidget() is target


def test_mnemonic_helper():
    assert mnemonic("Ranking && award") is None and mnemonic("Re&move bid") == "m"
    assert duplicates(["&Not qualified", "&No decision", "&Remarks"]) == {"n": ["&Not qualified", "&No decision"]}
