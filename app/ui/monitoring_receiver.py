"""The GUI's switch for the monitoring webhook: starts and stops the receiver, remembers it in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot

from app.ingest.webhook import DEFAULT_HOST, DEFAULT_PORT, MAX_BODY, AlertReceiver, ReceiverConfig
from app.services.app import Services
from app.services.changes import Changes
from app.ui.runner import Runner

KEY_ENABLED = "alerts/enabled"
KEY_HOST = "alerts/host"
KEY_PORT = "alerts/port"
KEY_SECRET = "alerts/secret"


def config_from_settings(settings: QSettings | None = None) -> ReceiverConfig:
    s = settings or QSettings()
    try:
        port = int(s.value(KEY_PORT, DEFAULT_PORT))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        port = DEFAULT_PORT
    return ReceiverConfig(host=str(s.value(KEY_HOST, DEFAULT_HOST) or DEFAULT_HOST), port=port,
                          secret=str(s.value(KEY_SECRET, "") or "") or None, max_body=MAX_BODY)


class ReceiverControl(QObject):
    """Owns the AlertReceiver while it runs; store changes it makes reach the runner on the GUI thread."""

    state_changed = Signal(str)  # the URL while receiving, "" when off
    start_failed = Signal(str)  # why the receiver could not start
    changes_received = Signal(object)  # Changes, emitted from the receiver's threads

    def __init__(self, services: Services, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._receiver: AlertReceiver | None = None
        # Queued: the receiver calls back on its own threads; the runner's listeners are widgets.
        self.changes_received.connect(runner.announce, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._receiver is not None

    @property
    def url(self) -> str:
        return self._receiver.url if self._receiver is not None else ""

    def restore(self) -> None:
        """Start again if the user left the receiver on last time."""
        if QSettings().value(KEY_ENABLED, False, type=bool):
            self.set_enabled(True)

    def configure(self, config: ReceiverConfig) -> None:
        """Remember new settings; a running receiver restarts on them."""
        s = QSettings()
        s.setValue(KEY_HOST, config.host)
        s.setValue(KEY_PORT, config.port)
        s.setValue(KEY_SECRET, config.secret or "")
        if self.running:
            self.stop()
            self.set_enabled(True)

    @Slot(bool)
    def set_enabled(self, on: bool) -> None:
        if on == self.running:
            return
        if on:
            receiver = AlertReceiver(self.services.alerts, config_from_settings(), self._on_changes)
            try:
                receiver.start()
            except OSError as exc:
                cfg = receiver.config
                self.start_failed.emit(self.tr("Cannot receive alerts on %1:%2: %3").replace("%1", cfg.host)
                                       .replace("%2", str(cfg.port)).replace("%3", exc.strerror or str(exc)))
                self.state_changed.emit("")
                return
            self._receiver = receiver
        else:
            self.stop()
        QSettings().setValue(KEY_ENABLED, on)
        self.state_changed.emit(self.url)

    def _on_changes(self, changes: Changes) -> None:
        self.changes_received.emit(changes)

    @Slot()
    def stop(self) -> None:
        receiver, self._receiver = self._receiver, None
        if receiver is not None:
            receiver.stop()
