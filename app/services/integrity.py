"""Store integrity check: database pages, schema version, audit trail coverage and consistency."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.context import ServiceContext
from app.store import maintenance


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: tuple[str, ...] = field(default_factory=tuple)


class IntegrityService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def check(self) -> CheckReport:
        lines: list[str] = []
        problems = 0
        db_lines, db_ok = maintenance.database_check(self.ctx.db)
        lines += db_lines
        problems += 0 if db_ok else 1
        with self.ctx.db.uow() as uow:
            n_inc = uow.incidents.count()
            n_ev = uow.events.count()
            lines.append(f"incidents: {n_inc}")
            lines.append(f"audit events: {n_ev}")
            lines.append(f"notes: {uow.notes.count()}")
            lines.append(f"communications: {uow.communications.count()}")
            for status, n in sorted(uow.incidents.count_by_status().items()):
                lines.append(f"  status {status}: {n}")
            missing = uow.events.incidents_without_created_event()
            if missing:
                problems += 1
                lines.append(f"PROBLEM: {len(missing)}+ incidents have no 'created' audit event, e.g. "
                             f"{', '.join(missing[:5])}")
            orphans = uow.events.orphan_count()
            if orphans:
                problems += 1
                lines.append(f"PROBLEM: {orphans} audit events refer to missing incidents")
            early = uow.events.out_of_order_count()
            if early:
                lines.append(f"warning: {early} incidents have events dated before detection")
        lines.append("OK: no problems found" if problems == 0 else f"FAILED: {problems} problem(s) found")
        return CheckReport(problems == 0, tuple(lines))
