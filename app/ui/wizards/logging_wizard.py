"""The logging wizard: detection, description, similar incidents, categorization, summary; one save."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.domain.enums import PRIORITY_NAMES
from app.services.app import Services
from app.services.changes import Result
from app.services.dto import IncidentDetail
from app.services.incidents import LogRequest
from app.services.settings import SettingsSnapshot
from app.services.similar import SimilarIncident
from app.ui.formatting import local, status_label
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive
from app.ui.wizards.categorize_page import CategorizePage
from app.ui.wizards.confirming_wizard import ConfirmingWizard
from app.ui.wizards.description_page import DescriptionPage
from app.ui.wizards.detection_page import DetectionPage
from app.ui.wizards.form_page import FormPage
from app.ui.wizards.page_ids import NextStep, PageId
from app.ui.wizards.similar_page import SimilarPage
from app.ui.wizards.summary_page import SummaryPage

SIMILAR_DELAY_MS = 300
MIN_SEARCH_CHARS = 3
# Where a service refusal's field is entered, so Finish can lead the agent back to it.
FIELD_PAGES = {
    "source": PageId.DETECTION, "detected_at": PageId.DETECTION, "reporter": PageId.DETECTION,
    "email": PageId.DETECTION, "phone": PageId.DETECTION, "department": PageId.DETECTION,
    "location": PageId.DETECTION, "title": PageId.DESCRIPTION, "description": PageId.DESCRIPTION,
    "service": PageId.DESCRIPTION, "configuration_item": PageId.DESCRIPTION, "business_impact": PageId.DESCRIPTION,
    "category": PageId.CATEGORIZE, "impact": PageId.CATEGORIZE, "urgency": PageId.CATEGORIZE,
    "major_justification": PageId.CATEGORIZE,
}


class LoggingWizard(ConfirmingWizard):
    incident_logged = Signal(int)  # the new incident, or the existing one a caller was added to
    similar_found = Signal(int)

    def __init__(self, services: Services, runner: Runner, snapshot: SettingsSnapshot,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.services = services
        self.snapshot = snapshot
        self.now = services.ctx.clock.now
        self.setWindowTitle(self.tr("Log a new incident"))
        self.detection = DetectionPage(services, runner, self.now, self)
        self.description = DescriptionPage(snapshot, self)
        self.similar = SimilarPage(services, runner, self)
        self.categorize = CategorizePage(snapshot, self.now, None, self)
        self.summary = SummaryPage(self.summary_rows, self)
        for pid, page in ((PageId.DETECTION, self.detection), (PageId.DESCRIPTION, self.description),
                          (PageId.SIMILAR, self.similar), (PageId.CATEGORIZE, self.categorize),
                          (PageId.SUMMARY, self.summary)):
            self.setPage(int(pid), page)
        self.setStartId(int(PageId.DETECTION))
        self.result_detail: IncidentDetail | None = None
        self._generation = 0
        self._searched = ""
        self._similar_timer = QTimer(self, singleShot=True, interval=SIMILAR_DELAY_MS)
        self._similar_timer.timeout.connect(self.search_similar)
        self.description.text_changed.connect(self._similar_timer.start)
        self.resize(900, 700)

    # -- similar incidents (debounced, off the GUI thread) ----------------------------------------

    @Slot()
    def search_similar(self) -> None:
        text = self.description.search_text()
        if text == self._searched:
            return
        self._searched = text
        self._generation += 1
        gen = self._generation
        if len(text) < MIN_SEARCH_CHARS:
            self._found(gen, [])
            return
        self.similar.set_searching()
        self.runner.run(lambda: self.services.similar.find(text), if_alive(self, lambda rows: self._found(gen, rows)),
                        if_alive(self, lambda _exc: self._found(gen, [])))

    def _found(self, generation: int, rows: list[SimilarIncident]) -> None:
        if generation != self._generation:
            return  # the agent typed on; a newer search is coming
        self.similar.set_rows(rows)
        self.description.set_similar_count(len(rows) if self._searched else None)
        self.similar_found.emit(len(rows))

    # -- the request ------------------------------------------------------------------------------

    def step(self) -> NextStep:
        return self.similar.step()

    def request(self) -> LogRequest:
        d, desc, cat = self.detection, self.description, self.categorize
        svc = desc.service_entry()
        target = self.similar.target()
        category_id, impact, urgency = cat.category_id(), cat.impact_level(), cat.urgency_level()
        is_major, justification = cat.is_major(), cat.justification_text()
        if target is not None:  # a duplicate takes its categorization from the incident it duplicates
            size = self.snapshot.process.matrix.size
            category_id, impact, urgency = target.category_id, min(target.impact, size), min(target.urgency, size)
            is_major, justification = False, None
        return LogRequest(
            title=desc.title_text(), source=d.source_value(), description=desc.description_text(),
            detected_at=d.detected_at(), reporter_id=d.contact_id, new_reporter=d.new_reporter(),
            service_id=svc.id if svc else None, configuration_item=desc.ci_text(),
            business_impact=desc.business_impact_text(), category_id=category_id, impact=impact, urgency=urgency,
            is_major=is_major, major_justification=justification,
            duplicate_of_id=target.id if target is not None and self.step() is NextStep.DUPLICATE else None,
        )

    def summary_rows(self) -> list[tuple[str, str]]:
        req = self.request()
        target = self.similar.target()
        desk = next((g.name for g in self.snapshot.groups if g.is_service_desk), "")
        reporter = self.detection.reporter_text() or self.tr("(none)")
        if req.new_reporter is not None:
            reporter += " " + self.tr("(new contact)")
        rows: list[tuple[str, str]] = []
        if target is not None and self.step() is NextStep.ADD_CALLER:
            rows.append((self.tr("Outcome"), self.tr("No new incident: %1 is added as a caller to %2 (%3).").replace(
                "%1", reporter).replace("%2", target.number).replace("%3", status_label(target.status))))
        elif target is not None:
            rows.append((self.tr("Outcome"), self.tr("Logged as Cancelled: duplicate of %1, with a link.").replace(
                "%1", target.number)))
        rows += [
            (self.tr("Source"), req.source.label),
            (self.tr("Detected at"), local(req.detected_at)),
            (self.tr("Reporter"), reporter),
            (self.tr("Title"), req.title),
            (self.tr("Description"), req.description or "-"),
            (self.tr("Service"), self.description.service.text().strip() or "-"),
            (self.tr("Configuration item"), req.configuration_item or "-"),
            (self.tr("Business impact"), req.business_impact or "-"),
        ]
        if target is not None and self.step() is NextStep.ADD_CALLER:
            return rows
        matrix = self.snapshot.process.matrix
        priority = matrix.priority(req.impact, req.urgency)
        rows += [
            (self.tr("Category"), self.snapshot.category_path(req.category_id) or "-"),
            (self.tr("Impact / urgency"), f"{matrix.level_label(req.impact)} / {matrix.level_label(req.urgency)}"),
            (self.tr("Priority"), f"{priority.short} - {PRIORITY_NAMES[priority]}"),
            (self.tr("Major incident"), self.tr("Yes: %1").replace("%1", req.major_justification or "")
             if req.is_major else self.tr("No")),
            (self.tr("Assignment group"), desk),
        ]
        if req.duplicate_of_id is None:
            response, resolution = self._due(priority)
            rows += [(self.tr("Response due"), local(response)), (self.tr("Resolution due"), local(resolution))]
        return rows

    def _due(self, priority: object) -> tuple[datetime | None, datetime | None]:
        from app.domain.sla import due_at

        settings = self.snapshot.process
        targets = settings.sla.for_priority(priority)  # type: ignore[arg-type]
        now = self.now()
        return due_at(now, targets.response, [], settings.calendar), due_at(now, targets.resolution, [],
                                                                            settings.calendar)

    def has_input(self) -> bool:
        return self.detection.has_input() or self.description.has_input() or self.categorize.has_input()

    # -- finish -----------------------------------------------------------------------------------

    def accept(self) -> None:
        req = self.request()
        target = self.similar.target()
        if target is not None and self.step() is NextStep.ADD_CALLER:
            tid = target.id

            def call() -> Result[IncidentDetail]:
                return self.services.similar.add_caller(tid, req.reporter_id, req.new_reporter, req.title,
                                                        req.description, req.source.value)
        else:
            def call() -> Result[IncidentDetail]:
                return self.services.incidents.log(req)
        self.save(call, self._saved)

    def _saved(self, detail: IncidentDetail) -> None:
        self.result_detail = detail
        self.incident_logged.emit(detail.id)

    def show_failure(self, exc: BaseException) -> None:
        field = self.field_of(exc)
        target = FIELD_PAGES.get(field or "")
        if target is not None and self.hasVisitedPage(int(target)):
            while self.currentId() != int(target) and self.currentId() != self.startId():
                self.back()
            page = self.page(int(target))
            if isinstance(page, FormPage) and page.show_error(field, str(exc)):
                return
        self.summary.error.show_error(str(exc))
