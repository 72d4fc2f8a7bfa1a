"""Staff records and roles: administrators only (the services refuse everyone else with the reason)."""

from __future__ import annotations

from app.domain.enums import EventKind
from app.domain.errors import NotFound, ValidationError
from app.domain.roles import Permission, StaffRole
from app.services import access
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.directory import DirectoryService
from app.services.dto import PersonRow


class StaffAdminService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def set_role(self, person_id: int, role: str) -> Result[PersonRow]:
        try:
            new = StaffRole(role)
        except ValueError as exc:
            raise ValidationError(f"Unknown role {role!r}.", "role") from exc
        with self.ctx.db.uow() as uow:
            access.check(uow, self.ctx, Permission.MANAGE_USERS)
            person = uow.people.get(person_id)
            if person is None or person.kind != "staff":
                raise NotFound("That member of staff no longer exists.")
            if person.role == StaffRole.ADMIN.value and new is not StaffRole.ADMIN:
                admins = [p for p in uow.people.staff() if p.role == StaffRole.ADMIN.value]
                if len(admins) <= 1:
                    raise ValidationError("The store needs at least one administrator; make someone else one first.",
                                          "role")
            audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
            audit.event(None, EventKind.SETTINGS_CHANGED, "role", person.role, new.value,
                        {"person_id": person.id, "person": person.name})
            person.role = new.value
            uow.commit()
        row = next(p for p in DirectoryService(self.ctx).staff() if p.id == person_id)
        return Result(row, Changes(topics=frozenset({"people"})))

    def set_active(self, person_id: int, active: bool) -> Result[PersonRow | None]:
        with self.ctx.db.uow() as uow:
            access.check(uow, self.ctx, Permission.MANAGE_USERS)
            person = uow.people.get(person_id)
            if person is None or person.kind != "staff":
                raise NotFound("That member of staff no longer exists.")
            if person.id == self.ctx.user_id and not active:
                raise ValidationError("You cannot deactivate yourself.", "active")
            audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
            audit.event(None, EventKind.SETTINGS_CHANGED, "is_active", person.is_active, active,
                        {"person_id": person.id, "person": person.name})
            person.is_active = active
            uow.commit()
        rows = [p for p in DirectoryService(self.ctx).staff() if p.id == person_id]
        return Result(rows[0] if rows else None, Changes(topics=frozenset({"people"})))
