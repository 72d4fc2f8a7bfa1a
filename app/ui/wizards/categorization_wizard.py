"""Re-categorize an existing incident: category, impact, urgency, major flag; a reason when priority moves."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.services.app import Services
from app.services.dto import IncidentDetail
from app.services.incidents import Categorization
from app.services.settings import SettingsSnapshot
from app.ui.runner import Runner
from app.ui.wizards.categorize_page import CategorizePage
from app.ui.wizards.confirming_wizard import ConfirmingWizard
from app.ui.wizards.field_message import FieldMessage
from app.ui.wizards.page_ids import PageId


class CategorizationWizard(ConfirmingWizard):
    incident_categorized = Signal(int)

    def __init__(self, services: Services, runner: Runner, snapshot: SettingsSnapshot, incident: IncidentDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.services = services
        self.incident = incident
        self.setWindowTitle(self.tr("Categorize %1").replace("%1", incident.number))
        self.page_ = CategorizePage(snapshot, services.ctx.clock.now, incident, self)
        self.error = FieldMessage(self.page_)
        self.page_.left.addWidget(self.error)  # errors that name no field
        self.setPage(int(PageId.CATEGORIZE), self.page_)
        self.setStartId(int(PageId.CATEGORIZE))
        self.result_detail: IncidentDetail | None = None
        self.resize(900, 640)

    def categorization(self) -> Categorization:
        p = self.page_
        return Categorization(p.category_id(), p.impact_level(), p.urgency_level(), p.is_major(),
                              p.justification_text(), p.reason_text())

    def has_input(self) -> bool:
        inc, c = self.incident, self.categorization()
        return (c.category_id != (inc.category.id if inc.category else None) or c.impact != inc.impact
                or c.urgency != inc.urgency or c.is_major != inc.is_major or bool(c.reason))

    def accept(self) -> None:
        cat = self.categorization()
        iid, version = self.incident.id, self.incident.version
        self.error.clear()
        self.save(lambda: self.services.incidents.categorize(iid, cat, expected_version=version), self._saved)

    def _saved(self, detail: IncidentDetail) -> None:
        self.result_detail = detail
        self.incident_categorized.emit(detail.id)

    def show_failure(self, exc: BaseException) -> None:
        if not self.page_.show_error(self.field_of(exc), str(exc)):
            self.error.show_error(str(exc))
