"""Queue reads: rows for a view, counts per view, full-text search and similar incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.queue_filter import BUILTIN_VIEWS, QueueFilter
from app.services.context import ServiceContext
from app.store import queue_queries


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One queue line; immutable so the model can share it between caches."""

    id: int
    number: str
    priority: int
    title: str
    status: str
    category: str | None
    service: str | None
    group: str | None
    assignee: str | None
    resolution_due_at: datetime | None
    resolution_warn_at: datetime | None
    sla_paused_at: datetime | None
    resolution_breached: bool
    next_update_due_at: datetime | None
    logged_at: datetime
    updated_at: datetime
    is_major: bool
    version: int


class QueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def rows(self, f: QueueFilter, limit: int | None = None) -> list[IncidentRow]:
        with self.ctx.db.uow() as uow:
            raw = queue_queries.queue_rows(uow.session, f, self.ctx.clock.now(), self.ctx.user_id, limit)
        return [IncidentRow(*r) for r in raw]

    def rows_by_id(self, ids: list[int]) -> list[IncidentRow]:
        return self.rows(QueueFilter(incident_ids=tuple(ids))) if ids else []

    def count(self, f: QueueFilter) -> int:
        with self.ctx.db.uow() as uow:
            return queue_queries.queue_count(uow.session, f, self.ctx.clock.now(), self.ctx.user_id)

    def builtin_counts(self) -> dict[str, int]:
        return {v.key: self.count(v.filter) for v in BUILTIN_VIEWS}

    def search_ranked(self, text: str, limit: int = 20) -> list[tuple[int, float]]:
        with self.ctx.db.uow() as uow:
            return queue_queries.SearchIndex(uow.session).ranked(text, limit)
