"""Changes made by other processes on the same store, found by cheap polling (a server can push instead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from app.services.context import ServiceContext
from app.services.queue import stamp_time, to_stamp
from app.store import queue_queries

# A writer stamps updated_at before its commit makes the row visible, so a slow transaction can land
# behind the newest stamp already seen; re-reading a short overlap catches it (the UI skips known versions).
OVERLAP = timedelta(seconds=30)


@dataclass(frozen=True)
class Watermark:
    newest: str | None  # the newest updated_at stamp seen
    count: int  # incidents in the store
    data_version: int | None = None  # SQLite's commit counter as seen from the probe connection


@dataclass(frozen=True)
class FeedBatch:
    """What changed since the last poll: incident id -> version; `reset` when a full reload is needed."""

    watermark: Watermark
    versions: dict[int, int]
    reset: bool = False


class ChangeFeed(Protocol):
    """Polled off the GUI thread every few seconds; a PostgreSQL LISTEN/NOTIFY feed implements the same."""

    def poll(self, since: Watermark | None) -> FeedBatch: ...

    def close(self) -> None: ...


class PollingChangeFeed:
    """Asks SQLite's data_version (free), then max(updated_at) and count(*) (index-only); only when
    something moved does it read the ids touched since the last watermark."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._probe: queue_queries.DataVersionProbe | None = None

    def poll(self, since: Watermark | None) -> FeedBatch:
        if self._probe is None:
            self._probe = queue_queries.DataVersionProbe(self.ctx.db.engine)
        version = self._probe.value()
        if since is not None and version is not None and version == since.data_version:
            return FeedBatch(since, {})
        with self.ctx.db.uow() as uow:
            newest, count = queue_queries.change_marker(uow.session)
            mark = Watermark(newest, count, version)
            if since is None or (mark.newest, mark.count) == (since.newest, since.count) and version is None:
                return FeedBatch(mark, {})
            if count < since.count:
                return FeedBatch(mark, {}, reset=True)  # rows vanished and nothing says which
            start = since.newest
            if start is not None:
                start = to_stamp(stamp_time(start) - OVERLAP)  # type: ignore[operator]
            rows = queue_queries.versions_updated_since(uow.session, start or "")
        return FeedBatch(mark, {iid: v for iid, v, _ in rows})

    def close(self) -> None:
        if self._probe is not None:
            self._probe.close()
            self._probe = None
