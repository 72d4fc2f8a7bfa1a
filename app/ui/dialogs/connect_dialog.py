"""Connect to team server: host, port, database, user and password (kept in the OS keyring, never in settings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from app.domain.errors import DomainError
from app.services.team_connection import DEFAULT_PORT, PasswordVault, ProbeResult, ServerAddress
from app.ui.dialogs.form_dialog import FormDialog

Prober = Callable[[ServerAddress, str, Callable[[ProbeResult], None]], None]


@dataclass(frozen=True)
class ConnectRequest:
    address: ServerAddress
    password: str
    remember: bool  # store the password in the keyring (only offered when there is one)


class ConnectDialog(FormDialog):
    """`prober(address, password, on_result)` tests the connection off the GUI thread (the runner does it)."""

    def __init__(self, vault: PasswordVault, address: ServerAddress | None = None, prober: Prober | None = None,
                 parent: QWidget | None = None, password_only: bool = False) -> None:
        super().__init__(self.tr("Connect to team server"), self.tr("&Connect"), parent)
        self.vault = vault
        self.prober = prober
        self.set_intro(self.tr(
            "Work on the team's shared PostgreSQL server instead of this computer's own store. Everyone connected "
            "sees the same queue; changes by others appear within seconds."))
        self.host = QLineEdit(self)
        self.host.setObjectName("connect_host")
        self.host.setPlaceholderText(self.tr("e.g. incidents.example.com"))
        self.port = QSpinBox(self)
        self.port.setObjectName("connect_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.database.setObjectName("connect_database")
        self.database.setPlaceholderText(self.tr("e.g. incident_desk"))
        self.user = QLineEdit(self)
        self.user.setObjectName("connect_user")
        self.password = QLineEdit(self)
        self.password.setObjectName("connect_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("&Remember the password in the system keyring"), self)
        self.remember.setObjectName("connect_remember")
        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("connect_keyring_note")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setTextFormat(Qt.TextFormat.PlainText)
        if vault.available:
            self.remember.setChecked(True)
            self.remember.setToolTip(self.tr("The password goes to the operating system's keyring, never into "
                                             "Incident Desk's settings."))
            self.keyring_note.hide()
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember.setToolTip(vault.unavailable_reason)
            self.keyring_note.setText(self.tr(vault.unavailable_reason))
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setObjectName("connect_test")
        self.test_button.setToolTip(self.tr("Connect once and check the schema, without changing anything"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_button.setVisible(prober is not None)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("connect_test_result")
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.tr("&Host:"), self.host)
        self.form.addRow(self.tr("&Port:"), self.port)
        self.form.addRow(self.tr("&Database:"), self.database)
        self.form.addRow(self.tr("&User:"), self.user)
        self.form.addRow(self.tr("Pass&word:"), self.password)
        self.form.addRow("", self.remember)
        self.form.addRow("", self.keyring_note)
        self.form.addRow(self.test_button, self.test_result)
        if address is not None:
            self.host.setText(address.host)
            self.port.setValue(address.port)
            self.database.setText(address.database)
            self.user.setText(address.user)
        if password_only:
            # Start-up without a stored password: only the password is asked; the address is shown read-only.
            for w in (self.host, self.database, self.user):
                w.setReadOnly(True)
            self.port.setReadOnly(True)
            self.password.setFocus()
        self.setMinimumWidth(560)

    def address(self) -> ServerAddress:
        return ServerAddress(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                             self.user.text().strip())

    def request(self) -> ConnectRequest:
        return ConnectRequest(self.address(), self.password.text(), self.remember.isChecked())

    def problem(self) -> str | None:
        try:
            self.address().validate()
        except DomainError as exc:
            return str(exc)
        return None

    @Slot()
    def test_connection(self) -> None:
        problem = self.problem()
        self.show_problem(problem)
        if problem or self.prober is None:
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Connecting…"))
        self.prober(self.address(), self.password.text(), self._tested)

    def _tested(self, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(("✔ " if result.ok else "✘ ") + result.message)

    @classmethod
    def ask(cls, parent: QWidget | None, vault: PasswordVault, address: ServerAddress | None = None,
            prober: Prober | None = None, password_only: bool = False) -> ConnectRequest | None:
        dlg = cls(vault, address, prober, parent, password_only)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
