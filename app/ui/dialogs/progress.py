"""Long jobs (import, export, backup) on their own thread with a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.services.jobs import Cancelled, JobControl


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[JobControl], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.control = JobControl(lambda d, t, m: self.progressed.emit(d, t, m))

    def run(self) -> None:
        try:
            result = self.fn(self.control)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class LongJob(QObject):
    """Runs `fn(control)` on a dedicated thread (not the store runner, which stays free for the queue).

    `finished(result)` on success, `failed(exc)` on error, `cancelled()` when the user cancelled.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, fn: Callable[[JobControl], Any], title: str, parent: QWidget | None = None,
                 show_dialog: bool = True) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            dlg = QProgressDialog(title, self.tr("Cancel"), 0, 0, parent)
            dlg.setWindowTitle(title)
            dlg.setWindowModality(Qt.WindowModality.WindowModal)
            dlg.setMinimumDuration(300)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            dlg.canceled.connect(self.cancel)
            self.dialog = dlg

    @property
    def control(self) -> JobControl:
        return self._worker.control

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.control.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling…"))

    def wait(self, msecs: int = 60_000) -> bool:
        return self._thread.wait(msecs)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
            if message:
                self.dialog.setLabelText(message)

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.close()

    def _on_done(self, result: object) -> None:
        self._stop()
        self.finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._stop()
        if isinstance(exc, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(exc)
