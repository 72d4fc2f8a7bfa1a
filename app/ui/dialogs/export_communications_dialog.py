"""Export dialog for the communication log: scope, filters, format and file; runs as a cancellable long job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.communication import Audience, Channel, CommQuery, Direction
from app.export.communications import ExportFormat, ExportSummary, export_query
from app.services.app import Services
from app.services.jobs import JobControl
from app.ui.combos import filter_combo
from app.ui.dialogs.progress import LongJob

FORMAT_LABELS = {ExportFormat.CSV: "CSV (spreadsheet)", ExportFormat.MD: "Markdown", ExportFormat.HTML: "HTML",
                 ExportFormat.PDF: "PDF"}


@dataclass(frozen=True)
class ExportRequest:
    query: CommQuery
    format: ExportFormat
    path: Path


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time()).astimezone()


class ExportCommunicationsDialog(QDialog):
    def __init__(self, incident: tuple[int, str] | None = None, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident = incident
        self.setWindowTitle(self.tr("Export communication log"))
        today = today or date.today()
        self.scope_incident = QRadioButton(self)
        self.scope_range = QRadioButton(self.tr("All incidents, sent between"), self)
        if incident is not None:
            self.scope_incident.setText(self.tr("Incident %1 (all its entries)").replace("%1", incident[1]))
            self.scope_incident.setChecked(True)
        else:
            self.scope_incident.hide()
            self.scope_range.setChecked(True)
        self.date_from = QDateEdit(QDate(today.year, today.month, 1), self)
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day), self)
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        range_row = QHBoxLayout()
        range_row.addWidget(self.scope_range)
        range_row.addWidget(self.date_from)
        and_label = QLabel(self.tr("and"), self)
        range_row.addWidget(and_label)
        range_row.addWidget(self.date_to)
        range_row.addStretch(1)
        self.audience = filter_combo(self, self.tr("All audiences"), Audience)
        self.channel = filter_combo(self, self.tr("All channels"), Channel)
        self.direction = QComboBox(self)
        self.direction.addItem(self.tr("Outgoing and incoming"), None)
        for d in Direction:
            self.direction.addItem(self.tr(d.label + " only"), d.value)
        self.format = QComboBox(self)
        for f, label in FORMAT_LABELS.items():
            self.format.addItem(self.tr(label), f.value)
        self.path = QLineEdit(self)
        self.path.setMinimumWidth(380)
        browse = QPushButton(self.tr("&Browse…"), self)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        if incident is not None:
            form.addRow(self.tr("Scope:"), self.scope_incident)
            form.addRow("", range_row)
        else:
            form.addRow(self.tr("Scope:"), range_row)
        form.addRow(self.tr("A&udience:"), self.audience)
        form.addRow(self.tr("C&hannel:"), self.channel)
        form.addRow(self.tr("&Direction:"), self.direction)
        form.addRow(self.tr("&Format:"), self.format)
        file_label = QLabel(self.tr("F&ile:"), self)
        file_label.setBuddy(self.path)  # the row is a layout, so the form cannot set the buddy itself
        form.addRow(file_label, file_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        browse.clicked.connect(self._browse)
        self.format.currentIndexChanged.connect(self._on_format)
        self.scope_range.toggled.connect(self._on_scope)
        self.path.setText(str(self._default_folder() / self._default_name()))
        self._on_scope()

    @staticmethod
    def _default_folder() -> Path:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs or Path.home())

    def _default_name(self) -> str:
        fmt = ExportFormat(self.format.currentData())
        stem = f"communications-{self.incident[1]}" if self.incident and self.scope_incident.isChecked() \
            else f"communications-{self.date_from.date().toString('yyyy-MM-dd')}" \
                 f"-to-{self.date_to.date().toString('yyyy-MM-dd')}"
        return stem + fmt.suffix

    @Slot()
    def _on_scope(self) -> None:
        ranged = self.scope_range.isChecked()
        self.date_from.setEnabled(ranged)
        self.date_to.setEnabled(ranged)
        self._rename()

    @Slot()
    def _on_format(self) -> None:
        self._rename()

    def _rename(self) -> None:
        current = Path(self.path.text() or self._default_folder())
        folder = current.parent if current.suffix else current
        self.path.setText(str(folder / self._default_name()))

    @Slot()
    def _browse(self) -> None:
        fmt = ExportFormat(self.format.currentData())
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(),
                                                f"{FORMAT_LABELS[fmt]} (*{fmt.suffix})")
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(fmt.suffix) else chosen + fmt.suffix)

    def request(self) -> ExportRequest:
        """The export to run; raises ValueError with a message when the input cannot work."""
        text = self.path.text().strip()
        if not text:
            raise ValueError(self.tr("Choose the file to write."))
        path = Path(text).expanduser()
        if path.is_dir():
            raise ValueError(self.tr("%1 is a folder; give a file name.").replace("%1", str(path)))
        audience, channel = self.audience.currentData(), self.channel.currentData()
        common = {"audiences": (audience,) if audience else (), "channels": (channel,) if channel else (),
                  "direction": self.direction.currentData()}
        if self.incident is not None and self.scope_incident.isChecked():
            q = CommQuery(incident_ids=(self.incident[0],), incident_numbers=(self.incident[1],), **common)
        else:
            start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
            if end < start:
                raise ValueError(self.tr("The end date is before the start date."))
            q = CommQuery(sent_from=_day_start(start), sent_to=_day_start(end + timedelta(days=1)), **common)
        return ExportRequest(q, ExportFormat(self.format.currentData()), path)

    def accept(self) -> None:
        try:
            self.request()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, incident: tuple[int, str] | None = None) -> ExportRequest | None:
        dlg = cls(incident, parent=parent)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        req = dlg.request() if ok else None
        dlg.deleteLater()
        return req

    @classmethod
    def run_for(cls, parent: QWidget, services: Services, incident: tuple[int, str] | None = None) -> LongJob | None:
        """Ask, then export on a worker with progress and Cancel; a cancelled export leaves no file."""
        req = cls.ask(parent, incident)
        if req is None:
            return None
        return start_export(parent, services, req)


def start_export(parent: QWidget, services: Services, req: ExportRequest, show_dialog: bool = True) -> LongJob:
    def work(control: JobControl) -> ExportSummary:
        return export_query(services.communications, req.query, req.format, req.path, control)

    job = LongJob(work, parent.tr("Exporting communication log…"), parent, show_dialog=show_dialog)

    def done(summary: ExportSummary) -> None:
        pages = parent.tr(", %1 pages").replace("%1", str(summary.pages)) if summary.pages else ""
        QMessageBox.information(parent, parent.tr("Export finished"),
                                parent.tr("Wrote %1 entries%2 to\n%3").replace("%1", f"{summary.rows:,}")
                                .replace("%2", pages).replace("%3", str(summary.path)))

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(parent, parent.tr("Export failed"),
                            parent.tr("Nothing was written: %1").replace("%1", str(exc)))

    if show_dialog:
        job.finished.connect(done)
        job.failed.connect(failed)
    job.start()
    return job
