"""Detail-pane tabs; a new tab is one module listed in `tab_classes()`."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.app import Services
from app.ui.runner import Runner


class DetailTab(QWidget):
    """Base of a detail tab: shows one incident, reloads through the runner."""

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.incident_id: int | None = None

    def title(self) -> str:
        raise NotImplementedError

    def show_incident(self, incident_id: int | None) -> None:
        self.incident_id = incident_id
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError


def tab_classes() -> list[type[DetailTab]]:
    """Tabs in display order; a feature adds its tab here (imports stay lazy to keep start-up light)."""
    from app.ui.panels.tabs.communication_tab import CommunicationTab
    from app.ui.panels.tabs.escalation_tab import EscalationTab
    from app.ui.panels.tabs.notes_tab import NotesTab
    from app.ui.panels.tabs.overview_tab import OverviewTab
    from app.ui.panels.tabs.review_tab import ReviewTab
    from app.ui.panels.tabs.timeline_tab import TimelineTab

    return [OverviewTab, TimelineTab, EscalationTab, NotesTab, CommunicationTab, ReviewTab]
