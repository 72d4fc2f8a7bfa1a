"""Live refresh from other processes: polls the services' change feed off the GUI thread and announces
what moved as ordinary Changes, so every panel refreshes exactly as it does for local edits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.services.app import Services
from app.services.change_feed import FeedBatch, Watermark
from app.services.changes import Changes
from app.ui.runner import Runner

POLL_MS = 2_000  # well inside the 5 s promise, and a poll is three cheap lookups


class ChangeWatcher(QObject):
    """`known_version(id)` tells which versions this window already shows (its own edits), to skip them."""

    external_changes = Signal(object)  # Changes
    change_heard = Signal()  # emitted from the server listener's thread; queued to poll on the GUI thread

    def __init__(self, services: Services, runner: Runner, known_version: Callable[[int], int | None],
                 parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.known_version = known_version
        self._mark: Watermark | None = None
        self._polling = False
        self._again = False
        self._seen: dict[int, int] = {}  # versions already announced, so the overlap window re-reads quietly
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        # A server feed (LISTEN/NOTIFY) wakes us as soon as it hears a change; the timer stays as the fallback.
        self.change_heard.connect(self.poll)
        set_wakeup = getattr(services.change_feed, "set_wakeup", None)
        if set_wakeup is not None:
            set_wakeup(self.change_heard.emit)

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        set_wakeup = getattr(self.services.change_feed, "set_wakeup", None)
        if set_wakeup is not None:
            set_wakeup(None)

    @Slot()
    def poll(self) -> None:
        if self._polling:
            self._again = True  # the worker is busy (a long job): poll once more afterwards, never queue up
            return
        self._polling = True
        mark = self._mark
        self.runner.run(lambda: self.services.change_feed.poll(mark), self._polled, self._failed)

    def _failed(self, _exc: BaseException) -> None:
        self._polling = False  # a locked or vanished store: try again on the next tick, quietly

    def _polled(self, batch: FeedBatch) -> None:
        self._polling = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.poll)
        first = self._mark is None
        self._mark = batch.watermark
        if first:
            return  # the first answer only sets the watermark
        if batch.reset:
            self._announce(Changes.everything())
            return
        ids = frozenset(i for i, v in batch.versions.items()
                        if self._seen.get(i) != v and self.known_version(i) != v)
        if len(self._seen) > 50_000:
            self._seen.clear()
        self._seen.update(batch.versions)
        if ids:
            self._announce(Changes(incident_ids=ids, topics=frozenset({"incidents", "external"})))

    def _announce(self, changes: Changes) -> None:
        self.external_changes.emit(changes)
        self.runner.announce(changes)
