"""Saved queue views of users (the built-in views are code, not rows)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.store.repositories import Repository
from app.store.tables import SavedView


class SavedViewRepository(Repository):
    def for_owner(self, owner_id: int | None) -> list[SavedView]:
        q = select(SavedView).where(SavedView.owner_id.is_(owner_id) if owner_id is None
                                    else SavedView.owner_id == owner_id)
        return list(self.session.scalars(q.order_by(SavedView.position, SavedView.id)))

    def get(self, view_id: int) -> SavedView | None:
        return self.session.get(SavedView, view_id)

    def by_name(self, owner_id: int | None, name: str) -> SavedView | None:
        return next((v for v in self.for_owner(owner_id) if v.name.casefold() == name.casefold()), None)

    def next_position(self, owner_id: int | None) -> int:
        q = select(func.max(SavedView.position)).where(
            SavedView.owner_id.is_(owner_id) if owner_id is None else SavedView.owner_id == owner_id)
        return int(self.session.scalar(q) or 0) + 1

    def delete(self, view: SavedView) -> None:
        self.session.delete(view)
