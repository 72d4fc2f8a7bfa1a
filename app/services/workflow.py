"""Reads and small use cases behind the escalation panel and the lifecycle dialogs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.clock import ensure_utc
from app.domain.enums import EventKind, NoteKind, Priority, SlaTarget, Status
from app.domain.errors import NotFound, ValidationError
from app.domain.roles import Permission, allows
from app.domain.sla import SlaLevel, sla_state
from app.services import access, sla_times
from app.services.changes import Result
from app.services.context import ServiceContext
from app.services.directory import DirectoryService
from app.services.dto import EscalationRow, GroupRow, IncidentDetail, NoteRow, PersonRow
from app.services.incidents import IncidentService
from app.services.mapping import to_detail, to_escalation
from app.store import queue_queries
from app.store.tables import Incident
from app.store.uow import UnitOfWork

# Words that would match nearly everything as prefixes ("in" matches every INC number).
STOP_WORDS = frozenset({"the", "and", "for", "with", "from", "not", "but", "are", "was", "has", "have", "can",
                        "cannot", "does", "this", "that", "when", "after", "since", "very", "every", "again",
                        "all", "our", "his", "her", "its", "into", "out", "off", "too", "inc"})


def search_words(text: str) -> str:
    """The words worth searching for similar incidents: three letters or more, no stop words."""
    words = "".join(c if c.isalnum() else " " for c in text.casefold()).split()
    return " ".join(dict.fromkeys(w for w in words if len(w) >= 3 and w not in STOP_WORDS))


@dataclass(frozen=True, slots=True)
class SlaGauge:
    """One SLA target as the panel shows it."""

    target: SlaTarget
    level: SlaLevel
    due_at: datetime | None
    remaining: timedelta
    fraction: float
    paused: bool
    stopped_at: datetime | None
    budget: timedelta


@dataclass(frozen=True, slots=True)
class EscalationPanelData:
    detail: IncidentDetail
    record_owner: str
    response: SlaGauge
    resolution: SlaGauge
    history: tuple[EscalationRow, ...]
    now: datetime


@dataclass(frozen=True, slots=True)
class EscalationTargets:
    groups: tuple[GroupRow, ...]
    members: dict[int, tuple[PersonRow, ...]]
    managers: tuple[PersonRow, ...]


@dataclass(frozen=True, slots=True)
class KnownFix:
    incident_id: int
    number: str
    title: str
    resolution_code: str
    resolution_notes: str
    is_workaround: bool
    resolved_at: datetime | None
    rank: float


@dataclass(frozen=True, slots=True)
class ResolveInfo:
    detail: IncidentDetail
    codes: tuple[str, ...]
    children: tuple[tuple[int, str, str], ...]
    first_contact: bool = False


@dataclass(frozen=True, slots=True)
class CloseInfo:
    detail: IncidentDetail
    codes: tuple[str, ...]
    refusals: tuple[str, ...]
    auto_close_days: int
    auto_close_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReopenInfo:
    detail: IncidentDetail
    window_days: int
    within_window: bool
    window_ends: datetime | None


class WorkflowService:
    def __init__(self, ctx: ServiceContext, incidents: IncidentService | None = None) -> None:
        self.ctx = ctx
        self.incidents = incidents or IncidentService(ctx)

    @staticmethod
    def _load(uow: UnitOfWork, incident_id: int) -> Incident:
        inc = uow.incidents.get(incident_id)
        if inc is None:
            raise NotFound(f"Incident {incident_id} no longer exists.")
        return inc

    # -- escalation panel -------------------------------------------------------------------------

    def panel(self, incident_id: int) -> EscalationPanelData:
        now = self.ctx.clock.now()
        settings = self.ctx.settings()
        with self.ctx.db.uow() as uow:
            inc = self._load(uow, incident_id)
            detail = to_detail(uow, inc)
            pauses = sla_times.pauses_of(uow, inc, now)
            targets = settings.sla.for_priority(Priority(inc.priority))
            status = Status(inc.status)
            resolution_stop = inc.resolved_at or (inc.closed_at if status is Status.CANCELLED else None)
            response_stop = inc.acknowledged_at or resolution_stop
            gauges = []
            for target, budget, stop, flag in (
                (SlaTarget.RESPONSE, targets.response, response_stop, inc.response_breached),
                (SlaTarget.RESOLUTION, targets.resolution, resolution_stop, inc.resolution_breached),
            ):
                st = sla_state(inc.logged_at, budget, now, settings.calendar, pauses, stop)
                level = st.level
                if flag and level in (SlaLevel.OK, SlaLevel.WARNING, SlaLevel.PAUSED, SlaLevel.MET):
                    # The recorded breach wins: a later priority change must not hide it.
                    level = SlaLevel.BREACHED
                gauges.append(SlaGauge(target, level, st.due_at, st.remaining, st.fraction, st.paused,
                                       ensure_utc(stop) if stop else None, budget))
            history = tuple(to_escalation(uow, e) for e in uow.escalations.for_incident(inc.id))
            return EscalationPanelData(detail, self._record_owner(uow, inc), gauges[0], gauges[1], history, now)

    @staticmethod
    def _record_owner(uow: UnitOfWork, inc: Incident) -> str:
        """The service desk owns the record while others work it: its group and the agent who took it on."""
        desk = uow.groups.service_desk()
        first = uow.workflow.first_actor_of(inc.id, EventKind.ACKNOWLEDGED.value)
        person = first[1] if first is not None and first[0] is not None else None
        if person is None and inc.logged_by_id is not None:
            person = uow.people.names([inc.logged_by_id]).get(inc.logged_by_id)
        group = desk.name if desk is not None else "Service desk"
        return f"{group} ({person})" if person else group

    def targets(self) -> EscalationTargets:
        directory = DirectoryService(self.ctx)
        groups = tuple(directory.groups())
        members = {g.id: tuple(directory.group_members(g.id)) for g in groups}
        managers = tuple(p for p in directory.staff() if allows(p.role, Permission.RECEIVE_HIERARCHICAL))
        return EscalationTargets(groups, members, managers)

    # -- known fixes ------------------------------------------------------------------------------

    def known_fixes(self, incident_id: int, limit: int = 10) -> list[KnownFix]:
        """Resolutions of similar resolved incidents, best full-text match first."""
        with self.ctx.db.uow() as uow:
            inc = self._load(uow, incident_id)
            text = search_words(" ".join(x for x in (inc.title, inc.symptoms or "") if x))
            ranked = queue_queries.SearchIndex(uow.session).ranked(text, limit * 10)
            rank = {iid: r for iid, r in ranked}
            rows = uow.workflow.resolved_among(list(rank), inc.id)
            fixes = [KnownFix(r.id, r.number, r.title, r.resolution_code or "", r.resolution_notes or "",
                              r.is_workaround, r.resolved_at, rank[r.id]) for r in rows]
        fixes.sort(key=lambda f: (f.rank, -f.incident_id))
        return fixes[:limit]

    def apply_fix(self, incident_id: int, fix: KnownFix) -> Result[NoteRow]:
        body = (f"Workaround from {fix.number} ({fix.title}):\n{fix.resolution_notes}"
                + (f"\nResolution code there: {fix.resolution_code}" if fix.resolution_code else ""))
        return self.incidents.add_note(incident_id, body, NoteKind.WORKAROUND)

    # -- dialog data ------------------------------------------------------------------------------

    def resolve_info(self, incident_id: int) -> ResolveInfo:
        detail = self.incidents.get(incident_id)
        children = tuple(self.incidents.open_children(incident_id))
        with self.ctx.db.uow() as uow:
            fcr = IncidentService.is_first_contact(uow, self._load(uow, incident_id))
        return ResolveInfo(detail, self.ctx.settings().resolution_codes, children, fcr)

    def close_info(self, incident_id: int) -> CloseInfo:
        settings = self.ctx.settings()
        detail = self.incidents.get(incident_id)
        refusals = tuple(self.incidents.close_check(incident_id))
        at = (ensure_utc(detail.resolved_at) + timedelta(days=settings.auto_close_days)
              if detail.resolved_at and settings.auto_close_days > 0 else None)
        return CloseInfo(detail, settings.closure_codes, refusals, settings.auto_close_days, at)

    def reopen_info(self, incident_id: int) -> ReopenInfo:
        settings = self.ctx.settings()
        detail = self.incidents.get(incident_id)
        ends = ensure_utc(detail.resolved_at) + settings.reopen_window if detail.resolved_at else None
        within = detail.status == Status.RESOLVED.value and ends is not None and self.ctx.clock.now() <= ends
        return ReopenInfo(detail, settings.reopen_window_days, within, ends)

    def find(self, number: str) -> IncidentDetail:
        text = (number or "").strip().upper()
        if not text:
            raise ValidationError("Enter an incident number.", "number")
        if text.isdigit():
            text = f"INC{int(text):07d}"
        return self.incidents.get_by_number(text)

    # -- acting user ------------------------------------------------------------------------------

    def switch_user(self, person_id: int) -> PersonRow:
        """Act as another member of staff from now on (the caller persists the choice)."""
        with self.ctx.db.uow() as uow:
            p = uow.people.get(person_id)
            if p is None or p.kind != "staff" or not p.is_active:
                raise ValidationError("Choose an active member of staff.", "person")
            if not self.ctx.db.is_sqlite and person_id != self.ctx.user_id:
                # On a team server people sign in as themselves; only an administrator may act as another.
                access.check(uow, self.ctx, Permission.MANAGE_USERS)
        self.ctx.user_id = person_id
        user = DirectoryService(self.ctx).current_user()
        assert user is not None
        return user
