"""Logging wizard, page 1: how the incident was detected, when, and who reported it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QStringListModel, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Source
from app.domain.errors import ValidationError
from app.domain.validation import clean_line, not_in_future
from app.services.app import Services
from app.services.dto import PersonRow
from app.services.incidents import NewContact
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive
from app.ui.wizards.form_page import FormPage


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def contact_label(p: PersonRow) -> str:
    return f"{p.name} <{p.email}>" if p.email else p.name


class DetectionPage(FormPage):
    def __init__(self, services: Services, runner: Runner, now: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.now = now
        self.setTitle(self.tr("Detection and reporting"))
        self.setSubTitle(self.tr("How the incident reached the service desk, when it started and who reported it."))
        self.source = QComboBox(self)
        for s in Source:
            self.source.addItem(self.tr(s.label), s)
        self.detected = QDateTimeEdit(self)
        self.detected.setCalendarPopup(True)
        self.detected.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.now_button = QPushButton(self.tr("No&w"), self)
        self.now_button.setToolTip(self.tr("Set the detection time to the current time"))
        when = QWidget(self)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.detected, 1)
        when_row.addWidget(self.now_button)
        self.reporter = QLineEdit(self)
        self.reporter.setPlaceholderText(self.tr("Type a name to find a known contact"))
        self._contacts: dict[str, PersonRow] = {}
        self._contact_model = QStringListModel(self)
        self.completer = QCompleter(self._contact_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.reporter.setCompleter(self.completer)
        self.reporter_info = QLabel(self)
        self.reporter_info.setWordWrap(True)
        self.reporter_info.hide()
        self.new_contact = QCheckBox(self.tr("Create a new c&ontact with this name"), self)
        self.email = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.department = QLineEdit(self)
        self.location = QLineEdit(self)
        self.contact_id: int | None = None
        self._generation = 0

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, self.tr("&Source:"), self.source, "source")
        self.add_row(form, self.tr("Detected &at:"), when, "detected_at")
        self.widgets["detected_at"] = self.detected
        label = form.labelForField(when)
        if isinstance(label, QLabel):
            label.setBuddy(self.detected)  # the row holds a container; Alt+A must land in the editor
        self.add_row(form, self.tr("&Reporter:"), self.reporter, "reporter")
        form.addRow("", self.reporter_info)
        form.addRow("", self.new_contact)
        self.add_row(form, self.tr("&E-mail:"), self.email, "email")
        self.add_row(form, self.tr("&Phone:"), self.phone, "phone")
        self.add_row(form, self.tr("&Department:"), self.department, "department")
        self.add_row(form, self.tr("&Location:"), self.location, "location")
        self.form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

        self._lookup_timer = QTimer(self, singleShot=True, interval=200)
        self._lookup_timer.timeout.connect(self._lookup)
        self.reporter.textEdited.connect(self._on_reporter_edited)
        self.completer.activated[str].connect(self._on_contact_chosen)
        self.new_contact.toggled.connect(self._on_new_toggled)
        self.now_button.clicked.connect(self.reset_time)
        self.reset_time()
        self._on_new_toggled(False)

    # -- reporter ---------------------------------------------------------------------------------

    @Slot()
    def reset_time(self) -> None:
        self.detected.setDateTime(to_qdatetime(self.now()))

    @Slot(str)
    def _on_reporter_edited(self, _text: str) -> None:
        if self.contact_id is not None:
            self.contact_id = None
            self._info("")
        self._lookup_timer.start()

    @Slot()
    def _lookup(self) -> None:
        prefix = self.reporter.text().strip()
        if not prefix:
            return
        self._generation += 1
        gen = self._generation
        self.runner.run(lambda: self.services.directory.contacts(prefix, 20),
                        if_alive(self, lambda rows: self._contacts_found(gen, rows)), if_alive(self, lambda _e: None))

    def _contacts_found(self, generation: int, rows: list[PersonRow]) -> None:
        if generation != self._generation:
            return
        self._contacts = {contact_label(p): p for p in rows}
        self._contact_model.setStringList(list(self._contacts))
        if self.reporter.hasFocus() and rows and self.contact_id is None:
            self.completer.setCompletionPrefix(self.reporter.text())
            self.completer.complete()

    def contact_suggestions(self) -> list[str]:
        return self._contact_model.stringList()

    @Slot(str)
    def _on_contact_chosen(self, label: str) -> None:
        person = self._contacts.get(label)
        if person is not None:
            self.set_contact(person)

    def set_contact(self, person: PersonRow) -> None:
        """Pick a known contact as the reporter."""
        self.contact_id = person.id
        self.new_contact.setChecked(False)
        QTimer.singleShot(0, lambda: self.reporter.setText(person.name))  # after the completer writes its label
        self.reporter.setText(person.name)
        details = [d for d in (person.email, person.phone, person.department, person.location) if d]
        self._info(self.tr("Known contact: %1").replace("%1", " · ".join([person.name, *details])))
        self.messages["reporter"].clear()

    @Slot(bool)
    def _on_new_toggled(self, on: bool) -> None:
        for widget in (self.email, self.phone, self.department, self.location):
            self.form.setRowVisible(widget, on)
        self.messages["reporter"].clear()
        if on:
            self.contact_id = None
            self._info(self.tr("A new contact is created when the incident is logged."))
        elif self.contact_id is None:
            self._info("")

    def _info(self, text: str) -> None:
        self.reporter_info.setText(text)
        self.reporter_info.setVisible(bool(text))

    # -- values -----------------------------------------------------------------------------------

    def source_value(self) -> Source:
        return Source(self.source.currentData())

    def detected_at(self) -> datetime:
        return from_qdatetime(self.detected.dateTime())

    def new_reporter(self) -> NewContact | None:
        if not self.new_contact.isChecked():
            return None
        return NewContact(self.reporter.text().strip(), self.email.text().strip() or None,
                          self.phone.text().strip() or None, self.department.text().strip() or None,
                          self.location.text().strip() or None)

    def reporter_text(self) -> str:
        """Who reported it, for the summary."""
        return self.reporter.text().strip()

    def has_input(self) -> bool:
        return bool(self.reporter.text().strip() or self.email.text().strip() or self.phone.text().strip())

    # -- validation -------------------------------------------------------------------------------

    def _check_reporter(self) -> None:
        name = self.reporter.text()
        if self.new_contact.isChecked():
            clean_line(name, "reporter", self.tr("Reporter name"), required=True)
            email = clean_line(self.email.text(), "email", self.tr("E-mail"), max_len=254)
            if email and "@" not in email:
                raise ValidationError(self.tr("The e-mail address needs an @."), "email")
            clean_line(self.phone.text(), "phone", self.tr("Phone"), max_len=64)
            clean_line(self.department.text(), "department", self.tr("Department"))
            clean_line(self.location.text(), "location", self.tr("Location"))
        elif name.strip() and self.contact_id is None:
            raise ValidationError(self.tr("Pick a known contact from the list, or tick 'Create a new contact'."),
                                  "reporter")

    def validatePage(self) -> bool:
        return self.check(
            lambda: not_in_future(self.detected_at(), self.now(), "detected_at", self.tr("Detection time")),
            self._check_reporter,
        )
