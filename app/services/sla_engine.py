"""SLA engine: records 75 % warnings and breaches once per target, escalates breaches, auto-closes.

It is a scan over the denormalised due and warning times, so it catches up on everything that happened
while the application was closed: run it once at start and then periodically (off the GUI thread).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.clock import ensure_utc
from app.domain.enums import OPEN_STATUSES, CallerConfirmation, EscalationKind, EventKind, SlaTarget
from app.domain.errors import DomainError
from app.services.audit import SYSTEM_ACTOR, Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.incidents import IncidentService
from app.store.tables import Incident
from app.store.uow import UnitOfWork

OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)
AUTO_CLOSE_CODE = "No answer from caller"
BATCH = 500  # incidents per transaction: short write locks, and a crash loses at most one batch


@dataclass(frozen=True)
class SlaCrossing:
    incident_id: int
    number: str
    target: SlaTarget
    kind: EventKind  # SLA_WARNING or SLA_BREACH
    crossed_at: datetime
    escalated_to: str | None = None


@dataclass(frozen=True)
class ScanReport:
    at: datetime
    crossings: tuple[SlaCrossing, ...] = ()
    auto_closed: tuple[str, ...] = ()
    not_closed: tuple[tuple[str, str], ...] = ()  # (number, why) for auto-close candidates that were refused
    escalation_failures: tuple[tuple[str, str], ...] = ()

    @property
    def warnings(self) -> int:
        return sum(1 for c in self.crossings if c.kind is EventKind.SLA_WARNING)

    @property
    def breaches(self) -> int:
        return sum(1 for c in self.crossings if c.kind is EventKind.SLA_BREACH)

    @property
    def empty(self) -> bool:
        return not (self.crossings or self.auto_closed)


@dataclass
class _Acc:
    crossings: list[SlaCrossing] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    not_closed: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    ids: set[int] = field(default_factory=set)


class SlaEngine:
    def __init__(self, ctx: ServiceContext, incidents: IncidentService | None = None) -> None:
        self.ctx = ctx
        self.incidents = incidents or IncidentService(ctx)

    def scan(self) -> Result[ScanReport]:
        """One pass: warnings, breaches (+ escalation), auto-close. Idempotent: a second pass finds nothing."""
        now = self.ctx.clock.now()
        acc = _Acc()
        self._scan_sla(now, acc)
        self._auto_close(now, acc)
        report = ScanReport(now, tuple(acc.crossings), tuple(acc.closed), tuple(acc.not_closed),
                            tuple(acc.failures))
        if not acc.ids:
            return Result(report, Changes())
        topics = {"incidents", "escalations"}
        return Result(report, Changes(incident_ids=frozenset(acc.ids), topics=frozenset(topics)))

    # -- warnings and breaches --------------------------------------------------------------------

    def _scan_sla(self, now: datetime, acc: _Acc) -> None:
        after = 0
        while True:
            with self.ctx.db.uow() as uow:
                due = uow.workflow.sla_due_page(now, OPEN_VALUES, after, BATCH)
                if not due:
                    return
                audit = Auditor(uow, None, now, SYSTEM_ACTOR)
                for inc in due:
                    self._check(uow, inc, audit, now, acc)
                after = due[-1].id
                uow.commit()

    def _check(self, uow: UnitOfWork, inc: Incident, audit: Auditor, now: datetime, acc: _Acc) -> None:
        unacknowledged = inc.acknowledged_at is None
        plan = (
            (SlaTarget.RESPONSE, unacknowledged, inc.response_warn_at, inc.response_due_at,
             "response_warned", "response_breached"),
            (SlaTarget.RESOLUTION, True, inc.resolution_warn_at, inc.resolution_due_at,
             "resolution_warned", "resolution_breached"),
        )
        changed = False
        for target, running, warn_at, due_at, warned_flag, breached_flag in plan:
            if not running:
                continue
            if warn_at is not None and ensure_utc(warn_at) <= now and not getattr(inc, warned_flag):
                setattr(inc, warned_flag, True)
                audit.event(inc, EventKind.SLA_WARNING, target.value, None, ensure_utc(warn_at),
                            {"target": target.value, "crossed_at": ensure_utc(warn_at).isoformat(),
                             "due_at": ensure_utc(due_at).isoformat() if due_at else None})
                acc.crossings.append(SlaCrossing(inc.id, inc.number, target, EventKind.SLA_WARNING,
                                                 ensure_utc(warn_at)))
                changed = True
            if due_at is not None and ensure_utc(due_at) <= now and not getattr(inc, breached_flag):
                setattr(inc, breached_flag, True)
                setattr(inc, warned_flag, True)  # a breach implies the warning moment has passed too
                audit.event(inc, EventKind.SLA_BREACH, target.value, None, ensure_utc(due_at),
                            {"target": target.value, "crossed_at": ensure_utc(due_at).isoformat()})
                to = self._escalate_breach(uow, inc, audit, target, ensure_utc(due_at), acc)
                acc.crossings.append(SlaCrossing(inc.id, inc.number, target, EventKind.SLA_BREACH,
                                                 ensure_utc(due_at), to))
                changed = True
        if changed:
            inc.updated_at = now
            acc.ids.add(inc.id)
        uow.flush()

    def _escalate_breach(self, uow: UnitOfWork, inc: Incident, audit: Auditor, target: SlaTarget,
                         due_at: datetime, acc: _Acc) -> str | None:
        """Hierarchical escalation to the group's manager; a missing manager is reported, not fatal."""
        group = uow.groups.get(inc.group_id) if inc.group_id else None
        manager_id = group.manager_id if group is not None else None
        if manager_id is None:
            acc.failures.append((inc.number, "its group has no manager"))
            return None
        reason = (f"{target.label} SLA breached at {due_at.strftime('%Y-%m-%d %H:%M')} UTC "
                  f"(automatic escalation to the manager of {group.name if group else 'the group'}).")
        try:  # apply_escalation validates before it writes, so a refusal leaves nothing half-done
            self.incidents.apply_escalation(uow, inc, audit, EscalationKind.HIERARCHICAL, reason,
                                            person_id=manager_id, system=True)
        except DomainError as exc:
            acc.failures.append((inc.number, str(exc)))
            return None
        return uow.people.names([manager_id]).get(manager_id)

    # -- auto-close -------------------------------------------------------------------------------

    def _auto_close(self, now: datetime, acc: _Acc) -> None:
        days = self.ctx.settings().auto_close_days
        if days <= 0:
            return
        cutoff = now - timedelta(days=days)
        codes = self.ctx.settings().closure_codes
        code = AUTO_CLOSE_CODE if AUTO_CLOSE_CODE in codes else (codes[0] if codes else AUTO_CLOSE_CODE)
        refused: set[int] = set()
        while True:
            with self.ctx.db.uow() as uow:
                batch = [i for i in uow.workflow.awaiting_auto_close(cutoff, BATCH + len(refused))
                         if i.id not in refused][:BATCH]
                if not batch:
                    return
                audit = Auditor(uow, None, now, SYSTEM_ACTOR)
                for inc in batch:
                    try:  # apply_close checks every guard before it writes anything
                        self.incidents.apply_close(uow, inc, audit, code, CallerConfirmation.AUTO_CLOSED)
                        inc.updated_at = now
                        uow.flush()
                    except DomainError as exc:
                        refused.add(inc.id)
                        acc.not_closed.append((inc.number, str(exc)))
                        continue
                    acc.closed.append(inc.number)
                    acc.ids.add(inc.id)
                uow.commit()
