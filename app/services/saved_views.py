"""Users' own queue views: a named QueueFilter saved in the store, listed under the built-in views."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import EventKind
from app.domain.errors import NotFound, ValidationError
from app.domain.queue_filter import QueueFilter
from app.domain.validation import clean_line
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.store.tables import SavedView

NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class SavedViewRow:
    id: int
    name: str
    filter: QueueFilter
    position: int

    @property
    def key(self) -> str:
        """Stable key for per-view settings (column layout) and counts."""
        return f"user:{self.id}"


def _row(v: SavedView) -> SavedViewRow:
    return SavedViewRow(v.id, v.name, QueueFilter.from_json(v.filter or {}), v.position)


def _changes() -> Changes:
    return Changes(topics=frozenset({"views"}))


class SavedViewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self) -> list[SavedViewRow]:
        with self.ctx.db.uow() as uow:
            return [_row(v) for v in uow.saved_views.for_owner(self.ctx.user_id)]

    def save(self, name: str, f: QueueFilter) -> Result[SavedViewRow]:
        """Save a new view, or replace the filter of the user's view with the same name."""
        clean = clean_line(name, "name", "View name", required=True, max_len=NAME_MAX)
        with self.ctx.db.uow() as uow:
            audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
            view = uow.saved_views.by_name(self.ctx.user_id, clean)
            data = f.to_json()
            if view is None:
                view = SavedView(name=clean, owner_id=self.ctx.user_id, filter=data,
                                 position=uow.saved_views.next_position(self.ctx.user_id))
                uow.add(view)
            else:
                view.filter = data
            uow.flush()
            audit.event(None, EventKind.SETTINGS_CHANGED, "saved_view", None, clean,
                        {"view_id": view.id, "filter": data})
            row = _row(view)
            uow.commit()
            return Result(row, _changes())

    def rename(self, view_id: int, name: str) -> Result[SavedViewRow]:
        clean = clean_line(name, "name", "View name", required=True, max_len=NAME_MAX)
        with self.ctx.db.uow() as uow:
            view = self._own(uow, view_id)
            other = uow.saved_views.by_name(self.ctx.user_id, clean)
            if other is not None and other.id != view.id:
                raise ValidationError(f"You already have a view called '{other.name}'.", "name")
            audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
            audit.event(None, EventKind.SETTINGS_CHANGED, "saved_view", view.name, clean, {"view_id": view.id})
            view.name = clean
            uow.flush()
            row = _row(view)
            uow.commit()
            return Result(row, _changes())

    def delete(self, view_id: int) -> Result[None]:
        with self.ctx.db.uow() as uow:
            view = self._own(uow, view_id)
            audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
            audit.event(None, EventKind.SETTINGS_CHANGED, "saved_view", view.name, None, {"view_id": view.id})
            uow.saved_views.delete(view)
            uow.commit()
            return Result(None, _changes())

    def _own(self, uow, view_id: int) -> SavedView:  # type: ignore[no-untyped-def]
        view = uow.saved_views.get(view_id)
        if view is None or view.owner_id != self.ctx.user_id:
            raise NotFound("That saved view no longer exists.")
        return view
