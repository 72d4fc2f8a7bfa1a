"""Progress reporting and cancellation for long jobs (import, export, backup), without Qt."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job cleans up and re-raises."""


@dataclass
class ProgressState:
    done: int = 0
    total: int = 0
    message: str = ""


class JobControl:
    """Passed to a long job: `report()` updates progress and raises Cancelled once cancel() was called."""

    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self.state = ProgressState()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("Cancelled by the user.")

    def report(self, done: int, total: int = 0, message: str = "") -> None:
        self.state = ProgressState(done, total, message)
        if self._on_progress is not None:
            self._on_progress(done, total, message)
        self.check()


NO_CONTROL = JobControl()
