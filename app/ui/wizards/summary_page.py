"""Logging wizard, last page: everything entered, the priority and the SLA due times, before Finish."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget, QWizardPage

from app.ui.wizards.field_message import FieldMessage


def html_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td style='padding:2px 12px 2px 0; white-space:nowrap' valign='top'><b>{escape(k)}</b></td>"
        f"<td style='padding:2px 0'>{escape(v).replace(chr(10), '<br>')}</td></tr>"
        for k, v in rows
    )
    return f"<table cellspacing='0'>{cells}</table>"


class SummaryPage(QWizardPage):
    def __init__(self, rows: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setTitle(self.tr("Summary"))
        self.setSubTitle(self.tr("Check what will be recorded. Nothing is saved until you press Finish."))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.error = FieldMessage(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.error.clear()
        self.browser.setHtml(html_table(self._rows()))

    def text(self) -> str:
        return self.browser.toPlainText()
