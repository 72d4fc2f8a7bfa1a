"""E-mail files into the desk: dropped or chosen `.eml` files are imported off the GUI thread, one report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.ingest.email_import import FileResult, import_files
from app.services.app import Services
from app.services.changes import Changes
from app.services.email_intake import EmailOutcomeKind
from app.services.jobs import JobControl
from app.ui.dialogs.progress import LongJob
from app.ui.runner import Runner

SUFFIXES = (".eml",)


def eml_paths(mime: QMimeData | None) -> list[Path]:
    """Local `.eml` files in a drag (other URLs and file types are ignored)."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in SUFFIXES]


class EmailImporter(QObject):
    import_finished = Signal(object)  # list[FileResult]

    def __init__(self, parent: QWidget, services: Services, runner: Runner) -> None:
        super().__init__(parent)
        self.window = parent
        self.services = services
        self.runner = runner
        self._jobs: set[LongJob] = set()

    # Replaced in tests: the file dialog and the report box.
    @classmethod
    def ask_files(cls, parent: QWidget) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, parent.tr("Import e-mail"), "",
                                                parent.tr("E-mail messages (*.eml);;All files (*)"))
        return [Path(n) for n in names]

    @classmethod
    def present(cls, parent: QWidget, results: list[FileResult]) -> None:
        title, summary, details = report_text(parent, results)
        box = QMessageBox(QMessageBox.Icon.Warning if any(not r.ok for r in results) else
                          QMessageBox.Icon.Information, title, summary, QMessageBox.StandardButton.Ok, parent)
        box.setDetailedText(details)
        box.open()

    def accepts(self, mime: QMimeData | None) -> bool:
        return bool(eml_paths(mime))

    def drop(self, mime: QMimeData | None) -> bool:
        paths = eml_paths(mime)
        if paths:
            self.import_paths(paths)
        return bool(paths)

    @Slot()
    def choose(self) -> None:
        paths = self.ask_files(self.window)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        intake = self.services.email_intake

        def work(control: JobControl) -> tuple[list[FileResult], Changes]:
            collected: list[Changes] = []
            results = import_files(intake, paths, control, collected.append)
            changes = Changes()
            for c in collected:
                changes = changes | c
            return results, changes

        job = LongJob(work, self.tr("Importing e-mail"), self.window, show_dialog=len(paths) > 1)
        self._jobs.add(job)

        def done(value: tuple[list[FileResult], Changes]) -> None:
            self._jobs.discard(job)
            results, changes = value
            if not changes.empty:
                self.runner.announce(changes)
            self.import_finished.emit(results)
            self.present(self.window, results)

        def failed(exc: BaseException) -> None:
            self._jobs.discard(job)
            self.runner.error_raised.emit(exc)

        job.finished.connect(done)
        job.failed.connect(failed)
        job.cancelled.connect(lambda: self._jobs.discard(job))
        job.start()


def report_text(w: QWidget, results: list[FileResult]) -> tuple[str, str, str]:
    """Title, one-paragraph summary and per-file details of an import."""
    created = [r.outcome.incident_number for r in results if r.outcome and r.outcome.kind is EmailOutcomeKind.CREATED]
    replies = [r.outcome.incident_number for r in results if r.outcome and r.outcome.kind is EmailOutcomeKind.REPLY]
    dupes = sum(1 for r in results if r.outcome and r.outcome.kind is EmailOutcomeKind.DUPLICATE)
    failed = [r for r in results if not r.ok]
    parts = []
    if created:
        parts.append(w.tr("%1 new incident(s): %2").replace("%1", str(len(created)))
                     .replace("%2", ", ".join(n or "?" for n in created)))
    if replies:
        parts.append(w.tr("%1 reply(ies) added to %2").replace("%1", str(len(replies)))
                     .replace("%2", ", ".join(sorted({n or "?" for n in replies}))))
    if dupes:
        parts.append(w.tr("%1 already imported").replace("%1", str(dupes)))
    if failed:
        parts.append(w.tr("%1 file(s) could not be imported: %2").replace("%1", str(len(failed)))
                     .replace("%2", "; ".join(f"{r.path.name}: {r.error}" for r in failed[:3])))
    details = "\n".join(f"{r.path.name}: {r.outcome.message if r.outcome else r.error}" for r in results)
    title = w.tr("E-mail import") if not failed else w.tr("E-mail import: some files failed")
    return title, ".\n".join(parts) + ".", details
