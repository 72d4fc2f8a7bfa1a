"""Repositories: every query the services need, so no other layer touches SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.store.sequences import advance_identity
from app.store.tables import (
    AuditEvent,
    Category,
    CommTemplate,
    Communication,
    Counter,
    Escalation,
    Group,
    GroupMember,
    Incident,
    Note,
    Person,
    Review,
    Service,
    Setting,
)


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: Any) -> Any:
        self.session.add(obj)
        return obj

    def flush(self) -> None:
        self.session.flush()


class IncidentRepository(Repository):
    def get(self, incident_id: int) -> Incident | None:
        return self.session.get(Incident, incident_id)

    def get_many(self, ids: Iterable[int]) -> list[Incident]:
        return list(self.session.scalars(select(Incident).where(Incident.id.in_(list(ids)))))

    def by_number(self, number: str) -> Incident | None:
        return self.session.scalar(select(Incident).where(Incident.number == number))

    def by_external_ref(self, ref: str) -> Incident | None:
        return self.session.scalar(select(Incident).where(Incident.external_ref == ref))

    def next_number(self) -> int:
        """Bumps the counter row inside the caller's transaction: a rollback gives the number back,
        and the row lock serialises concurrent loggers on a server."""
        value = self.session.execute(
            update(Counter).where(Counter.name == "incident").values(value=Counter.value + 1).returning(Counter.value)
        ).scalar()
        if value is None:
            self.session.add(Counter(name="incident", value=1))
            self.session.flush()
            return 1
        return int(value)

    def children(self, parent_id: int) -> list[Incident]:
        return list(self.session.scalars(select(Incident).where(Incident.parent_id == parent_id)))

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(Incident.id))) or 0)

    def count_by_status(self) -> dict[str, int]:
        return dict(self.session.execute(select(Incident.status, func.count()).group_by(Incident.status)).all())  # type: ignore[arg-type]

    def numbers(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        if not ids:
            return {}
        return dict(self.session.execute(select(Incident.id, Incident.number).where(Incident.id.in_(ids))).all())  # type: ignore[arg-type]

    def due_for_sla_scan(self, now: datetime, open_statuses: Sequence[str]) -> list[Incident]:
        """Open incidents that crossed a warning or breach moment not yet recorded."""
        unacknowledged = Incident.acknowledged_at.is_(None)
        q = select(Incident).where(
            Incident.status.in_(list(open_statuses)),
            or_(
                unacknowledged & (Incident.response_warn_at <= now) & (~Incident.response_warned),
                unacknowledged & (Incident.response_due_at <= now) & (~Incident.response_breached),
                (Incident.resolution_warn_at <= now) & (~Incident.resolution_warned),
                (Incident.resolution_due_at <= now) & (~Incident.resolution_breached),
            ),
        )
        return list(self.session.scalars(q))

    def resolved_before(self, cutoff: datetime) -> list[Incident]:
        return list(self.session.scalars(
            select(Incident).where(Incident.status == "resolved", Incident.resolved_at <= cutoff)
        ))


class EventRepository(Repository):
    def for_incident(self, incident_id: int) -> list[AuditEvent]:
        return list(self.session.scalars(
            select(AuditEvent).where(AuditEvent.incident_id == incident_id).order_by(AuditEvent.at, AuditEvent.id)
        ))

    def kinds_for_incident(self, incident_id: int, kinds: Sequence[str]) -> list[AuditEvent]:
        return list(self.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.incident_id == incident_id, AuditEvent.kind.in_(list(kinds)))
            .order_by(AuditEvent.at, AuditEvent.id)
        ))

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(AuditEvent.id))) or 0)

    def incidents_without_created_event(self) -> list[str]:
        created = select(AuditEvent.incident_id).where(AuditEvent.kind == "created")
        return list(self.session.scalars(select(Incident.number).where(Incident.id.not_in(created)).limit(50)))

    def orphan_count(self) -> int:
        q = select(func.count(AuditEvent.id)).where(
            AuditEvent.incident_id.is_not(None), AuditEvent.incident_id.not_in(select(Incident.id))
        )
        return int(self.session.scalar(q) or 0)

    def out_of_order_count(self) -> int:
        """Incidents whose events start before the incident was logged (clock or import trouble)."""
        q = (
            select(func.count(func.distinct(Incident.id)))
            .join(AuditEvent, AuditEvent.incident_id == Incident.id)
            .where(AuditEvent.at < Incident.detected_at)
        )
        return int(self.session.scalar(q) or 0)


class PeopleRepository(Repository):
    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def by_login(self, login: str) -> Person | None:
        return self.session.scalar(select(Person).where(Person.login == login))

    def by_email(self, email: str) -> Person | None:
        return self.session.scalar(select(Person).where(func.lower(Person.email) == email.lower()).limit(1))

    def staff(self) -> list[Person]:
        return list(self.session.scalars(
            select(Person).where(Person.kind == "staff", Person.is_active).order_by(Person.name)
        ))

    def contacts(self, prefix: str = "", limit: int = 50) -> list[Person]:
        q = select(Person).where(Person.kind == "contact")
        if prefix:
            q = q.where(Person.name.ilike(f"{prefix}%"))
        return list(self.session.scalars(q.order_by(Person.name).limit(limit)))

    def names(self, ids: Iterable[int | None]) -> dict[int, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        return dict(self.session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted))).all())  # type: ignore[arg-type]

    def group_ids_of(self, person_id: int) -> list[int]:
        return list(self.session.scalars(select(GroupMember.group_id).where(GroupMember.person_id == person_id)))


class GroupRepository(Repository):
    def get(self, group_id: int) -> Group | None:
        return self.session.get(Group, group_id)

    def all(self) -> list[Group]:
        return list(self.session.scalars(select(Group).order_by(Group.tier, Group.name)))

    def by_name(self, name: str) -> Group | None:
        return self.session.scalar(select(Group).where(Group.name == name))

    def service_desk(self) -> Group | None:
        return self.session.scalar(select(Group).where(Group.is_service_desk).order_by(Group.id).limit(1))

    def members(self, group_id: int) -> list[Person]:
        return list(self.session.scalars(
            select(Person).join(GroupMember, GroupMember.person_id == Person.id).where(GroupMember.group_id == group_id)
            .order_by(Person.name)
        ))

    def is_member(self, group_id: int, person_id: int) -> bool:
        return self.session.get(GroupMember, (group_id, person_id)) is not None


class CatalogueRepository(Repository):
    def category(self, category_id: int) -> Category | None:
        return self.session.get(Category, category_id)

    def categories(self) -> list[Category]:
        return list(self.session.scalars(select(Category).order_by(Category.parent_id.nullsfirst(), Category.name)))

    def service(self, service_id: int) -> Service | None:
        return self.session.get(Service, service_id)

    def services(self) -> list[Service]:
        return list(self.session.scalars(select(Service).order_by(Service.name)))

    def category_by_path(self, name: str, parent_id: int | None) -> Category | None:
        return self.session.scalar(select(Category).where(Category.name == name, Category.parent_id.is_(parent_id)
                                                          if parent_id is None else Category.parent_id == parent_id))

    def service_by_name(self, name: str) -> Service | None:
        return self.session.scalar(select(Service).where(Service.name == name))


class SettingsRepository(Repository):
    def get(self, key: str) -> dict | None:
        row = self.session.get(Setting, key)
        return None if row is None else row.value

    def put(self, key: str, value: dict) -> dict | None:
        row = self.session.get(Setting, key)
        old = None if row is None else row.value
        if row is None:
            self.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        return old

    def all(self) -> dict[str, dict]:
        return {s.key: s.value for s in self.session.scalars(select(Setting))}


class NoteRepository(Repository):
    def for_incident(self, incident_id: int) -> list[Note]:
        q = select(Note).where(Note.incident_id == incident_id).order_by(Note.at, Note.id)
        return list(self.session.scalars(q))

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(Note.id))) or 0)


class EscalationRepository(Repository):
    def for_incident(self, incident_id: int) -> list[Escalation]:
        return list(self.session.scalars(
            select(Escalation).where(Escalation.incident_id == incident_id).order_by(Escalation.at, Escalation.id)
        ))


class CommunicationRepository(Repository):
    def for_incident(self, incident_id: int) -> list[Communication]:
        return list(self.session.scalars(
            select(Communication).where(Communication.incident_id == incident_id)
            .order_by(Communication.sent_at, Communication.id)
        ))

    def templates(self) -> list[CommTemplate]:
        return list(self.session.scalars(select(CommTemplate).order_by(CommTemplate.name)))

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(Communication.id))) or 0)


class ReviewRepository(Repository):
    def current(self, incident_id: int) -> Review | None:
        return self.session.scalar(
            select(Review).where(Review.incident_id == incident_id).order_by(Review.revision.desc()).limit(1)
        )

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(Review.id))) or 0)


class BulkWriter(Repository):
    """Fast executemany inserts for demo data and imports (Core, no ORM identity map)."""

    def insert(self, table: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            # Core executemany on the table: the ORM bulk path falls back to one statement per row
            # whenever rows differ in which keys hold None.
            self.session.connection().execute(insert(table.__table__), rows)
            if "id" in rows[0]:
                advance_identity(self.session.connection(), [table])

    def max_id(self, table: type[Any]) -> int:
        return int(self.session.scalar(select(func.max(table.id))) or 0)

    def set_counter(self, name: str, value: int) -> None:
        row = self.session.get(Counter, name)
        if row is None:
            self.session.add(Counter(name=name, value=value))
        else:
            row.value = max(row.value, value)
