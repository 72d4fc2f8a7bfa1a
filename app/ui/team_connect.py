"""Team server connection from the UI: the Connect dialog, the address in settings, the password in the keyring,
and the start-up step that turns a saved address into a store URL."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QProcess, QSettings, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services.team_connection import DEFAULT_PORT, PasswordVault, ProbeResult, ServerAddress, probe
from app.ui.dialogs.connect_dialog import ConnectDialog
from app.ui.runner import Runner

KEYS = ("team/host", "team/port", "team/database", "team/user")
ENABLED_KEY = "team/enabled"


def saved_address() -> ServerAddress | None:
    s = QSettings()
    host = str(s.value("team/host", "") or "")
    if not host:
        return None
    try:
        port = int(s.value("team/port", DEFAULT_PORT))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        port = DEFAULT_PORT
    return ServerAddress(host, port, str(s.value("team/database", "") or ""), str(s.value("team/user", "") or ""))


def save_address(address: ServerAddress, enabled: bool = True) -> None:
    """Host, port, database and user only: the password never goes into settings."""
    s = QSettings()
    for key, value in zip(KEYS, (address.host, address.port, address.database, address.user), strict=True):
        s.setValue(key, value)
    s.setValue(ENABLED_KEY, enabled)


def team_enabled() -> bool:
    return str(QSettings().value(ENABLED_KEY, "false")).lower() == "true"


def team_store_url(vault: PasswordVault | None = None, parent: QWidget | None = None) -> str | None:
    """At start-up: the saved team server's URL, with the password from the keyring or asked for now.
    None when team mode is off or the user cancelled (the local store opens instead)."""
    address = saved_address()
    if address is None or not team_enabled():
        return None
    vault = vault or PasswordVault()
    password = vault.get(address)
    if password is None:
        req = ConnectDialog.ask(parent, vault, address, password_only=True)
        if req is None:
            return None
        password = req.password
        if req.remember:
            vault.put(req.address, password)
        if req.address != address:
            save_address(req.address)
        address = req.address
    return address.url(password)


class TeamConnect(QObject):
    """File > Connect to team server…: ask, test, remember, then restart onto the server."""

    connected = Signal(object)  # ServerAddress saved for the next start

    def __init__(self, runner: Runner, parent: QWidget, vault: PasswordVault | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.widget = parent
        self.vault = vault or PasswordVault()

    def _probe(self, address: ServerAddress, password: str, on_result) -> None:  # type: ignore[no-untyped-def]
        self.runner.run(lambda: probe(address, password or None), on_result,
                        lambda exc: on_result(ProbeResult(False, str(exc))))

    @Slot()
    def ask(self) -> None:
        req = ConnectDialog.ask(self.widget, self.vault, saved_address(), self._probe)
        if req is None:
            return
        save_address(req.address)
        if req.remember:
            self.vault.put(req.address, req.password)
        else:
            self.vault.forget(req.address)
        self.connected.emit(req.address)
        if self.confirm_restart(req.address):
            self.restart()

    def confirm_restart(self, address: ServerAddress) -> bool:
        answer = QMessageBox.question(self.widget, self.tr("Connect to team server"), self.tr(
            "Incident Desk opens %1 from now on. Restart now to open it?").replace("%1", address.key))
        return answer == QMessageBox.StandardButton.Yes

    def restart(self) -> None:
        # Without --db: the next start picks the saved team server (an explicit --db or $INCIDENT_DESK_DB still wins).
        QProcess.startDetached(sys.executable, ["-m", "app"])
        QApplication.quit()
