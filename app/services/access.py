"""Role checks for services: the acting user's role from the store, refused with the reason (domain/roles.py)."""

from __future__ import annotations

from app.domain.roles import Permission, StaffRole, allows, require
from app.services.context import ServiceContext
from app.store.uow import UnitOfWork


def actor_role(uow: UnitOfWork, ctx: ServiceContext) -> StaffRole | None:
    """None for the system itself (no acting person: scheduled jobs, a store without staff)."""
    if ctx.user_id is None:
        return None
    person = uow.people.get(ctx.user_id)
    return StaffRole.of(person.role if person is not None else None)


def check(uow: UnitOfWork, ctx: ServiceContext, permission: Permission) -> None:
    role = actor_role(uow, ctx)
    if role is not None:
        require(role, permission)


def may(uow: UnitOfWork, ctx: ServiceContext, permission: Permission) -> bool:
    role = actor_role(uow, ctx)
    return role is None or allows(role, permission)
