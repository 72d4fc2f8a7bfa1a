"""Immutable review rows handed to the UI and the exporters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.review import ActionKind, ActionStatus, ReviewContent, ReviewFacts, ReviewStatus


@dataclass(frozen=True, slots=True)
class ActionItemInput:
    """What the author types for one action item."""

    description: str
    kind: ActionKind = ActionKind.PREVENT
    owner_id: int | None = None
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    problem_ref: str | None = None


@dataclass(frozen=True, slots=True)
class ActionItemRow:
    id: int
    review_id: int
    incident_id: int
    incident_number: str
    incident_title: str
    revision: int
    review_status: str
    description: str
    kind: str
    owner_id: int | None
    owner: str | None
    due_date: date | None
    status: str
    problem_ref: str | None
    position: int
    overdue: bool

    def as_input(self) -> ActionItemInput:
        return ActionItemInput(self.description, ActionKind(self.kind), self.owner_id, self.due_date,
                               ActionStatus(self.status), self.problem_ref)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    incident_id: int
    incident_number: str
    incident_title: str
    priority: int
    is_major: bool
    revision: int
    status: str
    content: ReviewContent
    items: tuple[ActionItemRow, ...]
    facts: ReviewFacts
    detected_at: datetime
    created_at: datetime
    updated_at: datetime
    author: str | None
    published_at: datetime | None
    version: int

    @property
    def editable(self) -> bool:
        return ReviewStatus(self.status).editable

    @property
    def status_label(self) -> str:
        return ReviewStatus(self.status).label
