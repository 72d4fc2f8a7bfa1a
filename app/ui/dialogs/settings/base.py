"""Base of a settings page: shows the snapshot, contributes to ProcessSettings or edits the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.process import ProcessSettings
from app.services.app import Services
from app.services.changes import Result
from app.services.settings import SettingsSnapshot
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive
from app.ui.wizards.field_message import FieldMessage


class SettingsPage(QWidget):
    """Pages that edit process settings override `contribute`; catalogue pages save each edit at once."""

    catalogue_changed = Signal()

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.snapshot: SettingsSnapshot | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.body = QVBoxLayout()
        self.message = FieldMessage(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.heading)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.message)

    def title(self) -> str:
        raise NotImplementedError

    def load(self, snapshot: SettingsSnapshot) -> None:
        self.snapshot = snapshot

    def contribute(self, settings: ProcessSettings) -> ProcessSettings:
        """The settings with this page's edits applied; raises ValidationError for bad input."""
        return settings

    def saves_immediately(self) -> bool:
        return False

    def run(self, fn: Callable[[], Result[Any]]) -> None:
        """One catalogue edit through the runner; the dialog reloads the snapshot when it is done."""
        self.message.clear()
        self.runner.mutate(fn, if_alive(self, lambda _v: self.catalogue_changed.emit()),
                           if_alive(self, lambda exc: self.message.show_error(str(exc))))
