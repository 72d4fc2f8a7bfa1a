"""Queue reads: rows for a view, counts per view, full-text search and similar incidents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from app.domain.queue_filter import BUILTIN_VIEWS, QueueFilter
from app.services.context import ServiceContext
from app.store import queue_queries

Stamp = str | None
"""A UTC moment as ISO text ('2026-03-02 09:00:00.000000'): sorts like the moment, parsed only when shown."""


def stamp_time(value: Stamp | datetime) -> datetime | None:
    """The aware UTC datetime of a stamp."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def to_stamp(moment: datetime) -> str:
    """The stamp of an aware datetime, comparable with the stamps in rows."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class IncidentRow(NamedTuple):
    """One queue line, a plain tuple so 100k of them load at C speed; ids resolve through `NameBook`."""

    id: int
    number: str
    priority: int
    title: str
    status: str
    category_id: int | None
    service_id: int | None
    group_id: int | None
    assignee_id: int | None
    resolution_due: Stamp
    resolution_warn: Stamp
    sla_paused: Stamp
    resolution_breached: int
    next_update_due: Stamp
    logged: Stamp
    updated: Stamp
    is_major: int
    version: int

    @property
    def resolution_due_at(self) -> datetime | None:
        return stamp_time(self.resolution_due)

    @property
    def resolution_warn_at(self) -> datetime | None:
        return stamp_time(self.resolution_warn)

    @property
    def sla_paused_at(self) -> datetime | None:
        return stamp_time(self.sla_paused)

    @property
    def next_update_due_at(self) -> datetime | None:
        return stamp_time(self.next_update_due)

    @property
    def logged_at(self) -> datetime:
        return stamp_time(self.logged)  # type: ignore[return-value]

    @property
    def updated_at(self) -> datetime:
        return stamp_time(self.updated)  # type: ignore[return-value]


assert IncidentRow._fields == queue_queries.QUEUE_FIELDS[:9] + (
    "resolution_due", "resolution_warn", "sla_paused", "resolution_breached", "next_update_due", "logged",
    "updated", "is_major", "version"), "IncidentRow must follow the store's column order"


@dataclass(frozen=True)
class NameBook:
    """Display names of the ids in queue rows (categories as paths)."""

    categories: dict[int, str] = field(default_factory=dict)
    services: dict[int, str] = field(default_factory=dict)
    groups: dict[int, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)

    def category(self, cid: int | None) -> str:
        return self.categories.get(cid, "") if cid is not None else ""

    def service(self, sid: int | None) -> str:
        return self.services.get(sid, "") if sid is not None else ""

    def group(self, gid: int | None) -> str:
        return self.groups.get(gid, "") if gid is not None else ""

    def person(self, pid: int | None) -> str:
        return self.people.get(pid, "") if pid is not None else ""


@dataclass(frozen=True)
class QueueTable:
    """The rows of one view (newest first) with the names they refer to."""

    rows: list[IncidentRow]
    names: NameBook


class QueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def rows(self, f: QueueFilter, limit: int | None = None) -> list[IncidentRow]:
        with self.ctx.db.uow() as uow:
            return queue_queries.queue_rows(uow.session, f, self.ctx.clock.now(), self.ctx.user_id, limit,
                                            IncidentRow)

    def table(self, f: QueueFilter, limit: int | None = None) -> QueueTable:
        """Rows and names in one read transaction, so the names match the rows."""
        with self.ctx.db.uow() as uow:
            rows = queue_queries.queue_rows(uow.session, f, self.ctx.clock.now(), self.ctx.user_id, limit,
                                            IncidentRow)
            names = queue_queries.name_tables(uow.session)
        return QueueTable(rows, NameBook(names["category"], names["service"], names["group"],
                                                names["person"]))

    def names(self) -> NameBook:
        with self.ctx.db.uow() as uow:
            n = queue_queries.name_tables(uow.session)
        return NameBook(n["category"], n["service"], n["group"], n["person"])

    def rows_by_id(self, ids: list[int]) -> list[IncidentRow]:
        return self.rows(QueueFilter(incident_ids=tuple(ids))) if ids else []

    def count(self, f: QueueFilter) -> int:
        with self.ctx.db.uow() as uow:
            return queue_queries.queue_count(uow.session, f, self.ctx.clock.now(), self.ctx.user_id)

    def builtin_counts(self) -> dict[str, int]:
        return {v.key: self.count(v.filter) for v in BUILTIN_VIEWS}

    def counts(self, filters: dict[str, QueueFilter]) -> dict[str, int]:
        """Counts of several views in one transaction (the side list asks for all at once)."""
        now = self.ctx.clock.now()
        with self.ctx.db.uow() as uow:
            return {k: queue_queries.queue_count(uow.session, f, now, self.ctx.user_id) for k, f in filters.items()}

    def search_ids(self, text: str) -> frozenset[int] | None:
        """Ids matching a full-text search over number, title, description and reporter; None if blank."""
        with self.ctx.db.uow() as uow:
            return queue_queries.SearchIndex(uow.session).ids(text)

    def search_ranked(self, text: str, limit: int = 20) -> list[tuple[int, float]]:
        with self.ctx.db.uow() as uow:
            return queue_queries.SearchIndex(uow.session).ranked(text, limit)
