"""Queries of the detection channels: monitoring alerts by fingerprint, e-mail threads by message id."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from app.store.repositories import Repository
from app.store.tables import Alert, Communication, Incident


class AlertRepository(Repository):
    def current(self, fingerprint: str) -> Alert | None:
        """The newest alert row for a fingerprint (older rows belong to incidents already over)."""
        return self.session.scalar(
            select(Alert).where(Alert.fingerprint == fingerprint).order_by(Alert.id.desc()).limit(1)
        )

    def listing(self, statuses: Sequence[str] = (), limit: int = 5000
                ) -> list[tuple[Alert, str | None, str | None]]:
        """Alerts newest first, each with its incident's number and status (None when not linked)."""
        q = (
            select(Alert, Incident.number, Incident.status)
            .outerjoin(Incident, Incident.id == Alert.incident_id)
            .order_by(Alert.last_at.desc(), Alert.id.desc())
            .limit(limit)
        )
        if statuses:
            q = q.where(Alert.status.in_(list(statuses)))
        return [(a, n, s) for a, n, s in self.session.execute(q).all()]

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(Alert.id))) or 0)

    def deliveries(self) -> int:
        """Every firing and resolution received, summed over all alert rows."""
        return int(self.session.scalar(select(func.coalesce(func.sum(Alert.count), 0))) or 0)


class MessageRepository(Repository):
    def incident_for(self, message_ids: Sequence[str]) -> int | None:
        """The incident whose communication log holds one of these message ids (newest match wins)."""
        wanted = [m for m in message_ids if m]
        if not wanted:
            return None
        return self.session.scalar(
            select(Communication.incident_id).where(Communication.message_id.in_(wanted))
            .order_by(Communication.id.desc()).limit(1)
        )

    def has(self, message_id: str) -> bool:
        return self.session.scalar(
            select(Communication.id).where(Communication.message_id == message_id).limit(1)
        ) is not None
