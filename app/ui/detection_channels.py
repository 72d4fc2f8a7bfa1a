"""Detection channels in the main window: e-mail import and drops, the alert receiver switch, the inbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDockWidget, QLabel, QMessageBox

from app.domain.queue_filter import QueueFilter
from app.ingest.email_import import FileResult
from app.services.alerts import AlertSettings
from app.ui.actions import ActionId
from app.ui.dialogs.alert_receiver_dialog import AlertReceiverDialog
from app.ui.email_drop import EmailImporter
from app.ui.monitoring_receiver import ReceiverControl, config_from_settings
from app.ui.panels.monitoring_inbox import MonitoringInboxPanel, monitoring_inbox_dock

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class DetectionChannels(QObject):
    """Wires the channel actions of a main window; the window only adds them to its menus."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.runner = window.runner
        self.emails = EmailImporter(window, window.services, window.runner)
        self.receiver = ReceiverControl(window.services, window.runner, self)
        self.url_label = QLabel(window)
        self.url_label.hide()
        window.statusBar().addPermanentWidget(self.url_label)
        a = window.actions
        a[ActionId.IMPORT_EMAIL].triggered.connect(self.emails.choose)
        a[ActionId.MONITORING_INBOX].triggered.connect(self.show_inbox)
        receive = a[ActionId.RECEIVE_ALERTS]
        receive.setCheckable(True)
        receive.toggled.connect(self.receiver.set_enabled)
        auto = a[ActionId.ALERTS_AUTO_RESOLVE]
        auto.setCheckable(True)
        auto.toggled.connect(self._save_auto_resolve)
        a[ActionId.RECEIVER_SETTINGS].triggered.connect(self.configure_receiver)
        self.receiver.state_changed.connect(self._on_receiver_state)
        self.receiver.start_failed.connect(self._on_start_failed)
        self.emails.import_finished.connect(self._on_emails_imported)
        window.setAcceptDrops(True)

    def start(self) -> None:
        self.receiver.restore()
        self.runner.run(self.services.alerts.settings, self._show_settings)

    @Slot()
    def shutdown(self) -> None:
        self.receiver.stop()

    # -- monitoring -------------------------------------------------------------------------------------

    @Slot()
    def show_inbox(self) -> QDockWidget:
        dock = monitoring_inbox_dock(self.window, self.services, self.runner, self.reveal_incident)
        panel = dock.widget()
        if isinstance(panel, MonitoringInboxPanel):
            panel.set_receiver_url(self.receiver.url)
            panel.table.setFocus()
        return dock

    def inbox(self) -> MonitoringInboxPanel | None:
        dock = self.window.findChild(QDockWidget, "monitoring_inbox_dock")
        panel = dock.widget() if dock is not None else None
        return panel if isinstance(panel, MonitoringInboxPanel) else None

    @Slot()
    def configure_receiver(self) -> None:
        config = AlertReceiverDialog.ask(self.window, config_from_settings())
        if config is not None:
            self.receiver.configure(config)

    @Slot(str)
    def _on_receiver_state(self, url: str) -> None:
        receive = self.window.actions[ActionId.RECEIVE_ALERTS]
        receive.blockSignals(True)
        receive.setChecked(bool(url))
        receive.blockSignals(False)
        self.url_label.setText(self.tr("Alerts: %1").replace("%1", url))
        self.url_label.setToolTip(self.tr("Monitoring webhook receiver (Tools → Receive monitoring alerts)"))
        self.url_label.setVisible(bool(url))
        if url:
            self.window.statusBar().showMessage(self.tr("Receiving monitoring alerts on %1").replace("%1", url), 8000)
        panel = self.inbox()
        if panel is not None:
            panel.set_receiver_url(url)

    @Slot(str)
    def _on_start_failed(self, message: str) -> None:
        QMessageBox.warning(self.window, self.tr("Monitoring alerts"), message)

    def _show_settings(self, settings: AlertSettings) -> None:
        auto = self.window.actions[ActionId.ALERTS_AUTO_RESOLVE]
        auto.blockSignals(True)
        auto.setChecked(settings.auto_resolve)
        auto.blockSignals(False)

    @Slot(bool)
    def _save_auto_resolve(self, on: bool) -> None:
        alerts = self.services.alerts

        def save():  # type: ignore[no-untyped-def]
            return alerts.save_settings(AlertSettings(auto_resolve=on, resolution_code=alerts.settings()
                                                      .resolution_code))

        self.runner.mutate(save, self._show_settings,
                           lambda exc: (self._show_settings(AlertSettings(not on)), self.runner.error_raised.emit(exc)))

    # -- incidents --------------------------------------------------------------------------------------

    @Slot(int)
    def reveal_incident(self, incident_id: int) -> None:
        """Select an incident in the queue; when the current view hides it, show just that incident."""
        queue = self.window.queue
        if queue.model.row_of(incident_id) is not None:
            queue.select_ids([incident_id])
            queue.table.setFocus()
            return

        def select_once(_count: int) -> None:
            queue.queue_loaded.disconnect(select_once)
            queue.select_ids([incident_id])
            queue.table.setFocus()

        queue.queue_loaded.connect(select_once)
        queue.search.blockSignals(True)
        queue.search.clear()
        queue.search.blockSignals(False)
        queue.set_filter(QueueFilter(incident_ids=(incident_id,)))
        self.window.statusBar().showMessage(self.tr("Showing the incident of the chosen alert; pick a view to "
                                                    "return to the queue"), 8000)

    @Slot(object)
    def _on_emails_imported(self, results: list[FileResult]) -> None:
        ids = [r.outcome.incident_id for r in results if r.outcome is not None and r.outcome.incident_id]
        if ids:
            self.reveal_incident(ids[0])
