"""Review queries: revisions, action items, and the action-item overview across current revisions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.store.repositories import ReviewRepository
from app.store.tables import ActionItem, Communication, Incident, Person, Review, Service

Owner = aliased(Person)


class ReviewRecords(ReviewRepository):
    def get(self, review_id: int) -> Review | None:
        return self.session.get(Review, review_id)

    def revisions(self, incident_id: int) -> list[Review]:
        return list(self.session.scalars(
            select(Review).where(Review.incident_id == incident_id).order_by(Review.revision)
        ))

    def items(self, review_id: int) -> list[ActionItem]:
        return list(self.session.scalars(
            select(ActionItem).where(ActionItem.review_id == review_id).order_by(ActionItem.position, ActionItem.id)
        ))

    def item(self, item_id: int) -> ActionItem | None:
        return self.session.get(ActionItem, item_id)

    def delete(self, obj: object) -> None:
        self.session.delete(obj)

    def next_position(self, review_id: int) -> int:
        top = self.session.scalar(select(func.max(ActionItem.position)).where(ActionItem.review_id == review_id))
        return int(top if top is not None else -1) + 1

    def communications(self, incident_id: int) -> list[Communication]:
        return list(self.session.scalars(
            select(Communication).where(Communication.incident_id == incident_id)
            .order_by(Communication.sent_at, Communication.id)
        ))

    def service_names(self, ids: Sequence[int]) -> list[str]:
        if not ids:
            return []
        return list(self.session.scalars(select(Service.name).where(Service.id.in_(list(ids))).order_by(Service.name)))

    def overview(self, owner_id: int | None = None, statuses: Sequence[str] = (), due_before: date | None = None,
                 limit: int = 5000) -> list[tuple[Any, ...]]:
        """Action items of every incident's current revision, earliest due first (undated last).

        Rows: item id, review id, incident id, number, title, revision, review status, description, kind,
        owner id, owner name, due date, status, problem ref, position.
        """
        latest = (select(Review.incident_id, func.max(Review.revision).label("rev"))
                  .group_by(Review.incident_id).subquery())
        q = (
            select(ActionItem.id, Review.id, Incident.id, Incident.number, Incident.title, Review.revision,
                   Review.status, ActionItem.description, ActionItem.kind, ActionItem.owner_id, Owner.name,
                   ActionItem.due_date, ActionItem.status, ActionItem.problem_ref, ActionItem.position)
            .join(Review, Review.id == ActionItem.review_id)
            .join(latest, (latest.c.incident_id == Review.incident_id) & (latest.c.rev == Review.revision))
            .join(Incident, Incident.id == Review.incident_id)
            .outerjoin(Owner, Owner.id == ActionItem.owner_id)
        )
        if owner_id is not None:
            q = q.where(ActionItem.owner_id == owner_id)
        if statuses:
            q = q.where(ActionItem.status.in_(list(statuses)))
        if due_before is not None:
            q = q.where(ActionItem.due_date < due_before)
        q = q.order_by(ActionItem.due_date.is_(None), ActionItem.due_date, Incident.id, ActionItem.position)
        q = q.limit(limit)
        return [tuple(r) for r in self.session.execute(q)]
