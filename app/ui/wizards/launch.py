"""Opening the wizards and the settings dialog: read what they show off the GUI thread, then show them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.services.app import Services
from app.services.dto import IncidentDetail
from app.services.settings import SettingsSnapshot
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive


def open_logging(parent: QWidget, services: Services, runner: Runner, on_logged: Callable[[int], None]) -> None:
    from app.ui.wizards.logging_wizard import LoggingWizard

    def show(snapshot: SettingsSnapshot) -> None:
        wizard = LoggingWizard(services, runner, snapshot, parent)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.incident_logged.connect(on_logged)
        wizard.open()

    runner.run(services.settings.snapshot, if_alive(parent, show))


def open_categorization(parent: QWidget, services: Services, runner: Runner, incident_id: int,
                        on_done: Callable[[int], None]) -> None:
    from app.ui.wizards.categorization_wizard import CategorizationWizard

    def show(loaded: tuple[SettingsSnapshot, IncidentDetail]) -> None:
        wizard = CategorizationWizard(services, runner, loaded[0], loaded[1], parent)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.incident_categorized.connect(on_done)
        wizard.open()

    runner.run(lambda: (services.settings.snapshot(), services.incidents.get(incident_id)), if_alive(parent, show))


def open_settings(parent: QWidget, services: Services, runner: Runner) -> None:
    from app.ui.dialogs.settings.settings_dialog import SettingsDialog

    def show(snapshot: SettingsSnapshot) -> None:
        dialog = SettingsDialog(services, runner, snapshot, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    runner.run(services.settings.snapshot, if_alive(parent, show))
