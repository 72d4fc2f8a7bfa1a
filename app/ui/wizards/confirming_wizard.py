"""Base of the wizards: asks before discarding entered data, saves through one service call on Finish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from app.domain.errors import ValidationError
from app.services.changes import Result
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive


class ConfirmingWizard(QWizard):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.saving = False
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)

    @classmethod
    def ask(cls, parent: QWidget, question: str) -> bool:
        """Yes/no question; tests replace this classmethod."""
        answer = QMessageBox.question(parent, parent.windowTitle(), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def has_input(self) -> bool:
        raise NotImplementedError

    def reject(self) -> None:
        if self.saving:
            return  # the service call is under way; its answer decides
        if self.has_input() and not type(self).ask(self, self.tr("Discard what you have entered?")):
            return
        super().reject()

    def save(self, fn: Callable[[], Result[Any]], on_saved: Callable[[Any], None]) -> None:
        """Runs the one service call off the GUI thread; the wizard closes only when it succeeded."""
        if self.saving:
            return
        self.saving = True
        self._enable_buttons(False)

        def done(value: Any) -> None:
            self.saving = False
            self._enable_buttons(True)
            on_saved(value)
            QWizard.accept(self)

        def failed(exc: BaseException) -> None:
            self.saving = False
            self._enable_buttons(True)
            self.show_failure(exc)

        self.runner.mutate(fn, if_alive(self, done), if_alive(self, failed))

    def show_failure(self, exc: BaseException) -> None:
        raise NotImplementedError

    def _enable_buttons(self, on: bool) -> None:
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(on)

    @staticmethod
    def field_of(exc: BaseException) -> str | None:
        return exc.field if isinstance(exc, ValidationError) else None
