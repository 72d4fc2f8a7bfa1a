"""Communication log queries: entries per incident, filtered ranges across incidents, stakeholders, templates."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, event, func, select
from sqlalchemy.orm import Session

from app.domain.communication import CommQuery
from app.domain.errors import ValidationError
from app.store.tables import CommTemplate, Communication, Incident, Note, Person, Stakeholder


@event.listens_for(Communication, "before_update")
def _refuse_update(_mapper: Any, _conn: Any, target: Communication) -> None:
    # Recorded messages are evidence; the only way to amend one is a new entry with corrects_id.
    raise ValidationError(f"Communication {target.id} is on record and cannot be changed; record a correction.")


# Columns of one log line joined with its incident, in the order the service maps them.
LOG_COLUMNS = (
    Communication.id, Communication.incident_id, Incident.number, Incident.title, Communication.sent_at,
    Communication.direction, Communication.audience, Communication.channel, Communication.recipients,
    Communication.subject, Communication.body, Communication.author_name, Communication.next_update_due_at,
    Communication.corrects_id, Communication.template_name,
)


class CommunicationLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- entries ------------------------------------------------------------------------------------

    def get(self, comm_id: int) -> Communication | None:
        return self.session.get(Communication, comm_id)

    def _query(self, q: CommQuery) -> Select[Any]:
        s = select(*LOG_COLUMNS).join(Incident, Incident.id == Communication.incident_id)
        if q.incident_ids:
            s = s.where(Communication.incident_id.in_(q.incident_ids))
        if q.incident_numbers:
            s = s.where(Incident.number.in_(q.incident_numbers))
        if q.sent_from is not None:
            s = s.where(Communication.sent_at >= q.sent_from)
        if q.sent_to is not None:
            s = s.where(Communication.sent_at < q.sent_to)
        if q.audiences:
            s = s.where(Communication.audience.in_(q.audiences))
        if q.channels:
            s = s.where(Communication.channel.in_(q.channels))
        if q.direction:
            s = s.where(Communication.direction == q.direction)
        return s

    def lines(self, q: CommQuery, limit: int | None = None) -> list[tuple[Any, ...]]:
        s = self._query(q).order_by(Communication.sent_at, Communication.id)
        if limit is not None:
            s = s.limit(limit)
        return [tuple(r) for r in self.session.execute(s)]

    def stream(self, q: CommQuery, batch: int = 1000) -> Iterator[tuple[Any, ...]]:
        """Lines in batches from a server-side cursor, so exports of any size stay in constant memory."""
        s = self._query(q).order_by(Communication.sent_at, Communication.id).execution_options(yield_per=batch)
        for r in self.session.execute(s):
            yield tuple(r)

    def count(self, q: CommQuery) -> int:
        s = self._query(q).with_only_columns(func.count(Communication.id))
        return int(self.session.scalar(s) or 0)

    def latest_outgoing_at(self, incident_id: int, excluding: int | None = None) -> datetime | None:
        q = select(func.max(Communication.sent_at)).where(Communication.incident_id == incident_id,
                                                          Communication.direction == "out")
        if excluding is not None:
            q = q.where(Communication.id != excluding)
        return self.session.scalar(q)  # max() keeps the column type, so this is aware UTC

    def latest_workaround(self, incident_id: int) -> str | None:
        q = (select(Note.body).where(Note.incident_id == incident_id, Note.kind == "workaround")
             .order_by(Note.at.desc(), Note.id.desc()).limit(1))
        return self.session.scalar(q)

    def incident_ids_by_numbers(self, numbers: Sequence[str]) -> dict[str, int]:
        if not numbers:
            return {}
        rows = self.session.execute(select(Incident.number, Incident.id).where(Incident.number.in_(list(numbers))))
        return {str(n): int(i) for n, i in rows}

    # -- stakeholders -------------------------------------------------------------------------------

    def stakeholders(self, incident_id: int) -> list[tuple[Stakeholder, Person]]:
        q = (select(Stakeholder, Person).join(Person, Person.id == Stakeholder.person_id)
             .where(Stakeholder.incident_id == incident_id).order_by(Stakeholder.role, Person.name))
        return [(s, p) for s, p in self.session.execute(q)]

    def stakeholder(self, incident_id: int, person_id: int) -> Stakeholder | None:
        return self.session.get(Stakeholder, (incident_id, person_id))

    def remove_stakeholder(self, incident_id: int, person_id: int) -> int:
        res = self.session.execute(delete(Stakeholder).where(Stakeholder.incident_id == incident_id,
                                                             Stakeholder.person_id == person_id))
        return int(res.rowcount or 0)  # type: ignore[attr-defined]

    # -- templates ----------------------------------------------------------------------------------

    def templates(self) -> list[CommTemplate]:
        return list(self.session.scalars(select(CommTemplate).order_by(CommTemplate.name)))

    def template(self, template_id: int) -> CommTemplate | None:
        return self.session.get(CommTemplate, template_id)

    def template_by_name(self, name: str) -> CommTemplate | None:
        return self.session.scalar(select(CommTemplate).where(func.lower(CommTemplate.name) == name.lower()))

    def delete_template(self, template_id: int) -> None:
        self.session.execute(delete(CommTemplate).where(CommTemplate.id == template_id))
