"""The service container the UI and the command line are given: one place that opens the store."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.clock import Clock, SystemClock
from app.services.context import ServiceContext
from app.services.demo_data import DemoDataService
from app.services.directory import DirectoryService
from app.services.incidents import IncidentService
from app.services.integrity import IntegrityService
from app.services.queue import QueueService
from app.services.reference_data import seed_reference_data
from app.services.settings import ProcessSettingsService
from app.services.similar import SimilarService
from app.store.database import Database


@dataclass
class Services:
    ctx: ServiceContext
    incidents: IncidentService
    queue: QueueService
    demo: DemoDataService
    integrity: IntegrityService
    directory: DirectoryService
    settings: ProcessSettingsService = field(init=False)
    similar: SimilarService = field(init=False)

    def __post_init__(self) -> None:
        self.settings = ProcessSettingsService(self.ctx)
        self.similar = SimilarService(self.ctx)

    @classmethod
    def create(cls, ctx: ServiceContext) -> Services:
        return cls(ctx, IncidentService(ctx), QueueService(ctx), DemoDataService(ctx), IntegrityService(ctx),
                   DirectoryService(ctx))

    @property
    def location(self) -> str:
        return self.ctx.db.location

    def close(self) -> None:
        self.ctx.db.close()


def open_services(db: str | Path, backup_dir: Path | None = None, clock: Clock | None = None,
                  login: str | None = None, seed: bool = True) -> Services:
    """Open (and migrate) the store, seed reference data, and act as the local user's staff record."""
    database = Database.open(db, backup_dir)
    login = login or _login()
    if seed:
        with database.uow() as uow:
            seed_reference_data(uow, login)
            uow.commit()
    with database.uow() as uow:
        me = uow.people.by_login(login) if login else None
        if me is None:
            staff = uow.people.staff()
            me = next((p for p in staff if p.role == "admin"), staff[0] if staff else None)
        user_id = me.id if me is not None else None
    ctx = ServiceContext(db=database, clock=clock or SystemClock(), user_id=user_id)
    return Services.create(ctx)


def _login() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # some service accounts have no login name
        return None
