"""Action registry: every menu/toolbar action by enum id, with text, shortcut and status tip."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


class ActionId(Enum):
    NEW_INCIDENT = auto()
    QUIT = auto()
    REFRESH = auto()
    FOCUS_SEARCH = auto()
    OPEN_DETAIL = auto()
    ACKNOWLEDGE = auto()
    ABOUT = auto()
    CATEGORIZE = auto()
    SETTINGS = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    icon: str | None = None


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_INCIDENT: ActionSpec("&New incident…", QKeySequence.StandardKey.New, "Log a new incident",
                                      "document-new"),
    ActionId.QUIT: ActionSpec("&Quit", QKeySequence.StandardKey.Quit, "Quit Incident Desk", "application-exit"),
    ActionId.REFRESH: ActionSpec("&Refresh", QKeySequence.StandardKey.Refresh, "Reload the queue", "view-refresh"),
    ActionId.FOCUS_SEARCH: ActionSpec("&Find…", QKeySequence.StandardKey.Find, "Search the queue", "edit-find"),
    ActionId.OPEN_DETAIL: ActionSpec("&Open incident", "Return", "Show the selected incident's details"),
    ActionId.ACKNOWLEDGE: ActionSpec("&Acknowledge", "Ctrl+K", "Take ownership of the selected incident",
                                     "mail-mark-read"),
    ActionId.ABOUT: ActionSpec("&About Incident Desk", None, "Version and credits", "help-about"),
    ActionId.CATEGORIZE: ActionSpec("&Categorize…", "Ctrl+Shift+C",
                                    "Change category, impact, urgency and major flag of the selected incident"),
    ActionId.SETTINGS: ActionSpec("&Settings…", "Ctrl+,", "Process settings: categories, services, priority "
                                  "matrix, SLA targets, business hours, groups", "preferences-system"),
}


class Actions:
    """Creates the QActions once; panels and menus look them up by id."""

    def __init__(self, parent: QWidget) -> None:
        self._actions: dict[ActionId, QAction] = {}
        for aid, spec in SPECS.items():
            act = QAction(parent.tr(spec.text), parent)
            if spec.shortcut is not None:
                act.setShortcut(QKeySequence(spec.shortcut))
            if spec.tip:
                act.setStatusTip(parent.tr(spec.tip))
                act.setToolTip(parent.tr(spec.tip))
            act.setObjectName(f"action_{aid.name.lower()}")
            self._actions[aid] = act

    def __getitem__(self, aid: ActionId) -> QAction:
        return self._actions[aid]
