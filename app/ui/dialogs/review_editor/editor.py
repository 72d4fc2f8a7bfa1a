"""The post-incident review editor: sections in tabs, autosaved drafts, status changes and export."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.review import ActionStatus, ReviewContent, ReviewStatus, review_refusals
from app.services.app import Services
from app.services.changes import Result
from app.services.dto import PersonRow
from app.services.review_dto import ReviewRow
from app.ui.dialogs.review_editor.action_items_section import ActionItemsSection
from app.ui.dialogs.review_editor.analysis_section import AnalysisSection
from app.ui.dialogs.review_editor.participants_section import ParticipantsSection
from app.ui.dialogs.review_editor.reflection_section import ReflectionSection
from app.ui.dialogs.review_editor.section import ReviewSection
from app.ui.dialogs.review_editor.summary_section import SummarySection
from app.ui.dialogs.review_editor.timeline_section import TimelineSection
from app.ui.formatting import local
from app.ui.runner import Runner

log = logging.getLogger(__name__)


class ReviewEditor(QDialog):
    """Non-modal; drafts autosave a few seconds after an edit and when the window closes."""

    review_loaded = Signal(object)  # ReviewRow
    draft_saved = Signal(object)  # ReviewRow
    review_moved = Signal(object)  # ReviewRow after submit / publish / new revision
    AUTOSAVE_MS = 3000

    def __init__(self, services: Services, runner: Runner, incident_id: int, parent: QWidget | None = None,
                 autosave_ms: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setObjectName("review_editor")
        self.services = services
        self.runner = runner
        self.incident_id = incident_id
        self.row: ReviewRow | None = None
        self._dirty = False
        self._edits = 0  # bumps on every edit, so a save that raced with typing keeps the window dirty
        self._saving = False
        self._save_again = False
        self._loading = False
        self.setWindowTitle(self.tr("Post-incident review[*]"))

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.badge = QLabel(self)
        self.badge.setObjectName("review_status_badge")
        self.badge.setFrameShape(QFrame.Shape.StyledPanel)
        self.badge.setMargin(4)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(6)
        self.banner.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.banner.setAutoFillBackground(True)
        self.banner.hide()

        self.summary = SummarySection(self)
        self.timeline = TimelineSection(self)
        self.analysis = AnalysisSection(self)
        self.reflection = ReflectionSection(self)
        self.items = ActionItemsSection(services, runner, self)
        self.participants = ParticipantsSection(self)
        self.sections: list[ReviewSection] = [self.summary, self.timeline, self.analysis, self.reflection,
                                              self.participants]
        self.tabs = QTabWidget(self)
        for w in (self.summary, self.timeline, self.analysis, self.reflection, self.items, self.participants):
            self.tabs.addTab(w, w.title())
        for n in range(self.tabs.count()):
            self.tabs.setTabToolTip(n, self.tr("Alt+%1").replace("%1", str(n + 1)))
            QShortcut(QKeySequence(f"Alt+{n + 1}"), self, lambda n=n: self.tabs.setCurrentIndex(n))

        self.state = QLabel(self)
        self.state.setObjectName("review_save_state")
        self.save_button = QPushButton(self.tr("&Save now"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Drafts also save by themselves a few seconds after each edit (Ctrl+S)"))
        self.revert_button = QPushButton(self.tr("&Discard changes"), self)
        self.submit_button = QPushButton(self.tr("Su&bmit for review"), self)
        self.draft_button = QPushButton(self.tr("Back to dra&ft"), self)
        self.publish_button = QPushButton(self.tr("&Publish"), self)
        self.revision_button = QPushButton(self.tr("New &revision"), self)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.close_button = QPushButton(self.tr("&Close"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        for b in (self.save_button, self.revert_button, self.submit_button, self.draft_button, self.publish_button,
                  self.revision_button, self.export_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(self.AUTOSAVE_MS if autosave_ms is None else autosave_ms)
        self.autosave.timeout.connect(self.save)
        for s in self.sections:
            s.content_edited.connect(self._on_edited)
        self.items.items_changed.connect(self._update_buttons)
        self.items.ask = lambda q: self.ask(self, q)
        self.timeline.refresh_requested.connect(self._refresh_timeline)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.discard_changes)
        self.submit_button.clicked.connect(lambda: self.move_to(ReviewStatus.IN_REVIEW))
        self.draft_button.clicked.connect(lambda: self.move_to(ReviewStatus.DRAFT))
        self.publish_button.clicked.connect(lambda: self.move_to(ReviewStatus.PUBLISHED))
        self.revision_button.clicked.connect(self.new_revision)
        self.export_button.clicked.connect(self._on_export)
        self.close_button.clicked.connect(self.close)
        self.resize(1180, 760)
        self._set_state(self.tr("Loading…"))

    # -- hooks tests replace ----------------------------------------------------------------------------

    @classmethod
    def ask(cls, parent: QWidget | None, question: str) -> bool:
        """Confirmation before anything is thrown away."""
        answer = QMessageBox.question(parent, parent.tr("Post-incident review") if parent else "", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def export_path(cls, parent: QWidget, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(parent, parent.tr("Export review"), suggested,
                                              parent.tr("Markdown (*.md);;HTML (*.html);;PDF (*.pdf)"))
        return path

    # -- loading ----------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(self) -> None:
        """Open the incident's current review, starting a draft if it has none."""
        iid = self.incident_id
        self.runner.run(self.services.directory.staff, self._set_people)
        self.runner.mutate(lambda: self.services.reviews.open_or_start(iid), self.show_review, self._on_error)

    def _set_people(self, people: list[PersonRow]) -> None:
        self.items.set_people(people)
        self.participants.set_people(people)

    def show_review(self, row: ReviewRow) -> None:
        self.row = row
        self._loading = True
        try:
            self.summary.set_facts(row.facts)
            self.timeline.set_start(row.detected_at)
            for s in self.sections:
                s.load(row.content)
                s.set_read_only(not row.editable)
            self.items.show_review(row)
        finally:
            self._loading = False
        self._set_dirty(False)
        major = self.tr(", major") if row.is_major else ""
        self.heading.setText(f"{row.incident_number}  {row.incident_title}")
        self.setWindowTitle(self.tr("Review %1 – revision %2[*]").replace("%1", row.incident_number)
                            .replace("%2", str(row.revision)))
        self.badge.setText(f"P{row.priority}{major} · {self.tr('revision')} {row.revision} · {row.status_label}")
        if row.editable:
            self.banner.hide()
            self._set_state(self.tr("All changes saved (%1)").replace("%1", local(row.updated_at)))
        else:
            self.banner.setText(self.tr("Published %1 — this revision is read-only. Action items can still be "
                                        "tracked; start a new revision to change the write-up.")
                                .replace("%1", local(row.published_at)))
            self.banner.show()
            self._set_state(self.tr("Published, read-only"))
        self._update_buttons()
        self.review_loaded.emit(row)

    def content(self) -> ReviewContent:
        """What is on screen now."""
        c = self.row.content if self.row is not None else ReviewContent()
        for s in self.sections:
            c = s.collect(c)
        return c

    # -- dirty state and autosave -----------------------------------------------------------------------

    def _set_state(self, text: str) -> None:
        self.state.setText(text)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.setWindowModified(dirty)
        self.revert_button.setEnabled(dirty)
        self.revert_button.setToolTip(self.tr("Throw away the edits made since the last save") if dirty else
                                      self.tr("Nothing to discard: everything is saved"))

    @Slot()
    def _on_edited(self) -> None:
        if self._loading or self.row is None or not self.row.editable:
            return
        self._edits += 1
        self._set_dirty(True)
        self._set_state(self.tr("Unsaved changes"))
        if not self.autosave.isActive():  # not restarted per keystroke, so steady typing still saves
            self.autosave.start()
        self._update_buttons()

    @Slot()
    def save(self) -> None:
        """Autosave and Ctrl+S: writes only when something changed since the last save."""
        self.autosave.stop()
        if self.row is None or not self._dirty or not self.row.editable:
            return
        if self._saving:
            self._save_again = True
            return
        rid, version, content, edits = self.row.id, self.row.version, self.content(), self._edits
        self._saving = True
        self._set_state(self.tr("Saving…"))

        def done(result: Result[ReviewRow]) -> None:
            self._saving = False
            if not result.changes.empty:
                self.runner.announce(result.changes)
            self._saved(result.value, edits)

        self.runner.run(lambda: self.services.reviews.save_draft(rid, content, version), done, self._on_save_error)

    def _saved(self, row: ReviewRow, edits: int) -> None:
        assert self.row is not None
        self.row = row
        if edits == self._edits:
            self._set_dirty(False)
            self._set_state(self.tr("All changes saved (%1)").replace("%1", local(row.updated_at)))
        if self._save_again or self._dirty:
            self._save_again = False
            self.autosave.start()
        self.draft_saved.emit(row)

    def _on_save_error(self, exc: BaseException) -> None:
        self._saving = False
        self._set_state(self.tr("Not saved: %1").replace("%1", str(exc)))
        self._on_error(exc)

    @Slot()
    def discard_changes(self) -> None:
        if not self._dirty or not self.ask(self, self.tr("Discard the changes made since the last save?")):
            return
        self.autosave.stop()
        iid = self.incident_id
        self.runner.run(lambda: self.services.reviews.get(iid), self.show_review, self._on_error)

    # -- status changes -----------------------------------------------------------------------------------

    def refusals(self, target: ReviewStatus) -> list[str]:
        if self.row is None:
            return [self.tr("The review is still loading.")]
        unowned = sum(1 for i in self.items.model.rows()
                      if ActionStatus(i.status).is_active and (i.owner_id is None or i.due_date is None))
        return review_refusals(ReviewStatus(self.row.status), target, self.content(), unowned)

    @Slot()
    def _update_buttons(self) -> None:
        row = self.row
        editable = row is not None and row.editable
        self.save_button.setEnabled(editable)
        self.save_button.setToolTip(self.save_button.toolTip() if editable else
                                    self.tr("A published review is read-only"))
        for button, target in ((self.submit_button, ReviewStatus.IN_REVIEW), (self.draft_button, ReviewStatus.DRAFT),
                               (self.publish_button, ReviewStatus.PUBLISHED)):
            reasons = self.refusals(target)
            button.setEnabled(not reasons)
            button.setToolTip("\n".join(reasons) if reasons else "")
        self.draft_button.setVisible(row is not None and row.status == ReviewStatus.IN_REVIEW.value)
        self.submit_button.setVisible(row is not None and row.status == ReviewStatus.DRAFT.value)
        self.publish_button.setVisible(row is not None and row.editable)
        self.revision_button.setVisible(row is not None and not row.editable)
        self.export_button.setEnabled(row is not None)

    def move_to(self, target: ReviewStatus) -> None:
        """Save pending edits and change status in one job, so nothing typed is lost on the way."""
        if self.row is None:
            return
        self.autosave.stop()
        rid, version, dirty, content = self.row.id, self.row.version, self._dirty, self.content()
        reviews = self.services.reviews
        step: Callable[[int, int | None], Result[ReviewRow]] = {
            ReviewStatus.IN_REVIEW: reviews.submit, ReviewStatus.DRAFT: reviews.return_to_draft,
            ReviewStatus.PUBLISHED: reviews.publish}[target]

        def job() -> Result[ReviewRow]:
            v = reviews.save_draft(rid, content, version).value.version if dirty else version
            return step(rid, v)

        self.runner.mutate(job, self._moved, self._on_error)

    @Slot()
    def new_revision(self) -> None:
        iid = self.incident_id
        self.runner.mutate(lambda: self.services.reviews.new_revision(iid), self._moved, self._on_error)

    def _moved(self, row: ReviewRow) -> None:
        self.show_review(row)
        self.review_moved.emit(row)

    @Slot()
    def _refresh_timeline(self) -> None:
        iid = self.incident_id

        def merge(generated: list) -> None:  # type: ignore[type-arg]
            added = self.timeline.merge(generated)
            self._set_state(self.tr("%1 entries added from the record").replace("%1", str(added)) if added
                            else self.tr("The timeline already has every entry from the record"))

        self.runner.run(lambda: self.services.reviews.generated_timeline(iid), merge, self._on_error)

    # -- export -------------------------------------------------------------------------------------------

    def export(self, path: str | Path, on_done: Callable[[Path], None] | None = None) -> None:
        """Save first, then write the stored review (what was exported is what is in the store)."""
        from app.export.review import write_review

        self.save()
        target = Path(path)
        fmt = target.suffix.lstrip(".").lower() or "md"
        fmt = fmt if fmt in ("md", "html", "pdf") else "md"
        iid = self.incident_id

        def job() -> Path:
            row = self.services.reviews.get(iid)
            assert row is not None
            return write_review(row, fmt, target)

        def done(p: Path) -> None:
            self._set_state(self.tr("Exported to %1").replace("%1", str(p)))
            if on_done is not None:
                on_done(p)

        self.runner.run(job, done, self._on_error)

    @Slot()
    def _on_export(self) -> None:
        if self.row is None:
            return
        path = self.export_path(self, f"{self.row.incident_number}-review.pdf")
        if path:
            self.export(path)

    # -- errors and closing -------------------------------------------------------------------------------

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            QMessageBox.warning(self, self.tr("Post-incident review"), str(exc))
        else:
            log.error("review editor: %r", exc)
            QMessageBox.critical(self, self.tr("Post-incident review"),
                                 self.tr("Something went wrong: %1").replace("%1", repr(exc)))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Unsaved edits are saved on the way out; the job holds no reference to this window."""
        self.autosave.stop()
        if self.row is not None and self._dirty and self.row.editable:
            rid, version, content = self.row.id, self.row.version, self.content()
            reviews, runner = self.services.reviews, self.runner
            runner.mutate(lambda: reviews.save_draft(rid, content, version), None,
                          lambda exc: log.error("review autosave on close failed: %r", exc))
            self._set_dirty(False)
        super().closeEvent(event)
