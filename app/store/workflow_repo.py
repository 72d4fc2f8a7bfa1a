"""Queries of the working stages: SLA scan helpers, auto-close candidates, children, known fixes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select

from app.store.repositories import Repository
from app.store.tables import AuditEvent, Incident


class WorkflowRepository(Repository):
    def awaiting_auto_close(self, cutoff: datetime, limit: int = 500) -> list[Incident]:
        """Resolved incidents whose caller did not answer and that were resolved at or before `cutoff`."""
        return list(self.session.scalars(
            select(Incident).where(Incident.status == "resolved", Incident.caller_confirmation == "no_answer",
                                   Incident.resolved_at <= cutoff).order_by(Incident.id).limit(limit)
        ))

    def sla_due_page(self, now: datetime, open_statuses: Sequence[str], after_id: int, limit: int) -> list[Incident]:
        """`IncidentRepository.due_for_sla_scan` in id order, one page after `after_id` (keyset paging)."""
        unacknowledged = Incident.acknowledged_at.is_(None)
        q = select(Incident).where(
            Incident.id > after_id,
            Incident.status.in_(list(open_statuses)),
            or_(
                unacknowledged & (Incident.response_warn_at <= now) & (~Incident.response_warned),
                unacknowledged & (Incident.response_due_at <= now) & (~Incident.response_breached),
                (Incident.resolution_warn_at <= now) & (~Incident.resolution_warned),
                (Incident.resolution_due_at <= now) & (~Incident.resolution_breached),
            ),
        ).order_by(Incident.id).limit(limit)
        return list(self.session.scalars(q))

    def open_children(self, parent_id: int, open_statuses: Sequence[str]) -> list[Incident]:
        return list(self.session.scalars(
            select(Incident).where(Incident.parent_id == parent_id, Incident.status.in_(list(open_statuses)))
            .order_by(Incident.id)
        ))

    def resolved_among(self, ids: Sequence[int], exclude_id: int) -> list[Incident]:
        """Resolved or closed incidents with resolution notes, among `ids` (the search hits)."""
        if not ids:
            return []
        return list(self.session.scalars(
            select(Incident).where(Incident.id.in_(list(ids)), Incident.id != exclude_id,
                                   Incident.status.in_(["resolved", "closed"]),
                                   func.length(func.coalesce(Incident.resolution_notes, "")) > 0)
        ))

    def first_actor_of(self, incident_id: int, kind: str) -> tuple[int | None, str] | None:
        """Who wrote the first event of `kind` on the incident."""
        row = self.session.execute(
            select(AuditEvent.actor_id, AuditEvent.actor_name)
            .where(AuditEvent.incident_id == incident_id, AuditEvent.kind == kind)
            .order_by(AuditEvent.at, AuditEvent.id).limit(1)
        ).first()
        return None if row is None else (row[0], row[1])
