"""Incident exports to Excel-safe CSV: a queue view (its filter, columns, sort) or everything in a date range."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from app.domain.errors import ValidationError
from app.domain.queue_filter import QueueFilter
from app.export.csv_safe import CsvOptions, SafeCsvWriter
from app.export.files import atomic_output
from app.services.context import ServiceContext
from app.services.jobs import JobControl
from app.store import report_queries


@dataclass(frozen=True)
class ExportColumn:
    key: str
    header: str
    kind: str  # "text" | "number" | "time" | "flag"


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("number", "Number", "text"),
    ExportColumn("title", "Title", "text"),
    ExportColumn("status", "Status", "text"),
    ExportColumn("priority", "Priority", "number"),
    ExportColumn("impact", "Impact", "number"),
    ExportColumn("urgency", "Urgency", "number"),
    ExportColumn("major", "Major incident", "flag"),
    ExportColumn("source", "Source", "text"),
    ExportColumn("category", "Category", "text"),
    ExportColumn("service", "Service", "text"),
    ExportColumn("configuration_item", "Configuration item", "text"),
    ExportColumn("group", "Assignment group", "text"),
    ExportColumn("tier", "Tier", "number"),
    ExportColumn("assignee", "Assignee", "text"),
    ExportColumn("reporter", "Reporter", "text"),
    ExportColumn("detected_at", "Detected (UTC)", "time"),
    ExportColumn("logged_at", "Logged (UTC)", "time"),
    ExportColumn("acknowledged_at", "Acknowledged (UTC)", "time"),
    ExportColumn("response_due_at", "Response due (UTC)", "time"),
    ExportColumn("resolution_due_at", "Resolution due (UTC)", "time"),
    ExportColumn("next_update_due_at", "Next update due (UTC)", "time"),
    ExportColumn("resolved_at", "Resolved (UTC)", "time"),
    ExportColumn("closed_at", "Closed (UTC)", "time"),
    ExportColumn("updated_at", "Updated (UTC)", "time"),
    ExportColumn("response_breached", "Response SLA breached", "flag"),
    ExportColumn("resolution_breached", "Resolution SLA breached", "flag"),
    ExportColumn("minutes_to_acknowledge", "Minutes to acknowledge", "number"),
    ExportColumn("minutes_to_resolve", "Minutes to resolve", "number"),
    ExportColumn("age_minutes", "Age (minutes)", "number"),
    ExportColumn("sla_remaining_minutes", "SLA remaining (minutes)", "number"),
    ExportColumn("reopen_count", "Reopened", "number"),
    ExportColumn("escalation_count", "Escalations", "number"),
    ExportColumn("first_contact_resolution", "First-contact resolution", "flag"),
    ExportColumn("hold_reason", "Hold reason", "text"),
    ExportColumn("resolution_code", "Resolution code", "text"),
    ExportColumn("closure_code", "Closure code", "text"),
    ExportColumn("cancel_reason", "Cancel reason", "text"),
)
BY_KEY = {c.key: c for c in COLUMNS}
ALL_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)

# Queue columns (by their enum name in ui/models/incident_columns.py) and the export columns that carry
# them: what the queue shows relative to now ("SLA remaining", "Age") becomes a timestamp plus minutes.
QUEUE_COLUMN_KEYS: dict[str, tuple[str, ...]] = {
    "NUMBER": ("number",),
    "PRIORITY": ("priority",),
    "TITLE": ("title",),
    "STATUS": ("status",),
    "CATEGORY": ("category",),
    "SERVICE": ("service",),
    "GROUP": ("group",),
    "ASSIGNEE": ("assignee",),
    "SLA": ("resolution_due_at", "sla_remaining_minutes"),
    "NEXT_UPDATE": ("next_update_due_at",),
    "AGE": ("logged_at", "age_minutes"),
    "UPDATED": ("updated_at",),
}
QUEUE_SORT_KEYS: dict[str, str] = {"SLA": "resolution_due_at", "AGE": "logged_at"}


def columns_for_queue(queue_columns: Sequence[str]) -> tuple[str, ...]:
    """Export columns for the queue's visible columns in their on-screen order; the number always comes first."""
    keys: list[str] = []
    for name in queue_columns:
        for key in QUEUE_COLUMN_KEYS.get(name.upper(), ()):
            if key not in keys:
                keys.append(key)
    if "number" in keys:
        keys.remove("number")
    return ("number", *keys)


def sort_for_queue(column: str | None, descending: bool) -> tuple[tuple[str, bool], ...]:
    if not column:
        return ()
    name = column.upper()
    key = QUEUE_SORT_KEYS.get(name) or next(iter(QUEUE_COLUMN_KEYS.get(name, ())), None)
    return ((key, descending),) if key else ()


@dataclass(frozen=True)
class ExportRequest:
    """What to export: a queue filter and/or a logging-date range [logged_from, logged_to)."""

    path: Path
    filter: QueueFilter | None = None
    logged_from: datetime | None = None
    logged_to: datetime | None = None
    columns: tuple[str, ...] = ALL_KEYS
    sort: tuple[tuple[str, bool], ...] = ()
    options: CsvOptions = field(default_factory=CsvOptions)
    local_time: bool = False
    timezone: tzinfo | None = None  # for the local-time columns; None is this computer's zone

    def validate(self) -> None:
        unknown = [k for k in self.columns if k not in BY_KEY]
        if unknown:
            raise ValidationError(f"Unknown export column(s): {', '.join(unknown)}.", "columns")
        if not self.columns:
            raise ValidationError("Choose at least one column to export.", "columns")
        bad_sort = [k for k, _ in self.sort if k not in BY_KEY]
        if bad_sort:
            raise ValidationError(f"Cannot sort by unknown column(s): {', '.join(bad_sort)}.", "sort")
        if self.logged_from and self.logged_to and self.logged_from >= self.logged_to:
            raise ValidationError("The start of the date range must be before its end.", "logged_from")
        if self.path.exists() and self.path.is_dir():
            raise ValidationError(f"{self.path} is a folder; choose a file name.", "path")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    columns: tuple[str, ...]


class ExportService:
    CHUNK = 2000

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def headers(self, req: ExportRequest) -> list[str]:
        out: list[str] = []
        for key in req.columns:
            col = BY_KEY[key]
            out.append(col.header)
            if req.local_time and col.kind == "time":
                out.append(col.header.replace("(UTC)", "(local)"))
        return out

    def count(self, req: ExportRequest) -> int:
        now = self.ctx.clock.now()
        with self.ctx.db.uow() as uow:
            return report_queries.export_count(uow.session, now, self.ctx.user_id, req.filter, req.logged_from,
                                               req.logged_to)

    def export_incidents(self, req: ExportRequest, control: JobControl | None = None) -> ExportResult:
        """Streams the rows to `req.path`; cancelling (control.cancel()) leaves no file behind."""
        req.validate()
        control = control or JobControl()
        now = self.ctx.clock.now()
        text_idx, time_idx = self._layout(req)
        written = 0
        with self.ctx.db.uow() as uow:
            total = report_queries.export_count(uow.session, now, self.ctx.user_id, req.filter, req.logged_from,
                                                req.logged_to)
            q = report_queries.export_query(uow.session, req.columns, now, self.ctx.user_id, req.filter,
                                            req.logged_from, req.logged_to, req.sort)
            control.report(0, total, "Exporting incidents…")
            with atomic_output(req.path) as fh:
                writer = SafeCsvWriter(fh, req.options)
                writer.header(self.headers(req))
                for part in report_queries.stream(uow.session, q, self.CHUNK):
                    rows: Any = part
                    if req.local_time and time_idx:
                        rows = self._with_local(part, time_idx, req.timezone)
                    written += writer.typed_rows(rows, text_idx)
                    control.report(written, total, f"Exported {written:,} of {total:,} incidents")
        return ExportResult(req.path, written, req.columns)

    @staticmethod
    def _layout(req: ExportRequest) -> tuple[list[int], list[int]]:
        """Positions of text columns in the written row, and of time columns in the fetched row."""
        text_idx: list[int] = []
        time_idx: list[int] = []
        pos = 0
        for i, key in enumerate(req.columns):
            kind = BY_KEY[key].kind
            if kind == "text":
                text_idx.append(pos)
            pos += 1
            if kind == "time":
                time_idx.append(i)
                if req.local_time:
                    pos += 1
        return text_idx, time_idx

    @staticmethod
    def _with_local(rows: Sequence[Sequence[Any]], time_idx: list[int], tz: tzinfo | None
                    ) -> Iterator[list[Any]]:
        cache: dict[str, str] = {}
        wanted = set(time_idx)
        for r in rows:
            out: list[Any] = []
            for i, v in enumerate(r):
                out.append(v)
                if i in wanted:
                    if v is None:
                        out.append(None)
                        continue
                    local = cache.get(v)
                    if local is None:
                        local = datetime.fromisoformat(v).astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
                        cache[v] = local
                    out.append(local)
            yield out
