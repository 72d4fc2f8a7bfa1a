"""Reference reads: staff, contacts, groups, the category tree and the service catalogue."""

from __future__ import annotations

from app.services.context import ServiceContext
from app.services.dto import CategoryRow, GroupRow, PersonRow, ServiceRow
from app.store.tables import Person


def _person(p: Person) -> PersonRow:
    return PersonRow(p.id, p.kind, p.name, p.email, p.phone, p.department, p.location, p.login, p.role,
                     p.manager_id)


class DirectoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def current_user(self) -> PersonRow | None:
        if self.ctx.user_id is None:
            return None
        with self.ctx.db.uow() as uow:
            p = uow.people.get(self.ctx.user_id)
            return _person(p) if p else None

    def staff(self) -> list[PersonRow]:
        with self.ctx.db.uow() as uow:
            return [_person(p) for p in uow.people.staff()]

    def contacts(self, prefix: str = "", limit: int = 50) -> list[PersonRow]:
        with self.ctx.db.uow() as uow:
            return [_person(p) for p in uow.people.contacts(prefix, limit)]

    def groups(self) -> list[GroupRow]:
        with self.ctx.db.uow() as uow:
            groups = uow.groups.all()
            names = uow.people.names(g.manager_id for g in groups)
            return [GroupRow(g.id, g.name, g.tier, g.manager_id, names.get(g.manager_id) if g.manager_id else None,
                             g.is_service_desk) for g in groups]

    def group_members(self, group_id: int) -> list[PersonRow]:
        with self.ctx.db.uow() as uow:
            return [_person(p) for p in uow.groups.members(group_id)]

    def categories(self) -> list[CategoryRow]:
        with self.ctx.db.uow() as uow:
            cats = uow.catalogue.categories()
        by_id = {c.id: c for c in cats}

        def path(cid: int) -> str:
            parts, seen = [], set()
            cur = by_id.get(cid)
            while cur is not None and cur.id not in seen:
                seen.add(cur.id)
                parts.append(cur.name)
                cur = by_id.get(cur.parent_id) if cur.parent_id else None
            return " / ".join(reversed(parts))

        return [CategoryRow(c.id, c.name, c.parent_id, path(c.id)) for c in cats]

    def services(self) -> list[ServiceRow]:
        with self.ctx.db.uow() as uow:
            return [ServiceRow(s.id, s.name, s.kind, s.parent_id) for s in uow.catalogue.services()]
