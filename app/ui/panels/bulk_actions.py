"""Bulk actions on the queue selection: load the choices, ask, run off the GUI thread, explain refusals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.services.app import Services
from app.services.bulk import BulkOp, BulkOutcome, Candidate
from app.services.changes import Changes, Result
from app.services.dto import GroupRow, PersonRow
from app.services.jobs import JobControl
from app.ui.dialogs.bulk_action_dialog import BulkActionDialog
from app.ui.dialogs.bulk_result_dialog import BulkResultDialog
from app.ui.dialogs.progress import LongJob
from app.ui.panels.queue_panel import QueuePanel
from app.ui.runner import Runner

LONG_JOB_FROM = 200  # above this many incidents a progress dialog with Cancel is worth showing


class BulkActions(QObject):
    finished = Signal(object)  # BulkOutcome
    message = Signal(str)  # for the status bar

    def __init__(self, services: Services, runner: Runner, queue: QueuePanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.queue = queue
        self.window = parent
        self._job: LongJob | None = None

    def start(self, op: BulkOp | None = None) -> None:
        rows = self.queue.selected_rows()
        if not rows:
            self.message.emit(self.tr("Select one or more incidents first."))
            return
        candidates = [Candidate(r.id, r.number, r.status, r.group_id is not None) for r in rows]

        def load() -> tuple[list[GroupRow], dict[int, list[PersonRow]]]:
            groups = self.services.directory.groups()
            return groups, {g.id: self.services.directory.group_members(g.id) for g in groups}

        self.runner.run(load, lambda data: self._ask(candidates, data[0], data[1], op))

    def _ask(self, candidates: list[Candidate], groups: list[GroupRow], members: dict[int, list[PersonRow]],
             op: BulkOp | None) -> None:
        req = BulkActionDialog.ask(self.window, candidates, groups, members, op)
        if req is None:
            return
        ids = [c.incident_id for c in candidates]
        if len(ids) < LONG_JOB_FROM:
            self.runner.mutate(lambda: self.services.bulk.apply(ids, req), self._done)
            return

        def job(control: JobControl) -> Result[BulkOutcome]:
            def progress(done: int, total: int) -> bool:
                control.report(done, total, self.tr("Changing %1 of %2…").replace("%1", str(done + 1))
                               .replace("%2", str(total)))
                return True

            return self.services.bulk.apply(ids, req, progress)

        self._job = LongJob(job, self.tr(req.op.label), self.window)
        self._job.finished.connect(self._job_done)
        self._job.failed.connect(self.runner.error_raised)
        # Incidents done before Cancel stay changed (each is its own transaction): show them.
        self._job.cancelled.connect(lambda: self.runner.announce(Changes(incident_ids=frozenset(ids))))
        self._job.start()

    def _job_done(self, result: Result[BulkOutcome]) -> None:
        self.runner.announce(result.changes)
        self._done(result.value)

    def show_outcome(self, outcome: BulkOutcome) -> None:
        """Report an outcome (status bar, and the refusals dialog if anything was refused)."""
        self._done(outcome)

    def _done(self, outcome: BulkOutcome) -> None:
        self.message.emit(self.tr("%1: %2 changed, %3 refused").replace("%1", self.tr(outcome.op.label))
                          .replace("%2", str(len(outcome.done))).replace("%3", str(len(outcome.refused))))
        if outcome.refused:
            BulkResultDialog.show_outcome(self.window, outcome)
        self.finished.emit(outcome)
