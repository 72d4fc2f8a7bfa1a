"""Every window-level shortcut is bound to exactly one action, and the main actions have one."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.ui.actions import ActionId
from app.ui.main_window import MainWindow


def test_no_ambiguous_shortcuts(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(services)
    qtbot.addWidget(window)
    bound: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            continue  # only fires while its own widget has focus
        for key in action.shortcuts():
            if not key.isEmpty():
                bound[key.toString()].append(action.text())
    clashes = {k: v for k, v in bound.items() if len(v) > 1}
    assert clashes == {}
    for aid in (ActionId.NEW_INCIDENT, ActionId.QUIT, ActionId.FOCUS_SEARCH, ActionId.ACKNOWLEDGE, ActionId.RESOLVE,
                ActionId.CLOSE, ActionId.ESCALATE, ActionId.COMPOSE_UPDATE, ActionId.SHOW_DASHBOARD):
        assert not window.actions[aid].shortcut().isEmpty(), aid
    window.runner.wait_idle()
