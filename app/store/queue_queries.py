"""Read side of the queue: one SQL query per view, filtered, searched and counted in the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, literal_column, or_, select, text
from sqlalchemy.orm import Session, aliased

from app.domain.queue_filter import QueueFilter, SlaFilter
from app.store.tables import Category, Group, GroupMember, Incident, Person, Review, Service

Assignee = aliased(Person)

QUEUE_COLUMNS = (
    Incident.id, Incident.number, Incident.priority, Incident.title, Incident.status, Category.name,
    Service.name, Group.name, Assignee.name, Incident.resolution_due_at, Incident.resolution_warn_at,
    Incident.sla_paused_at, Incident.resolution_breached, Incident.next_update_due_at, Incident.logged_at,
    Incident.updated_at, Incident.is_major, Incident.version,
)


def base_query() -> Select[Any]:
    return (
        select(*QUEUE_COLUMNS)
        .outerjoin(Category, Category.id == Incident.category_id)
        .outerjoin(Service, Service.id == Incident.service_id)
        .outerjoin(Group, Group.id == Incident.group_id)
        .outerjoin(Assignee, Assignee.id == Incident.assignee_id)
    )


class SearchIndex:
    """Full-text search behind one interface: FTS5 on SQLite, LIKE elsewhere until a server index exists."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def fts_query(text_: str) -> str:
        """Words become prefix terms, quoted so user input cannot inject FTS syntax."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in text_).split() if w]
        return " ".join(f'"{w}"*' for w in words)

    def matching_ids(self, text_: str) -> Select[Any] | None:
        q = self.fts_query(text_)
        if not q:
            return None
        if self.session.bind.dialect.name == "sqlite":  # type: ignore[union-attr]
            return select(literal_column("rowid")).select_from(text("incident_fts")).where(
                text("incident_fts MATCH :q").bindparams(q=q)
            )
        like = f"%{text_.strip()}%"
        return select(Incident.id).outerjoin(Person, Person.id == Incident.reporter_id).where(
            or_(Incident.number.ilike(like), Incident.title.ilike(like), Incident.description.ilike(like),
                Person.name.ilike(like))
        )

    def ranked(self, text_: str, limit: int = 20) -> list[tuple[int, float]]:
        """Best matches first (bm25 on SQLite)."""
        q = self.fts_query(text_.replace('"', " "))
        if not q:
            return []
        if self.session.bind.dialect.name == "sqlite":  # type: ignore[union-attr]
            # Any word may match for suggestions; bm25 ranks the ones matching more words first.
            q_any = " OR ".join(q.split(" "))
            rows = self.session.execute(
                text("SELECT rowid, bm25(incident_fts, 2.0, 4.0, 1.0, 1.0) AS r FROM incident_fts "
                     "WHERE incident_fts MATCH :q ORDER BY r LIMIT :n"), {"q": q_any, "n": limit}
            ).all()
            return [(int(r[0]), float(r[1])) for r in rows]
        sub = self.matching_ids(text_)
        assert sub is not None
        return [(int(i), 0.0) for i in self.session.scalars(sub.limit(limit))]


def apply_filter(q: Select[Any], f: QueueFilter, session: Session, now: datetime, user_id: int | None) -> Select[Any]:
    if f.statuses:
        q = q.where(Incident.status.in_(f.statuses))
    if f.priorities:
        q = q.where(Incident.priority.in_(f.priorities))
    if f.group_ids:
        q = q.where(Incident.group_id.in_(f.group_ids))
    if f.category_ids:
        q = q.where(Incident.category_id.in_(f.category_ids))
    if f.service_ids:
        q = q.where(Incident.service_id.in_(f.service_ids))
    if f.assignee_id is not None:
        q = q.where(Incident.assignee_id == f.assignee_id)
    if f.unassigned:
        q = q.where(Incident.assignee_id.is_(None))
    if f.major_only:
        q = q.where(Incident.is_major)
    if f.mine:
        q = q.where(Incident.assignee_id == (user_id if user_id is not None else -1))
    if f.my_groups:
        q = q.where(Incident.group_id.in_(select(GroupMember.group_id).where(GroupMember.person_id == user_id)))
    if f.sla is SlaFilter.BREACHED:
        q = q.where(or_(Incident.resolution_breached, Incident.resolution_due_at <= now))
    elif f.sla is SlaFilter.AT_RISK:
        q = q.where(Incident.resolution_warn_at <= now, Incident.resolution_due_at > now,
                    Incident.sla_paused_at.is_(None))
    if f.closed_within_days is not None:
        q = q.where(Incident.closed_at >= now - timedelta(days=f.closed_within_days))
    if f.update_overdue:
        q = q.where(Incident.next_update_due_at <= now)
    if f.review_due:
        # A cancelled incident (false alarm, duplicate) never needs a review.
        q = q.where(or_(Incident.is_major, Incident.priority == 1), Incident.status != "cancelled",
                    ~select(Review.id).where(Review.incident_id == Incident.id).exists())
    if f.incident_ids is not None:
        q = q.where(Incident.id.in_(f.incident_ids))
    if f.search:
        sub = SearchIndex(session).matching_ids(f.search)
        if sub is not None:
            q = q.where(Incident.id.in_(sub))
    return q


def queue_rows(session: Session, f: QueueFilter, now: datetime, user_id: int | None,
               limit: int | None = None) -> list[tuple[Any, ...]]:
    q = apply_filter(base_query(), f, session, now, user_id).order_by(Incident.id.desc())
    if limit is not None:
        q = q.limit(limit)
    return [tuple(r) for r in session.execute(q)]


def queue_count(session: Session, f: QueueFilter, now: datetime, user_id: int | None) -> int:
    q = apply_filter(select(func.count(Incident.id)), f, session, now, user_id)
    return int(session.scalar(q) or 0)
