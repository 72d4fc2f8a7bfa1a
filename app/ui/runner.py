"""Runs service calls off the GUI thread, one at a time, and delivers results by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.services.changes import Changes, Result

log = logging.getLogger(__name__)


class _JobSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, not kill the worker
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class Runner(QObject):
    """Serialises store work on one worker thread (SQLite wants one writer) and reports back.

    `changes_made` fires after every mutation so panels refresh only what changed.
    """

    changes_made = Signal(object)
    busy_changed = Signal(bool)
    error_raised = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set[_Job] = set()

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> None:
        job = _Job(fn)
        was_idle = not self._jobs
        self._jobs.add(job)

        def finish() -> None:
            self._jobs.discard(job)
            if not self._jobs:
                self.busy_changed.emit(False)

        def done(result: Any) -> None:
            finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            log.debug("job failed: %s", getattr(exc, "__traceback_text__", exc))
            if on_error is not None:
                on_error(exc)
            else:
                self.error_raised.emit(exc)

        job.signals.succeeded.connect(done)
        job.signals.failed.connect(failed)
        if was_idle:
            self.busy_changed.emit(True)
        self._pool.start(job)

    def mutate(self, fn: Callable[[], Result[Any]], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run a use case; announce its Changes, then hand its value to `on_done`."""

        def done(result: Result[Any]) -> None:
            self.changes_made.emit(result.changes)
            if on_done is not None:
                on_done(result.value)

        self.run(fn, done, on_error)

    def announce(self, changes: Changes) -> None:
        self.changes_made.emit(changes)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    @Slot()
    def shutdown(self) -> None:
        self._pool.waitForDone(10_000)
