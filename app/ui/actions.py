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
    REVIEW = auto()
    ACTION_ITEMS = auto()
    ASSIGN = auto()
    ESCALATE = auto()
    ESCALATE_HIERARCHICAL = auto()
    RETURN_TO_DESK = auto()
    HOLD = auto()
    RESUME = auto()
    RESOLVE = auto()
    CLOSE = auto()
    REOPEN = auto()
    CANCEL = auto()
    LINK_PARENT = auto()
    SWITCH_USER = auto()
    COMPOSE_UPDATE = auto()
    RECORD_REPLY = auto()
    EXPORT_COMMUNICATIONS = auto()
    COMM_TEMPLATES = auto()
    EXPORT_QUEUE_VIEW = auto()
    SHOW_DASHBOARD = auto()
    BULK_ASSIGN = auto()
    BULK_STATUS = auto()
    CHOOSE_COLUMNS = auto()
    SAVE_VIEW = auto()
    DELETE_VIEW = auto()
    IMPORT_CSV = auto()
    IMPORT_EMAIL = auto()
    MONITORING_INBOX = auto()
    RECEIVE_ALERTS = auto()
    ALERTS_AUTO_RESOLVE = auto()
    RECEIVER_SETTINGS = auto()
    CATEGORIZE = auto()
    SETTINGS = auto()
    CONNECT_SERVER = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    icon: str | None = None


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_INCIDENT: ActionSpec("&New incident…", QKeySequence.StandardKey.New, "Log a new incident",
                                      "document-new"),
    ActionId.QUIT: ActionSpec("&Quit", "Ctrl+Q", "Quit Incident Desk", "application-exit"),
    ActionId.REFRESH: ActionSpec("&Refresh", QKeySequence.StandardKey.Refresh, "Reload the queue", "view-refresh"),
    ActionId.FOCUS_SEARCH: ActionSpec("&Find…", QKeySequence.StandardKey.Find, "Search the queue", "edit-find"),
    ActionId.OPEN_DETAIL: ActionSpec("&Open incident", "Return", "Show the selected incident's details"),
    ActionId.ACKNOWLEDGE: ActionSpec("&Acknowledge", "Ctrl+K", "Take ownership of the selected incident",
                                     "mail-mark-read"),
    ActionId.ABOUT: ActionSpec("&About Incident Desk", None, "Version and credits", "help-about"),
    ActionId.REVIEW: ActionSpec("Post-incident &review…", "Ctrl+R",
                                "Write or read the post-incident review of the selected incident"),
    ActionId.ACTION_ITEMS: ActionSpec("Review action &items", "Ctrl+Shift+T",
                                      "Action items from every post-incident review, overdue ones highlighted"),
    ActionId.ASSIGN: ActionSpec("Assi&gn…", "Ctrl+Shift+A", "Assign the selected incident to a group or person"),
    ActionId.ESCALATE: ActionSpec("&Escalate functionally…", "Ctrl+E",
                                  "Send the selected incident to a higher-tier group or a vendor"),
    ActionId.ESCALATE_HIERARCHICAL: ActionSpec("Escalate to &manager…", "Ctrl+Shift+E",
                                               "Escalate the selected incident to a manager"),
    ActionId.RETURN_TO_DESK: ActionSpec("Return to service &desk…", None,
                                        "Give the selected incident back to the service desk"),
    ActionId.HOLD: ActionSpec("Put on ho&ld…", "Ctrl+Shift+H", "Pause the selected incident and its SLA clock"),
    ActionId.RESUME: ActionSpec("Res&ume", "Ctrl+Shift+O", "Resume work on the selected incident"),
    ActionId.RESOLVE: ActionSpec("&Resolve…", "Ctrl+Shift+R", "Record the resolution of the selected incident"),
    ActionId.CLOSE: ActionSpec("&Close…", "Ctrl+Shift+L", "Close the selected resolved incident"),
    ActionId.REOPEN: ActionSpec("Reo&pen…", None, "Reopen the selected incident or log a follow-up"),
    ActionId.CANCEL: ActionSpec("Ca&ncel incident…", None,
                                "Cancel the selected incident (duplicate, false alarm, logged in error)"),
    ActionId.LINK_PARENT: ActionSpec("Lin&k to parent…", None, "Make the selected incident a child of another"),
    ActionId.SWITCH_USER: ActionSpec("S&witch user…", None, "Act as another member of staff"),
    ActionId.COMPOSE_UPDATE: ActionSpec("Send &update…", "Ctrl+Shift+U", "Write a stakeholder update for the "
                                        "selected incident and put it on record", "mail-message-new"),
    ActionId.RECORD_REPLY: ActionSpec("Record &reply…", "Ctrl+Shift+Y", "Record a message or call received about "
                                      "the selected incident", "mail-reply-sender"),
    ActionId.EXPORT_COMMUNICATIONS: ActionSpec("&Export communication log…", None, "Export updates and replies "
                                               "for a date range as CSV, Markdown, HTML or PDF", "document-export"),
    ActionId.COMM_TEMPLATES: ActionSpec("Communication &templates…", None, "Edit the message templates and "
                                        "their placeholders"),
    ActionId.EXPORT_QUEUE_VIEW: ActionSpec("&Export queue view…", "Ctrl+Shift+X",
                                           "Export the incidents of the current view to an Excel-safe CSV file",
                                           "document-export"),
    ActionId.SHOW_DASHBOARD: ActionSpec("&Dashboard", "Ctrl+D", "Volume, speed, SLA and backlog figures with charts",
                                        "office-chart-bar"),
    ActionId.BULK_ASSIGN: ActionSpec("A&ssign selected…", None,
                                     "Assign the selected incidents to a group or person"),
    ActionId.BULK_STATUS: ActionSpec("Change &status of selected…", "Ctrl+Shift+S",
                                     "Acknowledge, start, hold, resume or cancel the selected incidents"),
    ActionId.CHOOSE_COLUMNS: ActionSpec("&Columns…", None, "Choose and order the queue's columns"),
    ActionId.SAVE_VIEW: ActionSpec("&Save view as…", "Ctrl+Shift+V", "Save the current filter and search as a view"),
    ActionId.DELETE_VIEW: ActionSpec("&Delete view", None, "Delete the selected saved view"),
    ActionId.IMPORT_CSV: ActionSpec("&Import CSV…", "Ctrl+Shift+I",
                                    "Import incidents with their history from another tool's CSV export",
                                    "document-import"),
    ActionId.IMPORT_EMAIL: ActionSpec("Import e-&mail…", "Ctrl+Shift+M",
                                      "Log incidents from .eml files; replies join their incident's communication log"),
    ActionId.MONITORING_INBOX: ActionSpec("&Monitoring inbox", "Ctrl+Shift+B",
                                          "Alerts received from monitoring, with their incidents"),
    ActionId.RECEIVE_ALERTS: ActionSpec("Receive monitoring &alerts", None,
                                        "Listen for Alertmanager and generic JSON alerts on 127.0.0.1"),
    ActionId.ALERTS_AUTO_RESOLVE: ActionSpec("Resolve incidents when their alert &clears", None,
                                             "When monitoring reports an alert resolved, resolve its incident too "
                                             "(a setting of the store, shared by the team)"),
    ActionId.RECEIVER_SETTINGS: ActionSpec("Monitoring receiver &settings…", None,
                                           "Port, network interface and shared secret of the alert receiver"),
    ActionId.CATEGORIZE: ActionSpec("&Categorize…", "Ctrl+Shift+C",
                                    "Change category, impact, urgency and major flag of the selected incident"),
    ActionId.SETTINGS: ActionSpec("&Settings…", "Ctrl+,", "Process settings: categories, services, priority "
                                  "matrix, SLA targets, business hours, groups", "preferences-system"),
    ActionId.CONNECT_SERVER: ActionSpec("Connect to &team server…", None,
                                        "Work on the team's shared PostgreSQL server", "network-server"),
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
