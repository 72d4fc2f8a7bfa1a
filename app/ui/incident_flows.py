"""Lifecycle flows: load what a dialog needs off the GUI thread, ask, run one service call, explain refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.enums import EscalationKind
from app.domain.errors import ConcurrencyConflict, DomainError, TransitionRefused
from app.services.app import Services
from app.services.changes import Changes, Result
from app.ui.dialogs.assign_dialog import AssignDialog
from app.ui.dialogs.cancel_dialog import CancelDialog
from app.ui.dialogs.close_dialog import CloseDialog
from app.ui.dialogs.conflict_dialog import ConflictChoice, ConflictDialog
from app.ui.dialogs.escalate_dialog import EscalateDialog
from app.ui.dialogs.hold_dialog import HoldDialog
from app.ui.dialogs.link_parent_dialog import LinkParentDialog
from app.ui.dialogs.reopen_dialog import ReopenDialog, ReopenMode
from app.ui.dialogs.resolve_dialog import ResolveDialog
from app.ui.dialogs.switch_user_dialog import SwitchUserDialog
from app.ui.runner import Runner

USER_KEY = "user/person_id"


class IncidentFlows(QObject):
    """One object per window or panel; dialogs are modal, service calls go through the runner."""

    action_refused = Signal(str, list)  # (title, reasons): every refusal is explained to the user
    action_done = Signal(str, object)  # (flow name, value returned by the service)
    user_switched = Signal(object)  # PersonRow
    conflict_reported = Signal(object)  # ConflictReport: someone else saved first

    def __init__(self, services: Services, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.widget = parent
        self.show_boxes = True  # tests turn the message boxes off and listen to action_refused

    # -- plumbing ---------------------------------------------------------------------------------

    def _load_then(self, load: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.runner.run(load, then, lambda exc: self.refuse(self.tr("Incident Desk"), exc))

    def _do(self, name: str, title: str, fn: Callable[[], Result[Any]]) -> None:
        self.runner.mutate(fn, lambda value: self.action_done.emit(name, value),
                           lambda exc: self.refuse(title, exc))

    def do_versioned(self, name: str, title: str, seen: Any, call: Callable[[int], Result[Any]]) -> None:
        """Save against the version the user saw; if someone else saved first, show what they changed and
        let the user reload and re-apply (never overwrite silently)."""
        self.runner.mutate(lambda: call(seen.version), lambda value: self.action_done.emit(name, value),
                           lambda exc: self._conflicted(name, title, seen, call, exc))

    def _conflicted(self, name: str, title: str, seen: Any, call: Callable[[int], Result[Any]],
                    exc: BaseException) -> None:
        if not isinstance(exc, ConcurrencyConflict):
            self.refuse(title, exc)
            return
        self.runner.run(lambda: self.services.conflicts.report(seen.id, seen),
                        lambda report: self._ask_conflict(name, title, call, report),
                        lambda _exc: self.refuse(title, exc))

    def _ask_conflict(self, name: str, title: str, call: Callable[[int], Result[Any]], report: Any) -> None:
        self.conflict_reported.emit(report)
        self.runner.announce(Changes.incident(report.incident_id))  # every view shows their version now
        if ConflictDialog.ask(self.widget, report, title) is ConflictChoice.REAPPLY:
            self.do_versioned(name, title, report.current, call)

    def refuse(self, title: str, exc: BaseException) -> None:
        if not isinstance(exc, DomainError):
            self.runner.error_raised.emit(exc)
            return
        reasons = list(exc.reasons) if isinstance(exc, TransitionRefused) else [str(exc)]
        self.action_refused.emit(title, reasons)
        if self.show_boxes:
            box = QMessageBox(QMessageBox.Icon.Warning, title, self.tr("This was refused:") if len(reasons) > 1
                              else reasons[0], QMessageBox.StandardButton.Ok, self.widget)
            if len(reasons) > 1:
                box.setInformativeText("\n".join(f"• {r}" for r in reasons))
            box.open()  # not exec(): the GUI stays responsive and nothing nests event loops

    # -- flows ------------------------------------------------------------------------------------

    def acknowledge(self, iid: int) -> None:
        self._do("acknowledge", self.tr("Acknowledge"), lambda: self.services.incidents.acknowledge(iid))

    def assign(self, iid: int) -> None:
        wf = self.services.workflow

        def ask(data: tuple[Any, Any]) -> None:
            detail, targets = data
            req = AssignDialog.ask(self.widget, detail, targets)
            if req is not None:
                self.do_versioned("assign", self.tr("Assign"), detail, lambda v: self.services.incidents.assign(
                    iid, req.group_id, req.assignee_id, expected_version=v))

        self._load_then(lambda: (self.services.incidents.get(iid), wf.targets()), ask)

    def escalate(self, iid: int, kind: EscalationKind) -> None:
        wf = self.services.workflow

        def ask(data: tuple[Any, Any]) -> None:
            detail, targets = data
            req = EscalateDialog.ask(self.widget, kind, detail, targets)
            if req is not None:
                self.do_versioned("escalate", self.tr("Escalate"), detail, lambda v: self.services.incidents.escalate(
                    iid, req.kind, req.reason, req.group_id, req.person_id, req.make_major, expected_version=v))

        self._load_then(lambda: (self.services.incidents.get(iid), wf.targets()), ask)

    def hold(self, iid: int) -> None:
        def ask(detail: Any) -> None:
            req = HoldDialog.ask(self.widget, detail)
            if req is not None:
                self.do_versioned("hold", self.tr("Put on hold"), detail, lambda v: self.services.incidents.hold(
                    iid, req.reason, req.note, expected_version=v))

        self._load_then(lambda: self.services.incidents.get(iid), ask)

    def resume(self, iid: int) -> None:
        self._do("resume", self.tr("Resume"), lambda: self.services.incidents.resume(iid))

    def resolve(self, iid: int) -> None:
        def ask(info: Any) -> None:
            req = ResolveDialog.ask(self.widget, info)
            if req is not None:
                s = self.services.incidents
                self.do_versioned("resolve", self.tr("Resolve"), info.detail, lambda v: s.resolve(
                    iid, req.code, req.notes, req.workaround, req.recovery_confirmed,
                    expected_version=v, child_ids=req.child_ids))

        self._load_then(lambda: self.services.workflow.resolve_info(iid), ask)

    def close(self, iid: int) -> None:
        def ask(info: Any) -> None:
            req = CloseDialog.ask(self.widget, info)
            if req is None:
                return
            s = self.services.incidents
            if req.wait_for_caller:
                self.do_versioned("await_caller", self.tr("Close"), info.detail, lambda v: s.await_caller(
                    iid, expected_version=v))
            else:
                self.do_versioned("close", self.tr("Close"), info.detail, lambda v: s.close(
                    iid, req.closure_code, req.confirmation, expected_version=v))

        self._load_then(lambda: self.services.workflow.close_info(iid), ask)

    def reopen(self, iid: int) -> None:
        def ask(info: Any) -> None:
            req = ReopenDialog.ask(self.widget, info)
            if req is None:
                return
            s = self.services.incidents
            if req.mode is ReopenMode.REOPEN:
                self.do_versioned("reopen", self.tr("Reopen"), info.detail, lambda v: s.reopen(
                    iid, req.reason, expected_version=v))
            else:
                self._do("follow_up", self.tr("Follow-up incident"), lambda: s.follow_up(iid, req.title, req.reason))

        self._load_then(lambda: self.services.workflow.reopen_info(iid), ask)

    def cancel(self, iid: int) -> None:
        def ask(detail: Any) -> None:
            req = CancelDialog.ask(self.widget, detail)
            if req is not None:
                self.do_versioned("cancel", self.tr("Cancel"), detail, lambda v: self.services.incidents.cancel(
                    iid, req.reason, req.note, req.duplicate_of, expected_version=v))

        self._load_then(lambda: self.services.incidents.get(iid), ask)

    def link_parent(self, iid: int) -> None:
        def ask(detail: Any) -> None:
            req = LinkParentDialog.ask(self.widget, detail)
            if req is None:
                return
            number = req.parent_number

            def run() -> Result[Any]:
                parent_id = self.services.workflow.find(number).id if number else None
                return self.services.incidents.link_parent(iid, parent_id)

            self._do("link_parent", self.tr("Link to parent"), run)

        self._load_then(lambda: self.services.incidents.get(iid), ask)

    # -- acting user ------------------------------------------------------------------------------

    def switch_user(self) -> None:
        def ask(staff: Any) -> None:
            req = SwitchUserDialog.ask(self.widget, staff, self.services.ctx.user_id)
            if req is not None:
                self.runner.run(lambda: self.services.workflow.switch_user(req.person_id), self._switched,
                                lambda exc: self.refuse(self.tr("Switch user"), exc))

        self._load_then(self.services.directory.staff, ask)

    def _switched(self, person: Any) -> None:
        QSettings().setValue(USER_KEY, person.id)
        self.user_switched.emit(person)
        self.runner.announce(Changes.everything())  # "Mine" and "My groups" depend on who is acting

    def restore_user(self) -> None:
        """Act as the user chosen last time on this computer (if still active staff); else keep the OS login."""
        saved = QSettings().value(USER_KEY)
        if saved in (None, ""):
            return
        try:
            pid = int(saved)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return
        if pid == self.services.ctx.user_id:
            return
        self.runner.run(lambda: self.services.workflow.switch_user(pid), self.user_switched.emit,
                        lambda _exc: QSettings().remove(USER_KEY))
