"""Logging wizard, page 2: title, description, affected service / CI and business impact."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QCompleter, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.domain.validation import TITLE_MAX, clean_line, clean_text
from app.services.settings import ServiceEntry, SettingsSnapshot
from app.ui.wizards.form_page import FormPage


def text_box(parent: QWidget, lines: int) -> QPlainTextEdit:
    """A plain-text box where Tab moves on (keyboard-only logging) and the height fits `lines` lines."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class DescriptionPage(FormPage):
    text_changed = Signal()  # title or description edited: time to look for similar incidents

    def __init__(self, snapshot: SettingsSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Description"))
        self.setSubTitle(self.tr("What is wrong, where, and what it means for the business."))
        active = [s for s in snapshot.services if s.is_active]
        self._services = {s.name.casefold(): s for s in active if s.kind == "service"}
        self._cis = {s.name.casefold(): s for s in active if s.kind == "ci"}
        self._names = {s.id: s.name for s in snapshot.services}
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Short summary, e.g. 'VPN drops every few minutes'"))
        self.title_count = QLabel(self)
        self.description = text_box(self, 5)
        self.service = QLineEdit(self)
        self.service.setPlaceholderText(self.tr("Start typing a service from the catalogue"))
        self.service.setCompleter(self._completer(sorted(s.name for s in self._services.values())))
        self.ci = QLineEdit(self)
        self.ci.setPlaceholderText(self.tr("Server, device or component, if known"))
        self.ci.setCompleter(self._completer(sorted(s.name for s in self._cis.values())))
        self.business_impact = text_box(self, 3)
        self.business_impact.setPlaceholderText(self.tr("Who cannot work, what is delayed, money or reputation at "
                                                        "stake"))
        self.similar_hint = QLabel(self)
        self.similar_hint.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, self.tr("&Title:"), self.title_edit, "title")
        form.addRow("", self.title_count)
        self.add_row(form, self.tr("&Description:"), self.description, "description")
        self.add_row(form, self.tr("&Service:"), self.service, "service")
        self.add_row(form, self.tr("&Configuration item:"), self.ci, "configuration_item")
        self.add_row(form, self.tr("Business &impact:"), self.business_impact, "business_impact")
        form.addRow("", self.similar_hint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.title_edit.textChanged.connect(self._on_title)
        self.title_edit.textChanged.connect(self.text_changed)
        self.description.textChanged.connect(self.text_changed)
        self.ci.editingFinished.connect(self._fill_service_from_ci)
        self._on_title("")

    def _completer(self, names: list[str]) -> QCompleter:
        c = QCompleter(names, self)
        c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        c.setFilterMode(Qt.MatchFlag.MatchContains)
        return c

    @Slot(str)
    def _on_title(self, text: str) -> None:
        n = len(text.strip())
        self.title_count.setText(self.tr("%1 of %2 characters").replace("%1", str(n)).replace("%2", str(TITLE_MAX)))

    @Slot()
    def _fill_service_from_ci(self) -> None:
        ci = self._cis.get(self.ci.text().strip().casefold())
        if ci is not None and ci.parent_id is not None and not self.service.text().strip():
            self.service.setText(self._names.get(ci.parent_id, ""))

    def set_similar_count(self, count: int | None) -> None:
        if count is None:
            self.similar_hint.clear()
        elif count == 0:
            self.similar_hint.setText(self.tr("No similar open or recently resolved incidents."))
        else:
            self.similar_hint.setText(self.tr("%1 similar incidents found: see the next page.").replace(
                "%1", str(count)))

    # -- values -----------------------------------------------------------------------------------

    def title_text(self) -> str:
        return self.title_edit.text().strip()

    def description_text(self) -> str:
        return self.description.toPlainText().strip()

    def search_text(self) -> str:
        return f"{self.title_text()} {self.description_text()[:300]}".strip()

    def service_entry(self) -> ServiceEntry | None:
        return self._services.get(self.service.text().strip().casefold())

    def ci_text(self) -> str | None:
        return self.ci.text().strip() or None

    def business_impact_text(self) -> str | None:
        return self.business_impact.toPlainText().strip() or None

    def has_input(self) -> bool:
        return any((self.title_text(), self.description_text(), self.service.text().strip(), self.ci_text(),
                    self.business_impact_text()))

    # -- validation -------------------------------------------------------------------------------

    def _check_service(self) -> None:
        text = clean_line(self.service.text(), "service", self.tr("Service"))
        if text and self.service_entry() is None:
            raise ValidationError(self.tr("'%1' is not an active service in the catalogue; pick one from the "
                                          "list.").replace("%1", text), "service")

    def validatePage(self) -> bool:
        return self.check(
            lambda: clean_line(self.title_edit.text(), "title", self.tr("Title"), required=True, max_len=TITLE_MAX),
            lambda: clean_text(self.description.toPlainText(), "description", self.tr("Description")),
            self._check_service,
            lambda: clean_line(self.ci.text(), "configuration_item", self.tr("Configuration item")),
            lambda: clean_text(self.business_impact.toPlainText(), "business_impact", self.tr("Business impact")),
        )
