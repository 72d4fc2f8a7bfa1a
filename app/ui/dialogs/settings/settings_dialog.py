"""Process settings dialog: a page list on the left, the page on the right, OK / Apply / Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.process import ProcessSettings
from app.services.app import Services
from app.services.settings import SettingsSnapshot
from app.ui.dialogs.settings import page_classes
from app.ui.dialogs.settings.base import SettingsPage
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive
from app.ui.wizards.field_message import FieldMessage


class SettingsDialog(QDialog):
    settings_saved = Signal()
    snapshot_loaded = Signal()

    def __init__(self, services: Services, runner: Runner, snapshot: SettingsSnapshot,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.snapshot = snapshot
        self.saving = False
        self.setWindowTitle(self.tr("Process settings"))
        self.nav = QListWidget(self)
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget(self)
        self.pages: list[SettingsPage] = []
        for cls in page_classes():
            page = cls(services, runner, self)
            self.pages.append(page)
            self.nav.addItem(page.title())
            self.stack.addWidget(page)
            page.catalogue_changed.connect(self.reload)
        self.banner = FieldMessage(self)
        self.error = FieldMessage(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel, self)
        main = QHBoxLayout()
        main.addWidget(self.nav)
        main.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(main, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.buttons.accepted.connect(lambda: self.apply(close=True))
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(lambda: self.apply(close=False))
        self.load(snapshot)
        self.nav.setCurrentRow(0)
        self.resize(960, 640)

    @classmethod
    def ask(cls, parent: QWidget, question: str) -> bool:
        """Yes/no question; tests replace this classmethod."""
        return QMessageBox.question(parent, parent.windowTitle(), question) == QMessageBox.StandardButton.Yes

    def page(self, cls: type[SettingsPage]) -> SettingsPage:
        return next(p for p in self.pages if isinstance(p, cls))

    def show_page(self, page: SettingsPage) -> None:
        self.nav.setCurrentRow(self.pages.index(page))

    # -- loading ----------------------------------------------------------------------------------

    def load(self, snapshot: SettingsSnapshot) -> None:
        self.snapshot = snapshot
        for page in self.pages:
            page.load(snapshot)
            page.setEnabled(snapshot.can_edit)
        if snapshot.can_edit:
            self.banner.clear()
        else:
            self.banner.show_error(self.tr("Read only: %1").replace("%1", snapshot.why_read_only))
        for which in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Apply):
            self.buttons.button(which).setEnabled(snapshot.can_edit)
            self.buttons.button(which).setToolTip("" if snapshot.can_edit else snapshot.why_read_only)
        self.snapshot_loaded.emit()

    @Slot()
    def reload(self) -> None:
        """After a catalogue edit: reread, but keep unsaved matrix/SLA/calendar edits on screen."""
        try:
            pending = self.pending()
        except ValidationError:
            pending = None

        def loaded(snapshot: SettingsSnapshot) -> None:
            self.load(snapshot)
            if pending is not None and pending.to_json() != snapshot.process.to_json():
                for page in self.pages:
                    if not page.saves_immediately():
                        page.load(SettingsSnapshot(pending, snapshot.categories, snapshot.services, snapshot.groups,
                                                   snapshot.can_edit, snapshot.why_read_only))

        self.runner.run(self.services.settings.snapshot, if_alive(self, loaded))

    # -- saving -----------------------------------------------------------------------------------

    def pending(self) -> ProcessSettings:
        settings = self.snapshot.process
        for page in self.pages:
            settings = page.contribute(settings)
        return settings

    def has_changes(self) -> bool:
        try:
            return self.pending().to_json() != self.snapshot.process.to_json()
        except ValidationError:
            return True

    def apply(self, close: bool) -> None:
        if self.saving:
            return
        self.error.clear()
        for page in self.pages:
            page.message.clear()
        settings = self.snapshot.process
        for page in self.pages:
            try:
                settings = page.contribute(settings)
            except ValidationError as exc:
                self.show_page(page)
                page.message.show_error(str(exc))
                return
        if settings.to_json() == self.snapshot.process.to_json():
            if close:
                self.accept()
            return
        self.saving = True

        def done(saved: ProcessSettings) -> None:
            self.saving = False
            self.settings_saved.emit()
            if close:
                self.accept()
            else:
                self.reload()

        def failed(exc: BaseException) -> None:
            self.saving = False
            self.error.show_error(str(exc))

        self.runner.mutate(lambda: self.services.settings.save(settings), if_alive(self, done),
                           if_alive(self, failed))

    def reject(self) -> None:
        if self.saving:
            return
        if self.has_changes() and not type(self).ask(self, self.tr("Discard the unsaved settings changes?")):
            return
        super().reject()
