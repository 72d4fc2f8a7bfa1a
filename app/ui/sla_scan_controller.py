"""Runs the SLA engine once at start and then periodically, through the runner (never on the GUI thread)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.services.app import Services
from app.services.sla_engine import ScanReport
from app.ui.runner import Runner

log = logging.getLogger(__name__)
SCAN_INTERVAL_MS = 60_000


class SlaScanController(QObject):
    scan_finished = Signal(object)  # ScanReport
    scan_failed = Signal(object)  # the exception; the next tick tries again

    def __init__(self, services: Services, runner: Runner, parent: QObject | None = None,
                 interval_ms: int = SCAN_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._running = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.scan_now)

    def start(self) -> None:
        """Catch up on what happened while the application was closed, then keep watching."""
        self.scan_now()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def scan_now(self) -> None:
        if self._running:
            return  # a slow scan on a big store must not pile up behind itself
        self._running = True
        self.runner.mutate(self.services.sla_engine.scan, self._done, self._failed)

    def _done(self, report: ScanReport) -> None:
        self._running = False
        self.scan_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        log.warning("SLA scan failed: %s", exc)
        self.scan_failed.emit(exc)
