"""The service container the UI and the command line are given: one place that opens the store."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.clock import Clock, SystemClock
from app.domain.errors import PermissionDenied
from app.services.alerts import AlertService
from app.services.bulk import BulkService
from app.services.change_feed import ChangeFeed, make_change_feed
from app.services.communications import CommunicationService
from app.services.conflicts import ConflictService
from app.services.context import ServiceContext
from app.services.demo_data import DemoDataService
from app.services.directory import DirectoryService
from app.services.email_intake import EmailIntakeService
from app.services.exports import ExportService
from app.services.incidents import IncidentService
from app.services.integrity import IntegrityService
from app.services.metrics import MetricsService
from app.services.queue import QueueService
from app.services.reference_data import seed_reference_data
from app.services.reviews import ReviewService
from app.services.saved_views import SavedViewService
from app.services.settings import ProcessSettingsService
from app.services.similar import SimilarService
from app.services.sla_engine import SlaEngine
from app.services.staff_admin import StaffAdminService
from app.services.timeline import TimelineService
from app.services.workflow import WorkflowService
from app.store.database import Database

if TYPE_CHECKING:
    from app.ingest.csv_import.service import ImportService


@dataclass
class Services:
    ctx: ServiceContext
    incidents: IncidentService
    queue: QueueService
    demo: DemoDataService
    integrity: IntegrityService
    directory: DirectoryService
    saved_views: SavedViewService = field(init=False)
    bulk: BulkService = field(init=False)
    timeline: TimelineService = field(init=False)
    change_feed: ChangeFeed = field(init=False)
    settings: ProcessSettingsService = field(init=False)
    similar: SimilarService = field(init=False)

    def __post_init__(self) -> None:
        self.saved_views = SavedViewService(self.ctx)
        self.bulk = BulkService(self.ctx, self.incidents)
        self.timeline = TimelineService(self.ctx)
        self.change_feed = make_change_feed(self.ctx)
        self.settings = ProcessSettingsService(self.ctx)
        self.similar = SimilarService(self.ctx)

    @classmethod
    def create(cls, ctx: ServiceContext) -> Services:
        return cls(ctx, IncidentService(ctx), QueueService(ctx), DemoDataService(ctx), IntegrityService(ctx),
                   DirectoryService(ctx))

    @cached_property
    def reviews(self) -> ReviewService:
        return ReviewService(self.ctx)

    @cached_property
    def communications(self) -> CommunicationService:
        return CommunicationService(self.ctx)

    @cached_property
    def alerts(self) -> AlertService:
        return AlertService(self.ctx)

    @cached_property
    def email_intake(self) -> EmailIntakeService:
        return EmailIntakeService(self.ctx)

    @property
    def location(self) -> str:
        return self.ctx.db.location

    def close(self) -> None:
        self.change_feed.close()
        self.ctx.db.close()

    @cached_property
    def sla_engine(self) -> SlaEngine:
        return SlaEngine(self.ctx, self.incidents)

    @cached_property
    def workflow(self) -> WorkflowService:
        return WorkflowService(self.ctx, self.incidents)

    @cached_property
    def exports(self) -> ExportService:
        return ExportService(self.ctx)

    @cached_property
    def metrics(self) -> MetricsService:
        return MetricsService(self.ctx)

    @cached_property
    def imports(self) -> ImportService:
        """CSV import use cases (app/ingest); imported lazily so the container stays light."""
        from app.ingest.csv_import.service import ImportService

        return ImportService(self.ctx)

    @cached_property
    def conflicts(self) -> ConflictService:
        """What others changed since a user's version of an incident (the conflict dialog)."""
        return ConflictService(self.ctx)

    @cached_property
    def staff_admin(self) -> StaffAdminService:
        """Staff roles and activation (administrators only)."""
        return StaffAdminService(self.ctx)


def open_services(db: str | Path, backup_dir: Path | None = None, clock: Clock | None = None,
                  login: str | None = None, seed: bool = True, sign_in: bool = False) -> Services:
    """Open (and migrate) the store, seed reference data, and act as the local user's staff record.

    `sign_in` (the GUI on a team server): an unknown login is refused instead of acting as the first
    administrator; headless commands on a server, run with the server's own credentials, act as the system.
    """
    database = Database.open(db, backup_dir)
    login = login or _login()
    if seed:
        with database.uow() as uow:
            seed_reference_data(uow, login)
            uow.commit()
    with database.uow() as uow:
        me = uow.people.by_login(login) if login else None
        # A team server knows its people: an unknown login is not silently made someone else.
        on_server = not database.is_sqlite and bool(uow.people.staff())
        stranger = me is None and on_server and sign_in
        if me is None and not on_server:
            staff = uow.people.staff()
            me = next((p for p in staff if p.role == "admin"), staff[0] if staff else None)
        user_id = me.id if me is not None else None
    if stranger:
        database.close()
        raise PermissionDenied(f"There is no staff record for the login {login!r} on this team server. "
                               "Ask an administrator to add you.")
    ctx = ServiceContext(db=database, clock=clock or SystemClock(), user_id=user_id)
    return Services.create(ctx)


def _login() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # some service accounts have no login name
        return None

