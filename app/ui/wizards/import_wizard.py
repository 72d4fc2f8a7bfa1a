"""Import wizard: file -> format -> column mapping -> value maps -> preview -> dry run -> import with progress.

Nothing is written until the last page's Import (accept), which makes one service call in a LongJob (it may
first save the mapping as a named profile, if the user asked for that).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.enums import HoldReason, Source, Status
from app.ingest.csv_import.detect import DATE_FORMATS, FileSniff
from app.ingest.csv_import.importer import ImportSummary
from app.ingest.csv_import.mapping import FIELD_BY_KEY, FIELDS, Mapping, Shape
from app.ingest.csv_import.values import pretty_format
from app.services.app import Services
from app.ui.delegates.choice_delegate import ChoiceDelegate
from app.ui.dialogs.progress import LongJob
from app.ui.models.import_models import (
    ColumnMappingModel,
    IssueModel,
    MapColumn,
    PreviewModel,
    SampleRowsModel,
    ValueColumn,
    ValueMapModel,
)
from app.ui.runner import Runner

NEW_MAPPING = ""
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")
DELIMITERS = (("auto", "Detect"), (",", "Comma ,"), (";", "Semicolon ;"), ("\t", "Tab"), ("|", "Pipe |"))
VALUE_FIELDS = ("status", "hold_reason", "priority", "impact", "urgency", "source", "closure_code",
                "resolution_code", "sla_met")


def _table(parent: QWidget, model: Any, stretch_last: bool = True) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


def _fixed_font_text(parent: QWidget) -> QPlainTextEdit:
    text = QPlainTextEdit(parent)
    text.setReadOnly(True)
    text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    return text


class ImportWizard(QWizard):
    """Holds the state every page edits: the file, what was sniffed, and the mapping being built."""

    PAGE_FILE, PAGE_FORMAT, PAGE_COLUMNS, PAGE_VALUES, PAGE_PREVIEW, PAGE_DRY_RUN, PAGE_IMPORT = range(7)
    sniffed_changed = Signal()
    import_finished = Signal(object)  # ImportSummary
    import_failed = Signal(object)  # exception

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.path: Path | None = None
        self.sniffed: FileSniff | None = None
        self.mapping = Mapping()
        self.summary: ImportSummary | None = None
        self.job: LongJob | None = None
        self.setWindowTitle(self.tr("Import incidents from CSV"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Import"))
        self.file_page = FilePage(self)
        self.format_page = FormatPage(self)
        self.columns_page = ColumnsPage(self)
        self.values_page = ValuesPage(self)
        self.preview_page = PreviewPage(self)
        self.dry_run_page = DryRunPage(self)
        self.import_page = ImportPage(self)
        for pid, page in enumerate((self.file_page, self.format_page, self.columns_page, self.values_page,
                                    self.preview_page, self.dry_run_page, self.import_page)):
            self.setPage(pid, page)
        self.resize(1100, 720)

    @classmethod
    def ask(cls, services: Services, runner: Runner, parent: QWidget | None = None) -> ImportSummary | None:
        wizard = cls(services, runner, parent)
        wizard.exec()
        return wizard.summary

    # -- shared state -----------------------------------------------------------------------------

    def set_mapping(self, mapping: Mapping) -> None:
        self.mapping = mapping

    def sniff(self) -> None:
        """Re-read the file's sample with the mapping's encoding/delimiter (off the GUI thread)."""
        if self.path is None:
            return
        path, m = self.path, self.mapping
        enc = None if m.encoding == "auto" else m.encoding
        delim = None if m.delimiter == "auto" else m.delimiter
        self.sniffed = None
        self.sniffed_changed.emit()
        self.runner.run(lambda: self.services.imports.sniff(path, enc, delim), self._sniffed, self._sniff_failed)

    def _sniffed(self, result: FileSniff) -> None:
        if self.path is None or result.path != self.path:
            return  # an older request
        self.sniffed = result
        self.file_page.show_detection(result, None)
        self.sniffed_changed.emit()

    def _sniff_failed(self, exc: BaseException) -> None:
        self.sniffed = None
        self.file_page.show_detection(None, str(exc))
        self.sniffed_changed.emit()

    def effective_mapping(self) -> Mapping:
        """The mapping with the detected date format filled in where it says 'auto'."""
        m = self.mapping
        if m.date_format == "auto" and self.sniffed is not None and self.sniffed.date_format:
            m = replace(m, date_format=self.sniffed.date_format)
        return m

    # -- import -----------------------------------------------------------------------------------

    def accept(self) -> None:
        if self.summary is not None:
            super().accept()
            return
        if self.job is not None or self.path is None:
            return
        path, mapping = self.path, self.effective_mapping()
        all_or_nothing = self.import_page.all_or_nothing.isChecked()
        save_as = self.import_page.profile_name.text().strip() or None
        imports = self.services.imports
        self.job = LongJob(lambda control: imports.run(path, mapping, control, all_or_nothing=all_or_nothing,
                                                       save_profile_as=save_as),
                           self.tr("Importing incidents…"), self)
        self.job.finished.connect(self._imported)
        self.job.failed.connect(self._import_failed)
        self.job.cancelled.connect(self._import_cancelled)
        self.import_page.set_running(True)
        self.job.start()

    @Slot(object)
    def _imported(self, result: Any) -> None:
        self.job = None
        self.summary = result.value
        self.runner.announce(result.changes)
        self.import_page.show_summary(self.summary)
        self.import_finished.emit(self.summary)

    @Slot(object)
    def _import_failed(self, exc: BaseException) -> None:
        self.job = None
        self.import_page.set_running(False)
        self.import_page.show_error(str(exc))
        self.import_failed.emit(exc)

    @Slot()
    def _import_cancelled(self) -> None:
        self.job = None
        self.import_page.set_running(False)
        self.import_page.show_error(self.tr("Cancelled while reading the file: nothing was written."))


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Choose the file and a mapping"))
        self.setSubTitle(self.tr("A CSV export of another tool (optionally .gz). Choose a preset or a saved "
                                 "profile, or start a new mapping."))
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("Path of the CSV file"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.profile = QComboBox(self)
        self.profile.setToolTip(self.tr("Presets and saved profiles fill in the whole mapping"))
        load = QPushButton(self.tr("&Load mapping file…"), self)
        load.setToolTip(self.tr("Read a mapping JSON file (see docs/import.md)"))
        load.clicked.connect(self._load_file)
        prow = QHBoxLayout()
        prow.addWidget(self.profile, 1)
        prow.addWidget(load)
        self.detection = QLabel(self)
        self.detection.setWordWrap(True)
        self.detection.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self)
        form.addRow(self.tr("&File:"), row)
        form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.path_edit)
        form.addRow(self.tr("&Mapping:"), prow)
        form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.profile)
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.about)
        form.addRow(self.tr("Detected:"), self.detection)
        self.path_edit.editingFinished.connect(self._path_edited)
        self.profile.activated.connect(self._profile_chosen)
        wizard.sniffed_changed.connect(self.completeChanged)
        self._load_profiles()

    def _load_profiles(self) -> None:
        self.w.runner.run(self.w.services.imports.profile_names, self._fill_profiles)

    def _fill_profiles(self, names: list[str]) -> None:
        self.profile.clear()
        self.profile.addItem(self.tr("(new mapping)"), NEW_MAPPING)
        for name in names:
            self.profile.addItem(name, name)

    def set_path(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))
        self._path_edited()

    def choose_profile(self, name: str) -> None:
        pos = self.profile.findData(name)
        if pos >= 0:
            self.profile.setCurrentIndex(pos)
            self._profile_chosen(pos)

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a CSV export"), "",
                                              self.tr("CSV files (*.csv *.csv.gz *.txt *.gz);;All files (*)"))
        if path:
            self.set_path(path)

    @Slot()
    def _path_edited(self) -> None:
        text = self.path_edit.text().strip()
        path = Path(text) if text else None
        if path == self.w.path and self.w.sniffed is not None:
            return
        self.w.path = path
        if path is None or not path.is_file():
            self.w.sniffed = None
            self.show_detection(None, self.tr("There is no file %1.").replace("%1", text) if text else "")
            self.completeChanged.emit()
            return
        self.detection.setText(self.tr("Reading…"))
        self.w.sniff()

    @Slot(int)
    def _profile_chosen(self, pos: int) -> None:
        name = self.profile.itemData(pos)
        if not name:
            self.w.set_mapping(Mapping())
            self.w.sniff()
            return
        self.w.runner.run(lambda: self.w.services.imports.profile(name), self._profile_loaded)

    def _profile_loaded(self, mapping: Mapping) -> None:
        self.w.set_mapping(mapping)
        self.show_mapping(mapping)
        self.w.sniff()

    def show_mapping(self, mapping: Mapping) -> None:
        kind = self.tr("Built-in preset") if mapping.builtin else self.tr("Mapping")
        text = f"{kind}: {mapping.shape.label}. {mapping.description}".strip() if mapping.columns else ""
        self.about.setText(text)

    @Slot()
    def _load_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load a mapping file"), "",
                                              self.tr("Mapping files (*.json);;All files (*)"))
        if path:
            self.load_mapping_file(Path(path))

    def load_mapping_file(self, path: Path) -> None:
        try:
            mapping = Mapping.load(path)
        except Exception as exc:  # noqa: BLE001 - the reason is shown on the page
            self.detection.setText(str(exc))
            return
        self.profile.setCurrentIndex(0)
        self.w.set_mapping(mapping)
        self.show_mapping(mapping)
        self.w.sniff()

    def show_detection(self, s: FileSniff | None, error: str | None) -> None:
        if s is None:
            self.detection.setText(error or "")
            return
        fmt = pretty_format(s.date_format) if s.date_format else self.tr("no dates found")
        self.detection.setText(self.tr("%1%2 · delimiter %3 · %4 columns · dates %5").replace(
            "%1", s.encoding_note).replace("%2", " · gzip" if s.compressed else "").replace(
            "%3", repr(s.delimiter)).replace("%4", str(len(s.header))).replace("%5", fmt))

    def isComplete(self) -> bool:
        return self.w.sniffed is not None and bool(self.w.sniffed.header)


class FormatPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("File format"))
        self.setSubTitle(self.tr("Check what was detected; change it if the sample below looks wrong."))
        self.encoding = QComboBox(self)
        self.encoding.setEditable(True)
        self.encoding.addItems(ENCODINGS)
        self.delimiter = QComboBox(self)
        for value, text in DELIMITERS:
            self.delimiter.addItem(self.tr(text), value)
        self.date_format = QComboBox(self)
        self.date_format.setEditable(True)
        self.date_format.addItem("auto")
        self.date_format.addItems(DATE_FORMATS)
        self.date_format.setToolTip(self.tr("strptime format, e.g. %d/%m/%Y %H:%M"))
        self.timezone = QLineEdit(self)
        self.timezone.setToolTip(self.tr("Zone of the file's times, e.g. UTC or Europe/Berlin; stored as UTC"))
        self.empty = QLineEdit(self)
        self.empty.setToolTip(self.tr("Cell texts that mean 'no value', separated by spaces, e.g. ? N/A"))
        self.shape_one = QRadioButton(self.tr(Shape.INCIDENT_PER_ROW.label), self)
        self.shape_log = QRadioButton(self.tr(Shape.EVENT_LOG.label), self)
        self.shapes = QButtonGroup(self)
        self.shapes.addButton(self.shape_one)
        self.shapes.addButton(self.shape_log)
        self.sample_model = SampleRowsModel(self)
        self.sample = _table(self, self.sample_model, stretch_last=False)
        for widget in (self.encoding, self.delimiter, self.date_format, self.timezone, self.empty):
            widget.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 24)
        form = QFormLayout()
        for label, widget in ((self.tr("&Encoding:"), self.encoding), (self.tr("&Delimiter:"), self.delimiter),
                              (self.tr("D&ate format:"), self.date_format), (self.tr("&Time zone:"), self.timezone),
                              (self.tr("E&mpty values:"), self.empty)):
            form.addRow(label, widget)
        shape_box = QVBoxLayout()
        shape_box.addWidget(self.shape_one)
        shape_box.addWidget(self.shape_log)
        form.addRow(self.tr("Shape:"), shape_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("First rows as read:"), self))
        layout.addWidget(self.sample, 1)
        self.encoding.activated.connect(self._reread)
        self.delimiter.activated.connect(self._reread)
        wizard.sniffed_changed.connect(self._show_sample)

    def initializePage(self) -> None:
        m = self.w.mapping
        self.encoding.setCurrentText(m.encoding)
        self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(m.delimiter)))
        fmt = m.date_format
        self.date_format.setCurrentText(fmt if fmt != "auto" or self.w.sniffed is None
                                        else (self.w.sniffed.date_format or "auto"))
        self.timezone.setText(m.timezone)
        self.empty.setText(" ".join(v for v in m.empty_values if v))
        (self.shape_log if m.shape is Shape.EVENT_LOG else self.shape_one).setChecked(True)
        self._show_sample()

    def _collect(self) -> Mapping:
        return replace(self.w.mapping, encoding=self.encoding.currentText().strip() or "auto",
                       delimiter=self.delimiter.currentData(), date_format=self.date_format.currentText().strip()
                       or "auto", timezone=self.timezone.text().strip() or "UTC",
                       empty_values=("", *self.empty.text().split()),
                       shape=Shape.EVENT_LOG if self.shape_log.isChecked() else Shape.INCIDENT_PER_ROW)

    @Slot()
    def _reread(self) -> None:
        self.w.set_mapping(self._collect())
        self.w.sniff()

    @Slot()
    def _show_sample(self) -> None:
        s = self.w.sniffed
        self.sample_model.set_rows(s.header if s else (), s.sample_rows[:50] if s else ())
        self.sample.resizeColumnsToContents()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.sniffed is not None

    def validatePage(self) -> bool:
        mapping = self._collect()
        try:
            ZoneInfo(mapping.timezone)
        except Exception:  # noqa: BLE001 - any failure means the zone name is unusable
            self.timezone.setFocus()
            self.timezone.setToolTip(self.tr("Unknown time zone '%1'").replace("%1", mapping.timezone))
            self.setSubTitle(self.tr("Unknown time zone '%1'.").replace("%1", mapping.timezone))
            return False
        self.w.set_mapping(mapping)
        return True


class ColumnsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Map columns to incident fields"))
        self.setSubTitle(self.tr("Choose which column of the file feeds each field (double-click or F2 to "
                                 "change). Unmapped fields keep their defaults."))
        self.model = ColumnMappingModel(self)
        self.view = _table(self, self.model)
        self.view.setItemDelegateForColumn(MapColumn.SOURCE, ChoiceDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(MapColumn.FIELD, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnWidth(MapColumn.SOURCE, 260)
        self.title_template = QLineEdit(self)
        self.title_template.setPlaceholderText(self.tr("e.g. {u_symptom} ({category} / {subcategory})"))
        self.title_template.setToolTip(self.tr("Builds the title from columns when no title column is mapped"))
        self.prefix = QLineEdit(self)
        self.prefix.setToolTip(self.tr("Prepended to external numbers to keep two tools apart"))
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        export = QPushButton(self.tr("E&xport mapping…"), self)
        export.setToolTip(self.tr("Write this mapping to a JSON file for `incident-desk import csv --mapping`"))
        export.clicked.connect(self._export)
        form = QFormLayout()
        form.addRow(self.tr("&Title template:"), self.title_template)
        form.addRow(self.tr("External number &prefix:"), self.prefix)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(export, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bottom)
        self.model.mapping_changed.connect(self._changed)

    def initializePage(self) -> None:
        s = self.w.sniffed
        header = s.header if s else ()
        first = s.sample_rows[0] if s and s.sample_rows else ()
        self.model.set_fields(FIELDS, self.w.mapping.columns, header, first)
        self.title_template.setText(self.w.mapping.title_template)
        self.prefix.setText(self.w.mapping.external_prefix)
        self._changed()

    def current(self) -> Mapping:
        return replace(self.w.mapping, columns=self.model.mapping(), title_template=self.title_template.text(),
                       external_prefix=self.prefix.text())

    @Slot()
    def _changed(self) -> None:
        s = self.w.sniffed
        problems = self.current().problems(s.header if s else None)
        self.problems.setText("\n".join(problems) if problems else self.tr("The mapping is complete."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        s = self.w.sniffed
        return not self.current().problems(s.header if s else None)

    def validatePage(self) -> bool:
        self.w.set_mapping(self.current())
        return True

    @Slot()
    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the mapping"), "mapping.json",
                                              self.tr("Mapping files (*.json)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self.w.set_mapping(self.current())
        self.w.effective_mapping().save(path)


class ValuesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Map values"))
        self.setSubTitle(self.tr("Translate the file's values (status, priority, source, codes …) into the "
                                 "app's. '(automatic)' reads numbers and known names as they are."))
        self.fields = QListWidget(self)
        self.fields.setMaximumWidth(220)
        self.model = ValueMapModel(self)
        self.view = _table(self, self.model)
        self.view.setItemDelegateForColumn(ValueColumn.TARGET, ChoiceDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setColumnWidth(ValueColumn.SOURCE, 260)
        self.view.setColumnWidth(ValueColumn.TARGET, 260)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        splitter = QSplitter(self)
        splitter.addWidget(self.fields)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        self.fields.currentRowChanged.connect(self._field_chosen)
        self.model.values_changed.connect(self._store)
        self._keys: list[str] = []

    def initializePage(self) -> None:
        m = self.w.mapping
        self._keys = [k for k in VALUE_FIELDS if m.column("status" if k == "hold_reason" else k)]
        self.fields.clear()
        for k in self._keys:
            self.fields.addItem(self.tr("Hold reason (by status)") if k == "hold_reason" else
                                FIELD_BY_KEY[k].label)
        self.hint.setText("" if self._keys else self.tr("None of the mapped columns takes a value map."))
        if self._keys:
            self.fields.setCurrentRow(0)

    def choose(self, key: str) -> None:
        self.fields.setCurrentRow(self._keys.index(key))

    @Slot(int)
    def _field_chosen(self, row: int) -> None:
        if not 0 <= row < len(self._keys):
            return
        key = self._keys[row]
        m = self.w.mapping
        s = self.w.sniffed
        column = m.column("status" if key == "hold_reason" else key)
        counts: Counter[str] = Counter()
        if s is not None and column in s.header:
            i = s.header.index(column)
            empty = set(m.empty_values) | {""}
            counts.update(r[i] for r in s.sample_rows if i < len(r) and r[i] not in empty)
        table = dict(m.values.get(key, {}))
        if key == "hold_reason":
            held = {src for src, t in m.values.get("status", {}).items() if t == Status.ON_HOLD.value}
            counts = Counter({v: n for v, n in counts.items() if v in held})
            table = {k: v for k, v in table.items() if k in held or not held}
        self.model.set_values(key, dict(counts), table, self._targets(key))
        self.hint.setText(self.tr("Values come from the first %1 rows; entries already in the mapping are kept.")
                          .replace("%1", str(len(s.sample_rows) if s else 0)))

    def _targets(self, key: str) -> list[tuple[str, str]]:
        if key == "status":
            return [(s.value, s.label) for s in Status]
        if key == "hold_reason":
            return [(h.value, h.label) for h in HoldReason]
        if key == "source":
            return [(s.value, s.label) for s in Source]
        if key in ("impact", "urgency"):
            return [(str(n), str(n)) for n in (1, 2, 3)]
        if key == "priority":
            return [(str(n), f"P{n}") for n in range(1, 6)]
        if key == "sla_met":
            return [("true", self.tr("Met")), ("false", self.tr("Breached"))]
        settings = self.w.services.ctx.settings()
        codes = settings.closure_codes if key == "closure_code" else settings.resolution_codes
        return [(c, c) for c in codes]

    @Slot()
    def _store(self) -> None:
        key = self.model.field_key
        table = self.model.table()
        if key == "hold_reason":
            # keep reasons of statuses not in the sample
            table = {**self.w.mapping.values.get(key, {}), **table}
            for v in self.model.rows():
                if not v.target:
                    table.pop(v.source, None)
        self.w.set_mapping(self.w.mapping.with_values(key, table))


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The first incidents of the file as they will be stored. Select one to see "
                                 "the history rebuilt from its rows."))
        self.model = PreviewModel(self)
        self.view = _table(self, self.model, stretch_last=False)
        self.history = _fixed_font_text(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.loaded = False

    def initializePage(self) -> None:
        self.loaded = False
        self.model.set_rows([])
        self.history.clear()
        self.status.setText(self.tr("Reading the first rows…"))
        path, mapping = self.w.path, self.w.effective_mapping()
        self.w.runner.run(lambda: self.w.services.imports.preview(path, mapping), self._shown, self._failed)

    def _shown(self, result: tuple[list[Any], list[Any]]) -> None:
        rows, issues = result
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(2, min(self.view.columnWidth(2), 320))
        more = self.tr(" %1 problem(s) in these rows, first: %2").replace("%1", str(len(issues))).replace(
            "%2", str(issues[0])) if issues else ""
        self.status.setText(self.tr("%1 incidents from the first rows.").replace("%1", str(len(rows))) + more)
        self.loaded = True
        if rows:
            self.view.selectRow(0)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))
        self.loaded = False
        self.completeChanged.emit()

    @Slot()
    def _row_chosen(self) -> None:
        idx = self.view.currentIndex()
        if idx.isValid():
            self.history.setPlainText("\n".join(self.model.row_at(idx.row()).history))

    def isComplete(self) -> bool:
        return self.loaded and self.model.rowCount() > 0


class DryRunPage(QWizardPage):
    dry_run_done = Signal(object)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Dry run"))
        self.setSubTitle(self.tr("Every row is checked; nothing is written. Rows listed as 'Skipped' will not "
                                 "be imported; warnings are imported with the value ignored."))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = IssueModel(self)
        self.view = _table(self, self.model)
        again = QPushButton(self.tr("&Check again"), self)
        again.clicked.connect(self.initializePage)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(again, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.report: ImportSummary | None = None
        self.job: LongJob | None = None

    def initializePage(self) -> None:
        if self.job is not None:
            return
        self.report = None
        self.model.set_issues([])
        self.summary.setText(self.tr("Checking every row…"))
        self.completeChanged.emit()
        path, mapping = self.w.path, self.w.effective_mapping()
        imports = self.w.services.imports
        self.job = LongJob(lambda control: imports.dry_run(path, mapping, control),
                           self.tr("Checking every row…"), self)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(lambda: self._failed(RuntimeError(self.tr("Dry run cancelled."))))
        self.job.start()

    def _done(self, report: ImportSummary) -> None:
        self.job = None
        self.report = report
        self.model.set_issues(report.issues)
        self.view.resizeColumnToContents(0)
        self.view.resizeColumnToContents(1)
        self.view.resizeColumnToContents(2)
        self.summary.setText(self.tr(
            "%1 rows read: %2 incidents would be imported with %3 audit events and %4 escalations; %5 are "
            "already in the store.\n%6 rows would be skipped and %7 have warnings (listed below by line).")
            .replace("%1", f"{report.rows:,}").replace("%2", f"{report.incidents:,}")
            .replace("%3", f"{report.events:,}").replace("%4", f"{report.escalations:,}")
            .replace("%5", f"{report.already_present:,}").replace("%6", f"{len(report.errors):,}")
            .replace("%7", f"{len(report.warnings):,}"))
        self.completeChanged.emit()
        self.dry_run_done.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.summary.setText(str(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.report is not None and self.report.incidents > 0


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("Import runs in the background with progress; Cancel keeps only whole "
                                 "incidents (or nothing, if you tick the box)."))
        self.what = QLabel(self)
        self.what.setWordWrap(True)
        self.all_or_nothing = QCheckBox(self.tr("&Undo everything if I cancel (one transaction)"), self)
        self.profile_name = QLineEdit(self)
        self.profile_name.setPlaceholderText(self.tr("Leave empty to not save the mapping"))
        self.profile_name.setToolTip(self.tr("Saved in the store as a named profile when the import starts"))
        self.result = _fixed_font_text(self)
        form = QFormLayout()
        form.addRow(self.tr("Save mapping as &profile:"), self.profile_name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.all_or_nothing)
        layout.addLayout(form)
        layout.addWidget(self.result, 1)
        self.setCommitPage(False)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        report = self.w.dry_run_page.report
        name = self.w.path.name if self.w.path else ""
        if report is not None:
            self.what.setText(self.tr("Ready to import %1 incidents (%2 audit events) from %3. %4 rows will be "
                                      "skipped, %5 incidents are already in the store.")
                              .replace("%1", f"{report.incidents:,}").replace("%2", f"{report.events:,}")
                              .replace("%3", name).replace("%4", f"{len(report.errors):,}")
                              .replace("%5", f"{report.already_present:,}"))
        m = self.w.mapping
        if not self.profile_name.text() and not m.builtin and m.name:
            self.profile_name.setText(m.name)
        self.result.clear()

    def set_running(self, running: bool) -> None:
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            b = self.w.button(button)
            b.setEnabled(not running)
            b.setToolTip(self.tr("The import is running") if running else "")
        self.all_or_nothing.setEnabled(not running)
        self.profile_name.setEnabled(not running)

    def show_summary(self, summary: ImportSummary) -> None:
        self.result.setPlainText("\n".join(summary.lines(max_issues=200)))
        self.w.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Close"))
        self.w.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.w.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.w.button(QWizard.WizardButton.BackButton).setToolTip(self.tr("The import is done"))
        self.w.button(QWizard.WizardButton.CancelButton).setEnabled(False)

    def show_error(self, text: str) -> None:
        self.result.setPlainText(text)
