"""Unit of work: one session, one transaction, one user action."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.domain.errors import ConcurrencyConflict, StoreError, ValidationError
from app.store.communication_repo import CommunicationLogRepository
from app.store.import_repo import ImportRepository
from app.store.intake_repo import AlertRepository, MessageRepository
from app.store.repositories import (
    BulkWriter,
    CatalogueRepository,
    CommunicationRepository,
    EscalationRepository,
    EventRepository,
    GroupRepository,
    IncidentRepository,
    NoteRepository,
    PeopleRepository,
    ReviewRepository,
    SettingsRepository,
)
from app.store.review_repo import ReviewRecords
from app.store.saved_views_repo import SavedViewRepository
from app.store.stakeholder_repo import StakeholderRepository
from app.store.workflow_repo import WorkflowRepository


class UnitOfWork:
    """Context manager; leaving it without commit() rolls back."""

    session: Session

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        s = self.session
        self.incidents = IncidentRepository(s)
        self.events = EventRepository(s)
        self.people = PeopleRepository(s)
        self.groups = GroupRepository(s)
        self.catalogue = CatalogueRepository(s)
        self.settings = SettingsRepository(s)
        self.notes = NoteRepository(s)
        self.escalations = EscalationRepository(s)
        self.communications = CommunicationRepository(s)
        self.reviews = ReviewRepository(s)
        self.bulk = BulkWriter(s)
        self.review_records = ReviewRecords(s)
        self.workflow = WorkflowRepository(s)
        self.comm_log = CommunicationLogRepository(s)
        self.saved_views = SavedViewRepository(s)
        self.imports = ImportRepository(s)
        self.alerts = AlertRepository(s)
        self.messages = MessageRepository(s)
        self.stakeholders = StakeholderRepository(s)
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        translated = translate_error(ev) if ev is not None else None
        if translated is not None and translated is not ev:
            raise translated from ev

    def add(self, obj: object) -> None:
        self.session.add(obj)

    def flush(self) -> None:
        try:
            self.session.flush()
        except Exception as exc:
            raise (translate_error(exc) or exc) from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except Exception as exc:
            raise (translate_error(exc) or exc) from exc


def translate_error(exc: BaseException) -> BaseException | None:
    """Store exceptions become domain errors with messages a user can act on."""
    if isinstance(exc, StaleDataError):
        return ConcurrencyConflict("Someone else changed this incident in the meantime. Reload it and apply "
                                   "your change again.")
    if isinstance(exc, IntegrityError):
        return ValidationError(f"The change conflicts with existing data ({exc.orig}).")
    if isinstance(exc, OperationalError):
        return StoreError(f"The store could not complete the change: {exc.orig}")
    return exc
