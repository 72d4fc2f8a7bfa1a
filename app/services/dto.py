"""Immutable rows handed to the UI; no ORM object ever leaves a service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Ref:
    """An id with its display name (person, group, category, service)."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    kind: str
    name: str
    email: str | None
    phone: str | None
    department: str | None
    location: str | None
    login: str | None
    role: str
    manager_id: int | None


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: int
    name: str
    tier: int
    manager_id: int | None
    manager_name: str | None
    is_service_desk: bool


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    name: str
    parent_id: int | None
    path: str


@dataclass(frozen=True, slots=True)
class ServiceRow:
    id: int
    name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    id: int
    number: str
    version: int
    title: str
    description: str
    source: str
    status: str
    hold_reason: str | None
    impact: int
    urgency: int
    priority: int
    is_major: bool
    major_justification: str | None
    category: Ref | None
    category_path: str
    service: Ref | None
    configuration_item: str | None
    business_impact: str | None
    reporter: Ref | None
    detected_at: datetime
    logged_at: datetime
    logged_by: Ref | None
    group: Ref | None
    tier: int
    assignee: Ref | None
    acknowledged_at: datetime | None
    response_due_at: datetime | None
    resolution_due_at: datetime | None
    response_warn_at: datetime | None
    resolution_warn_at: datetime | None
    sla_paused_at: datetime | None
    response_breached: bool
    resolution_breached: bool
    symptoms: str | None
    suspected_cause: str | None
    problem_ref: str | None
    resolution_code: str | None
    resolution_notes: str | None
    is_workaround: bool
    recovery_confirmed: bool
    resolved_at: datetime | None
    resolved_by: Ref | None
    first_contact_resolution: bool
    closure_code: str | None
    caller_confirmation: str | None
    closed_at: datetime | None
    cancel_reason: str | None
    duplicate_of: Ref | None
    parent: Ref | None
    follow_up_of: Ref | None
    reopen_count: int
    escalation_count: int
    alert_count: int
    next_update_due_at: datetime | None
    updated_at: datetime
    external_ref: str | None


@dataclass(frozen=True, slots=True)
class AuditEventRow:
    id: int
    incident_id: int | None
    at: datetime
    actor: str
    kind: str
    field: str | None
    old: str | None
    new: str | None
    payload: dict | None


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: int
    incident_id: int
    at: datetime
    author: str
    kind: str
    body: str


@dataclass(frozen=True, slots=True)
class EscalationRow:
    id: int
    incident_id: int
    at: datetime
    kind: str
    from_group: str | None
    to_group: str | None
    from_tier: int | None
    to_tier: int | None
    to_person: str | None
    reason: str
    by: str
    is_system: bool
