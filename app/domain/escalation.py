"""Escalation rules: who may escalate where, and why a request is refused."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import EscalationKind, Status, Tier
from app.domain.errors import ValidationError


@dataclass(frozen=True)
class EscalationRequest:
    kind: EscalationKind
    reason: str
    current_tier: Tier
    target_tier: Tier | None = None
    status: Status = Status.ASSIGNED


def validate_escalation(req: EscalationRequest) -> None:
    """Raise ValidationError with a readable message when the escalation is not allowed."""
    if not req.reason or not req.reason.strip():
        raise ValidationError("An escalation needs a reason.", "reason")
    if not req.status.is_open:
        raise ValidationError(f"A {req.status.label.lower()} incident cannot be escalated.", "status")
    if req.kind is EscalationKind.FUNCTIONAL:
        if req.target_tier is None:
            raise ValidationError("Choose the group to escalate to.", "group")
        if req.target_tier <= req.current_tier:
            raise ValidationError(
                f"Functional escalation goes to a higher tier than {req.current_tier.label}; "
                "use reassignment within a tier.",
                "group",
            )
    if req.kind is EscalationKind.DE_ESCALATION and req.current_tier is Tier.SERVICE_DESK:
        raise ValidationError("The incident is already with the service desk.", "group")
