"""Logging wizard, page 3: similar open and recently resolved incidents; log new, duplicate, or add caller."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.services.app import Services
from app.services.dto import IncidentDetail
from app.services.similar import SimilarIncident
from app.ui.formatting import local, status_label
from app.ui.models.similar_table_model import SimilarColumn, SimilarTableModel
from app.ui.runner import Runner
from app.ui.wizards.alive import if_alive
from app.ui.wizards.page_ids import NextStep, PageId


class SimilarPage(QWizardPage):
    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.setTitle(self.tr("Similar incidents"))
        self.setSubTitle(self.tr("Open and recently resolved incidents that match the title and description. "
                                 "Is this one of them?"))
        self.model = SimilarTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SimilarColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SimilarColumn.RESOLUTION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((SimilarColumn.NUMBER, 96), (SimilarColumn.PRIORITY, 60), (SimilarColumn.STATUS, 90)):
            self.table.setColumnWidth(col, width)
        caption = QLabel(self.tr("Si&milar incidents:"), self)
        caption.setBuddy(self.table)
        self.state = QLabel(self)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText(self.tr("Select an incident to see its description and resolution."))
        self.log_new = QRadioButton(self.tr("&Log a new incident"), self)
        self.duplicate = QRadioButton(self.tr("Log it as a d&uplicate of the selected open incident (logged as "
                                              "cancelled, with a link)"), self)
        self.add_caller = QRadioButton(self.tr("&Add the caller to the selected open incident (no new incident)"),
                                       self)
        self.choice = QButtonGroup(self)
        for step, button in ((NextStep.LOG_NEW, self.log_new), (NextStep.DUPLICATE, self.duplicate),
                             (NextStep.ADD_CALLER, self.add_caller)):
            self.choice.addButton(button, int(step))
        self.log_new.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.state)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.log_new)
        layout.addWidget(self.duplicate)
        layout.addWidget(self.add_caller)
        self._detail: IncidentDetail | None = None
        self._searching = False
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self._on_current()

    # -- rows -------------------------------------------------------------------------------------

    def set_searching(self) -> None:
        self._searching = True
        self.state.setText(self.tr("Looking for similar incidents…"))

    def set_rows(self, rows: list[SimilarIncident]) -> None:
        chosen = self.selected()
        self._searching = False
        self.model.set_rows(rows)
        self.state.setText(self.tr("No open or recently resolved incident matches.") if not rows else
                           self.tr("%1 matches, best first.").replace("%1", str(len(rows))))
        if chosen is not None:
            for r in range(self.model.rowCount()):
                if self.model.row_at(r).id == chosen.id:  # type: ignore[union-attr]
                    self.table.selectRow(r)
                    break
        self._on_current()

    def selected(self) -> SimilarIncident | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def select_number(self, number: str) -> bool:
        for r in range(self.model.rowCount()):
            if self.model.row_at(r).number == number:  # type: ignore[union-attr]
                self.table.selectRow(r)
                return True
        return False

    @Slot()
    def _on_current(self) -> None:
        row = self.selected()
        usable = row is not None and row.is_open
        why = "" if usable else (self.tr("Select an incident in the list first.") if row is None else
                                 self.tr("%1 is %2; only an open incident can take duplicates or callers.")
                                 .replace("%1", row.number).replace("%2", status_label(row.status)))
        for button in (self.duplicate, self.add_caller):
            button.setEnabled(usable)
            button.setToolTip(why)
        if not usable and not self.log_new.isChecked():
            self.log_new.setChecked(True)
        self._detail = None
        if row is None:
            self.preview.clear()
            return
        self.preview.setHtml(self._html(row, None))
        show = if_alive(self, lambda d: self._show_detail(row, d))
        self.runner.run(lambda: self.services.incidents.get(row.id), show, lambda _exc: None)

    def _show_detail(self, row: SimilarIncident, detail: IncidentDetail) -> None:
        if self.selected() is row:
            self._detail = detail
            self.preview.setHtml(self._html(row, detail))

    def _html(self, row: SimilarIncident, d: IncidentDetail | None) -> str:
        parts = [f"<b>{escape(row.number)}</b> P{row.priority} · {escape(status_label(row.status))} · "
                 f"{escape(self.tr('logged'))} {escape(local(row.logged_at))}<br><b>{escape(row.title)}</b>"]
        if d is not None:
            if d.description:
                parts.append(escape(d.description).replace("\n", "<br>"))
            if d.group:
                parts.append(f"<i>{escape(self.tr('Assigned to'))}:</i> {escape(d.group.name)}"
                             + (f" / {escape(d.assignee.name)}" if d.assignee else ""))
            if d.resolution_notes or d.resolution_code:
                parts.append(f"<i>{escape(self.tr('Resolution'))}:</i> {escape(d.resolution_code or '')} "
                             f"{escape(d.resolution_notes or '')}")
        return "<p>" + "</p><p>".join(parts) + "</p>"

    # -- choice -----------------------------------------------------------------------------------

    def step(self) -> NextStep:
        return NextStep(self.choice.checkedId())

    def target(self) -> SimilarIncident | None:
        """The incident chosen for a duplicate or an added caller."""
        return self.selected() if self.step() is not NextStep.LOG_NEW else None

    def validatePage(self) -> bool:
        if self.step() is not NextStep.LOG_NEW and (self.selected() is None or not self.selected().is_open):  # type: ignore[union-attr]
            self.state.setText(self.tr("Select an open incident first, or choose 'Log a new incident'."))
            return False
        return True

    def nextId(self) -> int:
        return int(PageId.SUMMARY if self.step() is not NextStep.LOG_NEW else PageId.CATEGORIZE)
