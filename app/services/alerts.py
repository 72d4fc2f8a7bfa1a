"""Monitoring alerts: deduplicate by fingerprint into one open incident, count repeats, note resolutions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from app.domain.alerts import AlertStatus, IncomingAlert, impact_urgency
from app.domain.enums import EventKind, NoteKind, Source, Status
from app.domain.errors import DomainError, ValidationError
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.incidents import IncidentService, LogRequest
from app.store.tables import Alert, Incident, Note
from app.store.uow import UnitOfWork

SETTINGS_KEY = "alerts"
PREFERRED_RESOLUTION_CODE = "Solved remotely"


class AlertOutcome(str, Enum):
    CREATED = "created"  # a new incident was logged
    REPEATED = "repeated"  # counted on the incident already open for this fingerprint
    RESOLVED = "resolved"  # the alert cleared; noted (and the incident resolved when configured)
    IGNORED = "ignored"  # a resolution for nothing open
    FAILED = "failed"  # kept in the inbox, but no incident could be logged (reason in message)


@dataclass(frozen=True, slots=True)
class ReceivedAlert:
    fingerprint: str
    outcome: AlertOutcome
    incident_id: int | None
    incident_number: str | None
    count: int
    message: str = ""


@dataclass(frozen=True, slots=True)
class AlertRow:
    id: int
    fingerprint: str
    source: str
    name: str
    status: str
    severity: str
    incident_id: int | None
    incident_number: str | None
    incident_status: str | None
    first_at: datetime
    last_at: datetime
    count: int


@dataclass(frozen=True)
class AlertSettings:
    """Process setting (in the store, shared by the team): resolve incidents when their alert clears."""

    auto_resolve: bool = False
    resolution_code: str = PREFERRED_RESOLUTION_CODE

    def to_json(self) -> dict[str, object]:
        return {"auto_resolve": self.auto_resolve, "resolution_code": self.resolution_code}

    @classmethod
    def from_json(cls, data: dict | None) -> AlertSettings:
        data = data or {}
        return cls(bool(data.get("auto_resolve", False)),
                   str(data.get("resolution_code") or PREFERRED_RESOLUTION_CODE))


class AlertService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _logger(self) -> IncidentService:
        """Incidents from monitoring are logged by the system, not by whoever runs the desk."""
        self.ctx.settings()  # warm the cache so the copy shares the current settings
        return IncidentService(replace(self.ctx, user_id=None))

    # -- reads --------------------------------------------------------------------------------------

    def list_alerts(self, statuses: tuple[str, ...] = (), limit: int = 5000) -> list[AlertRow]:
        with self.ctx.db.uow() as uow:
            return [_row(a, number, status) for a, number, status in uow.alerts.listing(statuses, limit)]

    def settings(self) -> AlertSettings:
        with self.ctx.db.uow() as uow:
            return AlertSettings.from_json(uow.settings.get(SETTINGS_KEY))

    def save_settings(self, value: AlertSettings) -> Result[AlertSettings]:
        codes = self.ctx.settings().resolution_codes
        if value.auto_resolve and value.resolution_code not in codes:
            raise ValidationError(f"'{value.resolution_code}' is not a resolution code in the settings.",
                                  "resolution_code")
        with self.ctx.db.uow() as uow:
            audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
            old = uow.settings.put(SETTINGS_KEY, value.to_json())
            audit.event(None, EventKind.SETTINGS_CHANGED, SETTINGS_KEY, old, value.to_json())
            uow.commit()
        return Result(value, Changes(topics=frozenset({"settings", "alerts"})))

    # -- receiving ----------------------------------------------------------------------------------

    def receive(self, alerts: list[IncomingAlert], auto_resolve: bool | None = None
                ) -> Result[list[ReceivedAlert]]:
        """Record each alert in its own transaction; one alert's failure does not lose the others."""
        settings = self.settings()
        if auto_resolve is not None:
            settings = replace(settings, auto_resolve=auto_resolve)
        results: list[ReceivedAlert] = []
        changes = Changes(topics=frozenset({"alerts"}))
        for alert in alerts:
            received, changed = self._receive_one(alert, settings)
            results.append(received)
            changes = changes | changed
        return Result(results, changes)

    def _receive_one(self, alert: IncomingAlert, settings: AlertSettings) -> tuple[ReceivedAlert, Changes]:
        if alert.status is AlertStatus.RESOLVED:
            return self._resolved(alert, settings)
        return self._firing(alert)

    def _audit(self, uow: UnitOfWork, alert: IncomingAlert) -> Auditor:
        return Auditor(uow, None, self.ctx.clock.now(), actor_name=f"Monitoring ({alert.source})")

    def _firing(self, alert: IncomingAlert) -> tuple[ReceivedAlert, Changes]:
        with self.ctx.db.uow() as uow:
            audit = self._audit(uow, alert)
            now = audit.now
            row = uow.alerts.current(alert.fingerprint)
            inc = uow.incidents.get(row.incident_id) if row is not None and row.incident_id else None
            if row is not None and inc is not None and Status(inc.status).is_open:
                row.count += 1
                row.status = AlertStatus.FIRING.value
                row.last_at = now
                row.payload = alert.raw
                old = inc.alert_count
                inc.alert_count = row.count
                inc.updated_at = now
                audit.event(inc, EventKind.ALERT, "alert_count", old, inc.alert_count, _event_payload(alert, row))
                uow.commit()
                return (ReceivedAlert(alert.fingerprint, AlertOutcome.REPEATED, inc.id, inc.number, row.count),
                        Changes.incident(inc.id, "alerts"))
            previous = inc.id if inc is not None else None
            if row is not None and row.incident_id is None and row.status == AlertStatus.FIRING.value:
                # An earlier firing could not be logged; count this one on the same row and try again.
                row.count += 1
                row.last_at = now
                row.payload = alert.raw
            else:
                row = Alert(fingerprint=alert.fingerprint, source=alert.source, name=alert.title,
                            status=AlertStatus.FIRING.value, incident_id=None, first_at=now, last_at=now, count=1,
                            payload=alert.raw)
                uow.add(row)
            service = uow.catalogue.service_by_name(alert.service) if alert.service else None
            uow.commit()
            row_id, count = row.id, row.count
        # The alert is safe in the inbox before the incident is logged: if logging fails it stays
        # unlinked and the next firing tries again.
        try:
            detail = self._log(alert, service.id if service is not None else None, previous)
        except DomainError as exc:
            return (ReceivedAlert(alert.fingerprint, AlertOutcome.FAILED, None, None, count, str(exc)),
                    Changes(topics=frozenset({"alerts"})))
        with self.ctx.db.uow() as uow:
            audit = self._audit(uow, alert)
            row = uow.session.get(Alert, row_id)
            inc = uow.incidents.get(detail.id)
            assert row is not None and inc is not None
            row.incident_id = inc.id
            inc.alert_count = row.count
            inc.updated_at = audit.now
            audit.event(inc, EventKind.ALERT, "alert_count", 0, row.count, _event_payload(alert, row))
            uow.commit()
        return (ReceivedAlert(alert.fingerprint, AlertOutcome.CREATED, detail.id, detail.number, count),
                Changes.incident(detail.id, "alerts", created=True))

    def _log(self, alert: IncomingAlert, service_id: int | None, previous_id: int | None):  # type: ignore[no-untyped-def]
        matrix = self.ctx.settings().matrix
        impact, urgency = impact_urgency(alert.severity, matrix.size)
        now = self.ctx.clock.now()
        detected = min(alert.occurred_at, now) if alert.occurred_at is not None else now
        description = alert.description or alert.title
        return self._logger().log(LogRequest(
            title=alert.title, source=Source.MONITORING, description=description, detected_at=detected,
            service_id=service_id, configuration_item=alert.service if service_id is None else None,
            impact=impact, urgency=urgency, follow_up_of_id=previous_id,
        )).value

    def _resolved(self, alert: IncomingAlert, settings: AlertSettings) -> tuple[ReceivedAlert, Changes]:
        with self.ctx.db.uow() as uow:
            audit = self._audit(uow, alert)
            now = audit.now
            row = uow.alerts.current(alert.fingerprint)
            if row is None or row.status != AlertStatus.FIRING.value:
                if row is None:
                    row = Alert(fingerprint=alert.fingerprint, source=alert.source, name=alert.title,
                                status=AlertStatus.RESOLVED.value, incident_id=None, first_at=now, last_at=now,
                                count=0, payload=alert.raw)
                    uow.add(row)
                else:
                    row.last_at = now
                uow.commit()
                return (ReceivedAlert(alert.fingerprint, AlertOutcome.IGNORED, row.incident_id, None, row.count,
                                      "No firing alert with this fingerprint; nothing to resolve."),
                        Changes(topics=frozenset({"alerts"})))
            row.status = AlertStatus.RESOLVED.value
            row.last_at = now
            row.payload = alert.raw
            inc = uow.incidents.get(row.incident_id) if row.incident_id else None
            if inc is None:
                uow.commit()
                return (ReceivedAlert(alert.fingerprint, AlertOutcome.RESOLVED, None, None, row.count),
                        Changes(topics=frozenset({"alerts"})))
            text = f"Monitoring ({alert.source}) reports the alert resolved: {alert.title}"
            _note(uow, inc, audit, text)
            audit.event(inc, EventKind.ALERT, "alert_status", AlertStatus.FIRING.value, AlertStatus.RESOLVED.value,
                        _event_payload(alert, row))
            inc.updated_at = now
            incident_id, number, status, count = inc.id, inc.number, Status(inc.status), row.count
            uow.commit()
        message = ""
        if settings.auto_resolve and status.is_open:
            message = self._auto_resolve(incident_id, settings, alert)
        return (ReceivedAlert(alert.fingerprint, AlertOutcome.RESOLVED, incident_id, number, count, message),
                Changes.incident(incident_id, "alerts", "notes"))

    def _auto_resolve(self, incident_id: int, settings: AlertSettings, alert: IncomingAlert) -> str:
        codes = self.ctx.settings().resolution_codes
        code = settings.resolution_code if settings.resolution_code in codes else (codes[0] if codes else "")
        try:
            self._logger().resolve(incident_id, code, f"Resolved automatically: monitoring ({alert.source}) "
                                                      f"reported the alert \"{alert.title}\" resolved.")
        except DomainError as exc:
            return f"Not resolved automatically: {exc}"
        return "Incident resolved automatically."


def _note(uow: UnitOfWork, inc: Incident, audit: Auditor, text: str) -> None:
    note = Note(incident_id=inc.id, at=audit.now, author_id=None, author_name=audit.actor_name,
                kind=NoteKind.SYSTEM.value, body=text)
    uow.add(note)
    uow.flush()
    audit.event(inc, EventKind.NOTE_ADDED, None, None, None, {"note_id": note.id, "kind": NoteKind.SYSTEM.value})


def _event_payload(alert: IncomingAlert, row: Alert) -> dict[str, object]:
    return {"fingerprint": alert.fingerprint, "source": alert.source, "status": alert.status.value,
            "severity": alert.severity, "count": row.count, "title": alert.title}


def _row(a: Alert, number: str | None, status: str | None) -> AlertRow:
    payload = a.payload or {}
    labels = payload.get("labels") if isinstance(payload.get("labels"), dict) else {}
    severity = str(payload.get("severity") or (labels or {}).get("severity") or "")
    return AlertRow(a.id, a.fingerprint, a.source, a.name, a.status, severity, a.incident_id, number, status,
                    a.first_at, a.last_at, a.count)
