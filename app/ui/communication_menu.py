"""The Communication menu: compose, record a reply, export the log, edit templates; wired to the detail tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMenu

from app.domain.communication import Direction
from app.ui.actions import ActionId
from app.ui.dialogs.export_communications_dialog import ExportCommunicationsDialog
from app.ui.dialogs.templates_page import TemplatesDialog
from app.ui.panels.tabs.communication_tab import CommunicationTab

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class CommunicationMenu(QObject):
    """Owns the menu's behaviour so the main window only creates it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        a = window.actions
        self.menu = QMenu(window.tr("&Communication"), window)
        for aid in (ActionId.COMPOSE_UPDATE, ActionId.RECORD_REPLY):
            self.menu.addAction(a[aid])
        self.menu.addSeparator()
        self.menu.addAction(a[ActionId.EXPORT_COMMUNICATIONS])
        self.menu.addAction(a[ActionId.COMM_TEMPLATES])
        bar = window.menuBar()
        menus = bar.actions()
        if menus:  # before Help, which stays last
            bar.insertMenu(menus[-1], self.menu)
        else:
            bar.addMenu(self.menu)
        a[ActionId.COMPOSE_UPDATE].triggered.connect(self.compose)
        a[ActionId.RECORD_REPLY].triggered.connect(self.record_reply)
        a[ActionId.EXPORT_COMMUNICATIONS].triggered.connect(self.export)
        a[ActionId.COMM_TEMPLATES].triggered.connect(self.templates)
        window.queue.incident_selected.connect(lambda _row: self._update())
        self._update()

    def tab(self) -> CommunicationTab | None:
        return next((t for t in self.window.detail.tab_widgets if isinstance(t, CommunicationTab)), None)

    def _update(self) -> None:
        has = self.window.detail.incident_id is not None
        for aid in (ActionId.COMPOSE_UPDATE, ActionId.RECORD_REPLY):
            act = self.window.actions[aid]
            act.setEnabled(has)
            if not has:
                act.setToolTip(self.window.tr("Select an incident first"))
                act.setStatusTip(self.window.tr("Select an incident first"))

    def _show_tab(self) -> CommunicationTab | None:
        tab = self.tab()
        if tab is not None:
            self.window.detail.tabs.setCurrentWidget(tab)
        return tab

    @Slot()
    def compose(self) -> None:
        tab = self._show_tab()
        if tab is not None:
            tab.compose(Direction.OUT, change=tab.pending_change)

    @Slot()
    def record_reply(self) -> None:
        tab = self._show_tab()
        if tab is not None:
            tab.compose(Direction.IN)

    @Slot()
    def export(self) -> None:
        ExportCommunicationsDialog.run_for(self.window, self.window.services)

    @Slot()
    def templates(self) -> None:
        dlg = TemplatesDialog(self.window.services, self.window.runner, self.window)
        dlg.exec()
        dlg.deleteLater()
