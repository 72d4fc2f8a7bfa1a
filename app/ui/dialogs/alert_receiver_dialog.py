"""Settings of the monitoring webhook receiver on this computer: port, interface and shared secret."""

from __future__ import annotations

import secrets

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ingest.webhook import DEFAULT_HOST, ReceiverConfig

ALL_INTERFACES = "0.0.0.0"


class AlertReceiverDialog(QDialog):
    def __init__(self, config: ReceiverConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Monitoring receiver"))
        self._config = config
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(config.port if config.port > 0 else 9095)
        self.host = QComboBox(self)
        self.host.addItem(self.tr("This computer only (127.0.0.1)"), DEFAULT_HOST)
        self.host.addItem(self.tr("All network interfaces"), ALL_INTERFACES)
        self.host.setCurrentIndex(max(0, self.host.findData(config.host)))
        self.secret = QLineEdit(config.secret or "", self)
        self.secret.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.secret.setPlaceholderText(self.tr("none"))
        self.generate = QPushButton(self.tr("&Generate"), self)
        self.generate.setToolTip(self.tr("Fill in a new random secret"))
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.generate)
        form = QFormLayout()
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Listen on:"), self.host)
        secret_label = QLabel(self.tr("Shared &secret:"), self)
        secret_label.setBuddy(self.secret)
        form.addRow(secret_label, secret_row)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.generate.clicked.connect(lambda: self.secret.setText(secrets.token_urlsafe(24)))
        for signal in (self.port.valueChanged, self.host.currentIndexChanged, self.secret.textChanged):
            signal.connect(self._validate)
        self.setMinimumWidth(460)
        self._validate()

    @classmethod
    def ask(cls, parent: QWidget | None, config: ReceiverConfig) -> ReceiverConfig | None:
        dlg = cls(config, parent)
        return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None

    def value(self) -> ReceiverConfig:
        return ReceiverConfig(host=str(self.host.currentData()), port=self.port.value(),
                              secret=self.secret.text().strip() or None, max_body=self._config.max_body,
                              auto_resolve=self._config.auto_resolve)

    @Slot()
    def _validate(self) -> None:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        exposed = self.host.currentData() != DEFAULT_HOST
        if exposed and not self.secret.text().strip():
            why = self.tr("Listening on the network needs a shared secret, so only your monitoring can log incidents.")
            ok_button.setEnabled(False)
            ok_button.setToolTip(why)
            self.hint.setText(why)
            return
        ok_button.setEnabled(True)
        ok_button.setToolTip("")
        self.hint.setText(self.tr("Senders use http://%1:%2/alerts and, with a secret, the header "
                                  "'Authorization: Bearer <secret>'.")
                          .replace("%1", DEFAULT_HOST if not exposed else self.tr("this-computer"))
                          .replace("%2", str(self.port.value())))
