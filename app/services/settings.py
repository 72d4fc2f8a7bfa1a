"""Process settings and the catalogue behind them: read, edit, audit, and apply to new computations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.domain.enums import EventKind, Role, Tier
from app.domain.errors import NotFound, PermissionDenied, ValidationError
from app.domain.process import ProcessSettings
from app.domain.validation import clean_line
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.store.tables import Category, Group, Service
from app.store.uow import UnitOfWork

SETTINGS_CHANGES = Changes(topics=frozenset({"settings"}))
SERVICE_KINDS = ("service", "ci")


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    id: int
    name: str
    parent_id: int | None
    is_active: bool


@dataclass(frozen=True, slots=True)
class ServiceEntry:
    id: int
    name: str
    kind: str
    parent_id: int | None
    is_active: bool


@dataclass(frozen=True, slots=True)
class GroupEntry:
    id: int
    name: str
    tier: int
    is_service_desk: bool
    is_active: bool


@dataclass(frozen=True)
class SettingsSnapshot:
    """Everything the settings dialog and the wizards show, read in one go."""

    process: ProcessSettings
    categories: tuple[CategoryEntry, ...]
    services: tuple[ServiceEntry, ...]
    groups: tuple[GroupEntry, ...]
    can_edit: bool
    why_read_only: str = ""

    def category_path(self, category_id: int | None) -> str:
        by_id = {c.id: c for c in self.categories}
        parts: list[str] = []
        while category_id is not None and category_id in by_id and len(parts) < 10:
            parts.append(by_id[category_id].name)
            category_id = by_id[category_id].parent_id
        return " / ".join(reversed(parts))


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


class ProcessSettingsService:
    ADMIN_ONLY = "Only an administrator can change the process settings."

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reads ------------------------------------------------------------------------------------

    def load(self) -> ProcessSettings:
        return self.ctx.settings()

    def snapshot(self) -> SettingsSnapshot:
        with self.ctx.db.uow() as uow:
            why = self._why_not_admin(uow)
            cats = tuple(CategoryEntry(c.id, c.name, c.parent_id, c.is_active) for c in uow.catalogue.categories())
            svcs = tuple(ServiceEntry(s.id, s.name, s.kind, s.parent_id, s.is_active)
                         for s in uow.catalogue.services())
            groups = tuple(GroupEntry(g.id, g.name, g.tier, g.is_service_desk, g.is_active) for g in uow.groups.all())
        return SettingsSnapshot(self.ctx.settings(), cats, svcs, groups, can_edit=not why, why_read_only=why)

    # -- plumbing ---------------------------------------------------------------------------------

    def _why_not_admin(self, uow: UnitOfWork) -> str:
        """Empty when the current user may edit; roles only bite once the user has a staff record."""
        me = uow.people.get(self.ctx.user_id) if self.ctx.user_id is not None else None
        return "" if me is None or me.role == Role.ADMIN.value else self.ADMIN_ONLY

    @contextmanager
    def _admin_work(self) -> Iterator[tuple[UnitOfWork, Auditor]]:
        with self.ctx.db.uow() as uow:
            why = self._why_not_admin(uow)
            if why:
                raise PermissionDenied(why)
            yield uow, Auditor(uow, self.ctx.user_id, self.ctx.clock.now())

    @staticmethod
    def _audit(audit: Auditor, field: str, old: Any, new: Any, **payload: Any) -> None:
        audit.event(None, EventKind.SETTINGS_CHANGED, field, _dump(old), _dump(new), payload or None)

    def _done(self, uow: UnitOfWork, value: Any) -> Result[Any]:
        uow.commit()
        self.ctx.invalidate_settings()
        return Result(value, SETTINGS_CHANGES)

    # -- process settings -------------------------------------------------------------------------

    def save(self, settings: ProcessSettings) -> Result[ProcessSettings]:
        """Writes the keys that changed (one audit event each); later computations use the new values."""
        new = settings.to_json()
        with self._admin_work() as (uow, audit):
            stored = uow.settings.all()
            current = ProcessSettings.from_json(stored).to_json()
            for key, value in new.items():
                if current.get(key) != value or key not in stored:
                    uow.settings.put(key, value)
                    self._audit(audit, key, current.get(key), value)
            return self._done(uow, settings)

    # -- categories -------------------------------------------------------------------------------

    def add_category(self, name: str, parent_id: int | None = None) -> Result[CategoryEntry]:
        with self._admin_work() as (uow, audit):
            text = clean_line(name, "name", "Category name", required=True)
            if parent_id is not None:
                parent = uow.catalogue.category(parent_id)
                if parent is None:
                    raise NotFound("The parent category no longer exists.")
                if parent.parent_id is not None:
                    raise ValidationError("Subcategories cannot have subcategories of their own.", "parent")
            if uow.catalogue.category_by_path(text, parent_id) is not None:
                raise ValidationError(f"There is already a category called '{text}' here.", "name")
            cat = Category(name=text, parent_id=parent_id, is_active=True)
            uow.add(cat)
            uow.flush()
            self._audit(audit, "category", None, {"id": cat.id, "name": text, "parent_id": parent_id})
            return self._done(uow, CategoryEntry(cat.id, cat.name, cat.parent_id, True))

    def rename_category(self, category_id: int, name: str) -> Result[CategoryEntry]:
        with self._admin_work() as (uow, audit):
            cat = self._category(uow, category_id)
            text = clean_line(name, "name", "Category name", required=True)
            other = uow.catalogue.category_by_path(text, cat.parent_id)
            if other is not None and other.id != cat.id:
                raise ValidationError(f"There is already a category called '{text}' here.", "name")
            self._audit(audit, "category", {"id": cat.id, "name": cat.name}, {"id": cat.id, "name": text})
            cat.name = text
            return self._done(uow, CategoryEntry(cat.id, cat.name, cat.parent_id, cat.is_active))

    def set_category_active(self, category_id: int, active: bool) -> Result[CategoryEntry]:
        """Inactive categories stay on old incidents but are not offered for new ones."""
        with self._admin_work() as (uow, audit):
            cat = self._category(uow, category_id)
            if cat.is_active != active:
                self._audit(audit, "category", {"id": cat.id, "name": cat.name, "active": cat.is_active},
                            {"id": cat.id, "name": cat.name, "active": active})
                cat.is_active = active
            return self._done(uow, CategoryEntry(cat.id, cat.name, cat.parent_id, cat.is_active))

    @staticmethod
    def _category(uow: UnitOfWork, category_id: int) -> Category:
        cat = uow.catalogue.category(category_id)
        if cat is None:
            raise NotFound("The category no longer exists.")
        return cat

    # -- services and configuration items ---------------------------------------------------------

    def add_service(self, name: str, kind: str = "service", parent_id: int | None = None) -> Result[ServiceEntry]:
        with self._admin_work() as (uow, audit):
            text = clean_line(name, "name", "Service name", required=True)
            if kind not in SERVICE_KINDS:
                raise ValidationError(f"Unknown catalogue entry kind '{kind}'.", "kind")
            if kind == "ci" and parent_id is None:
                raise ValidationError("A configuration item belongs to a service: choose one.", "parent")
            if parent_id is not None and uow.catalogue.service(parent_id) is None:
                raise NotFound("The parent service no longer exists.")
            if uow.catalogue.service_by_name(text) is not None:
                raise ValidationError(f"The catalogue already has an entry called '{text}'.", "name")
            svc = Service(name=text, kind=kind, parent_id=parent_id, is_active=True)
            uow.add(svc)
            uow.flush()
            self._audit(audit, "service", None, {"id": svc.id, "name": text, "kind": kind, "parent_id": parent_id})
            return self._done(uow, ServiceEntry(svc.id, svc.name, svc.kind, svc.parent_id, True))

    def rename_service(self, service_id: int, name: str) -> Result[ServiceEntry]:
        with self._admin_work() as (uow, audit):
            svc = self._service(uow, service_id)
            text = clean_line(name, "name", "Service name", required=True)
            other = uow.catalogue.service_by_name(text)
            if other is not None and other.id != svc.id:
                raise ValidationError(f"The catalogue already has an entry called '{text}'.", "name")
            self._audit(audit, "service", {"id": svc.id, "name": svc.name}, {"id": svc.id, "name": text})
            svc.name = text
            return self._done(uow, ServiceEntry(svc.id, svc.name, svc.kind, svc.parent_id, svc.is_active))

    def set_service_active(self, service_id: int, active: bool) -> Result[ServiceEntry]:
        with self._admin_work() as (uow, audit):
            svc = self._service(uow, service_id)
            if svc.is_active != active:
                self._audit(audit, "service", {"id": svc.id, "name": svc.name, "active": svc.is_active},
                            {"id": svc.id, "name": svc.name, "active": active})
                svc.is_active = active
            return self._done(uow, ServiceEntry(svc.id, svc.name, svc.kind, svc.parent_id, svc.is_active))

    @staticmethod
    def _service(uow: UnitOfWork, service_id: int) -> Service:
        svc = uow.catalogue.service(service_id)
        if svc is None:
            raise NotFound("The catalogue entry no longer exists.")
        return svc

    # -- assignment groups ------------------------------------------------------------------------

    def add_group(self, name: str, tier: int) -> Result[GroupEntry]:
        with self._admin_work() as (uow, audit):
            text = clean_line(name, "name", "Group name", required=True)
            tier = Tier(int(tier)).value
            if uow.groups.by_name(text) is not None:
                raise ValidationError(f"There is already a group called '{text}'.", "name")
            group = Group(name=text, tier=tier, is_service_desk=False, is_active=True)
            uow.add(group)
            uow.flush()
            self._audit(audit, "group", None, {"id": group.id, "name": text, "tier": tier})
            return self._done(uow, GroupEntry(group.id, text, tier, False, True))

    def update_group(self, group_id: int, name: str | None = None, tier: int | None = None,
                     active: bool | None = None) -> Result[GroupEntry]:
        with self._admin_work() as (uow, audit):
            group = uow.groups.get(group_id)
            if group is None:
                raise NotFound("The group no longer exists.")
            old = {"id": group.id, "name": group.name, "tier": group.tier, "active": group.is_active}
            if name is not None:
                text = clean_line(name, "name", "Group name", required=True)
                other = uow.groups.by_name(text)
                if other is not None and other.id != group.id:
                    raise ValidationError(f"There is already a group called '{text}'.", "name")
                group.name = text
            if tier is not None:
                group.tier = Tier(int(tier)).value
            if active is not None:
                if not active and group.is_service_desk:
                    raise ValidationError("The service desk group takes every new incident; it stays active.",
                                          "active")
                group.is_active = active
            new = {"id": group.id, "name": group.name, "tier": group.tier, "active": group.is_active}
            if new != old:
                self._audit(audit, "group", old, new)
            return self._done(uow, GroupEntry(group.id, group.name, group.tier, group.is_service_desk,
                                              group.is_active))
