"""Stakeholders of one incident: who is kept informed and in which role; pre-fills the compose dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.communication import StakeholderRole, label_of
from app.domain.errors import DomainError
from app.services.app import Services
from app.services.communications import StakeholderRow
from app.ui.runner import Runner


class StakeholdersDialog(QDialog):
    stakeholders_changed = Signal(list)

    def __init__(self, services: Services, runner: Runner, incident_id: int, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.incident_id = incident_id
        self.setWindowTitle(self.tr("Stakeholders - %1").replace("%1", number))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Stakeholders"))
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.role = QComboBox(self)
        for r in StakeholderRole:
            self.role.addItem(self.tr(r.label), r.value)
        self.role.setCurrentIndex(self.role.findData(StakeholderRole.STAKEHOLDER.value))
        self.name = QLineEdit(self)
        self.email = QLineEdit(self)
        self.email.setPlaceholderText(self.tr("a known address reuses that contact"))
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&E-mail:"), self.email)
        form.addRow(self.tr("R&ole:"), self.role)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.remove_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.list.currentItemChanged.connect(self._update)
        self.name.textChanged.connect(self._update)
        self.resize(520, 460)
        self._update()
        runner.run(lambda: services.communications.stakeholders(incident_id), self.show_rows)

    def show_rows(self, rows: list[StakeholderRow]) -> None:
        self.list.clear()
        for s in rows:
            origin = self.tr(" (from the incident)") if s.implicit else ""
            item = QListWidgetItem(f"{s.address}  \u2013  {label_of(StakeholderRole, s.role)}{origin}")
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.list.addItem(item)
        self._update()

    def _selected(self) -> StakeholderRow | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    @Slot()
    def _update(self) -> None:
        s = self._selected()
        self.remove_button.setEnabled(s is not None and not s.implicit)
        self.remove_button.setToolTip(
            self.tr("Select a stakeholder to remove") if s is None else
            self.tr("The reporter and the group manager follow from the incident") if s.implicit else
            self.tr("No longer keep this person informed"))
        has_name = bool(self.name.text().strip())
        self.add_button.setEnabled(has_name)
        self.add_button.setToolTip(self.tr("Add this person") if has_name else self.tr("Give a name first"))

    def _apply(self, rows: list[StakeholderRow]) -> None:
        self.error.hide()
        self.show_rows(rows)
        self.stakeholders_changed.emit(rows)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.error.setText(str(exc))
            self.error.show()
        else:
            self.runner.error_raised.emit(exc)

    @Slot()
    def add(self) -> None:
        iid, role, name, email = self.incident_id, self.role.currentData(), self.name.text(), self.email.text()

        def done(rows: list[StakeholderRow]) -> None:
            self.name.clear()
            self.email.clear()
            self._apply(rows)

        self.runner.mutate(lambda: self.services.communications.add_stakeholder(iid, role, name=name, email=email),
                           done, self._refused)

    @Slot()
    def remove(self) -> None:
        s = self._selected()
        if s is None or s.implicit:
            return
        iid = self.incident_id
        self.runner.mutate(lambda: self.services.communications.remove_stakeholder(iid, s.person_id), self._apply,
                           self._refused)
