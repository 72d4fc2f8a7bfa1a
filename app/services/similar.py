"""Similar incidents while logging: ranked suggestions, and adding a caller to an existing incident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.enums import OPEN_STATUSES, EventKind, NoteKind, Status
from app.domain.errors import TransitionRefused, ValidationError
from app.domain.validation import TITLE_MAX, clean_line, clean_text
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.dto import IncidentDetail
from app.services.incidents import IncidentService, NewContact
from app.services.mapping import to_detail
from app.store import similar_queries
from app.store.tables import Stakeholder

RECENT_DAYS = 30
RESOLUTION_PREVIEW = 160


@dataclass(frozen=True, slots=True)
class SimilarIncident:
    """One suggestion: enough to judge a duplicate without opening the incident."""

    id: int
    number: str
    title: str
    status: str
    priority: int
    impact: int
    urgency: int
    category_id: int | None
    service_id: int | None
    resolution_code: str | None
    resolution: str | None
    resolved_at: datetime | None
    logged_at: datetime
    rank: float

    @property
    def is_open(self) -> bool:
        return Status(self.status).is_open


def _preview(text: str | None) -> str | None:
    if not text:
        return None
    line = " ".join(text.split())
    return line if len(line) <= RESOLUTION_PREVIEW else line[: RESOLUTION_PREVIEW - 1] + "…"


class SimilarService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def find(self, text: str, limit: int = 10, recent_days: int = RECENT_DAYS) -> list[SimilarIncident]:
        """Open and recently resolved incidents matching the typed words, best match first."""
        if not text.strip():
            return []
        since = self.ctx.clock.now() - timedelta(days=recent_days)
        with self.ctx.db.uow() as uow:
            rows = similar_queries.similar_rows(uow.session, text, [s.value for s in OPEN_STATUSES], since, limit)
        return [
            SimilarIncident(
                id=r[0], number=r[1], title=r[2], status=r[3], priority=r[4], impact=r[5], urgency=r[6],
                category_id=r[7], service_id=r[8], resolution_code=r[9], resolution=_preview(r[10]),
                resolved_at=r[11], logged_at=r[12], rank=float(r[13] or 0.0),
            )
            for r in rows
        ]

    def add_caller(self, incident_id: int, reporter_id: int | None = None, new_reporter: NewContact | None = None,
                   title: str = "", description: str = "", source: str | None = None) -> Result[IncidentDetail]:
        """Record another caller of an existing open incident as a stakeholder; no new incident is logged."""
        incidents = IncidentService(self.ctx)
        with incidents._work() as (uow, audit):
            inc = incidents._load(uow, incident_id)
            if not Status(inc.status).is_open:
                raise TransitionRefused(
                    f"{inc.number} is {Status(inc.status).label}; a caller can only be added to an open incident.")
            heard = clean_line(title, "title", "Title", max_len=TITLE_MAX)
            said = clean_text(description, "description", "Description")
            if new_reporter is not None:
                person_id = incidents._create_contact(uow, new_reporter)
            elif reporter_id is not None:
                if uow.people.get(reporter_id) is None:
                    raise ValidationError("The chosen reporter no longer exists.", "reporter")
                person_id = reporter_id
            else:
                raise ValidationError("Choose the caller to add to the existing incident.", "reporter")
            person = uow.people.get(person_id)
            assert person is not None
            if person_id == inc.reporter_id or uow.stakeholders.get(inc.id, person_id) is not None:
                raise ValidationError(f"{person.name} is already recorded on {inc.number}.", "reporter")
            uow.add(Stakeholder(incident_id=inc.id, person_id=person_id, role="caller"))
            audit.event(inc, EventKind.FIELD_CHANGED, "stakeholders", None, person.name,
                        {"person_id": person_id, "role": "caller", "source": source})
            lines = [f"Also reported by {person.name}" + (f" ({source})" if source else "") + "."]
            lines += [t for t in (heard, said) if t]
            IncidentService._add_note(uow, inc, audit, "\n".join(lines), NoteKind.WORK)
            inc.updated_at = audit.now
            uow.flush()
            detail = to_detail(uow, inc)
            uow.commit()
            return Result(detail, Changes.incident(inc.id, "notes", "stakeholders"))

    def stakeholders(self, incident_id: int) -> list[tuple[int, str, str]]:
        """(person id, name, role) of an incident's stakeholders."""
        with self.ctx.db.uow() as uow:
            rows = uow.stakeholders.for_incident(incident_id)
            names = uow.people.names(r.person_id for r in rows)
            return [(r.person_id, names.get(r.person_id, "?"), r.role) for r in rows]
