"""Changes made by other processes on the same store, found by cheap polling (a server can push instead)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from app.services.context import ServiceContext
from app.services.queue import stamp_time, to_stamp
from app.store import queue_queries
from app.store.notify import ChangeListener

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

    def __init__(self, ctx: ServiceContext, always_read: bool = False) -> None:
        self.ctx = ctx
        self._probe: queue_queries.DataVersionProbe | None = None
        # Without a commit counter, an edit that leaves max(updated_at) and count(*) alone (a workstation
        # whose clock runs behind) would go unseen: re-read the overlap window on every poll instead.
        self.always_read = always_read

    def poll(self, since: Watermark | None) -> FeedBatch:
        if self._probe is None:
            self._probe = queue_queries.DataVersionProbe(self.ctx.db.engine)
        version = self._probe.value()
        if since is not None and version is not None and version == since.data_version:
            return FeedBatch(since, {})
        with self.ctx.db.uow() as uow:
            newest, count = queue_queries.change_marker(uow.session)
            mark = Watermark(newest, count, version)
            unmoved = (mark.newest, mark.count) == (since.newest, since.count) if since is not None else True
            if since is None or unmoved and version is None and not self.always_read:
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


CATCH_UP_POLLS = 1


class ServerChangeFeed:
    """PostgreSQL: the triggers NOTIFY every incident change and a listener thread collects them, so a poll
    is a dictionary swap. While the listener is down (or just came back and may have missed some), it
    polls like the file store does, so nothing is lost either way."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._fallback = PollingChangeFeed(ctx, always_read=True)
        self._wakeup: Callable[[], None] | None = None
        self._listener: ChangeListener | None = None  # started by the first poll: commands never need it
        self._catch_up = CATCH_UP_POLLS  # polls still answered by polling since the listener (re)started

    @property
    def listener(self) -> ChangeListener:
        if self._listener is None:
            self._listener = ChangeListener(self.ctx.db.engine, self._changed)
        return self._listener

    def set_wakeup(self, callback: Callable[[], None] | None) -> None:
        """`callback` runs on the listener thread whenever a change is heard (the UI polls at once)."""
        self._wakeup = callback

    def _changed(self) -> None:
        wakeup = self._wakeup
        if wakeup is not None:
            try:
                wakeup()
            except Exception:  # noqa: BLE001 - a closed window must not take the listener down
                self._wakeup = None

    def poll(self, since: Watermark | None) -> FeedBatch:
        heard = self.listener.drain()
        if not heard.listening or heard.gap:
            self._catch_up = CATCH_UP_POLLS
        if since is None or not heard.listening or self._catch_up > 0:
            # Changes made before LISTEN took effect (or while it was down) were not heard: catch up by polling.
            if heard.listening:
                self._catch_up -= 1
            return self._fallback.poll(since)
        if heard.reset:
            return FeedBatch(self._mark(), {}, reset=True)
        if not heard.versions:
            return FeedBatch(since, {})
        return FeedBatch(self._mark(), heard.versions)

    @property
    def live(self) -> bool:
        """Listening, and caught up with what happened before: from now on changes are pushed."""
        return self._listener is not None and self._listener.listening and self._catch_up == 0

    def _mark(self) -> Watermark:
        """Kept current so a later fallback poll starts from here, not from long ago."""
        with self.ctx.db.uow() as uow:
            newest, count = queue_queries.change_marker(uow.session)
        return Watermark(newest, count, None)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._fallback.close()


def make_change_feed(ctx: ServiceContext) -> ChangeFeed:
    """LISTEN/NOTIFY on PostgreSQL, polling on SQLite (and any other store)."""
    if ctx.db.engine.dialect.name == "postgresql":
        return ServerChangeFeed(ctx)
    return PollingChangeFeed(ctx)
