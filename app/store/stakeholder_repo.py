"""Stakeholders of an incident: callers added to an existing incident, people kept informed."""

from __future__ import annotations

from sqlalchemy import select

from app.store.repositories import Repository
from app.store.tables import Stakeholder


class StakeholderRepository(Repository):
    def get(self, incident_id: int, person_id: int) -> Stakeholder | None:
        return self.session.get(Stakeholder, (incident_id, person_id))

    def for_incident(self, incident_id: int) -> list[Stakeholder]:
        return list(self.session.scalars(
            select(Stakeholder).where(Stakeholder.incident_id == incident_id).order_by(Stakeholder.person_id)
        ))
