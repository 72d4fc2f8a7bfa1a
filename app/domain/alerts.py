"""Monitoring alerts as the domain sees them: one normalised alert, its status and severity to priority rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

FINGERPRINT_MAX = 200


class AlertStatus(str, Enum):
    FIRING = "firing"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Severity words used by Alertmanager rules, PagerDuty, Zabbix, Nagios and Datadog, mapped to an
# (impact, urgency) pair on the 3-level scale (1 = high). Unknown words count as "warning".
SEVERITY_LEVELS: dict[str, tuple[int, int]] = {
    "critical": (1, 1), "disaster": (1, 1), "emergency": (1, 1), "fatal": (1, 1), "page": (1, 1), "p1": (1, 1),
    "high": (1, 2), "major": (1, 2), "error": (1, 2), "p2": (1, 2),
    "warning": (2, 2), "warn": (2, 2), "average": (2, 2), "medium": (2, 2), "p3": (2, 2),
    "low": (3, 2), "minor": (3, 2), "p4": (3, 2),
    "info": (3, 3), "informational": (3, 3), "information": (3, 3), "none": (3, 3), "ok": (3, 3), "p5": (3, 3),
}
DEFAULT_SEVERITY = "warning"


def impact_urgency(severity: str | None, matrix_size: int = 3) -> tuple[int, int]:
    """Impact and urgency for a severity word, scaled to the matrix (3x3 or 5x5)."""
    impact, urgency = SEVERITY_LEVELS.get((severity or "").strip().lower(), SEVERITY_LEVELS[DEFAULT_SEVERITY])

    def scale(level: int) -> int:
        return 1 + (level - 1) * (matrix_size - 1) // 2

    return scale(impact), scale(urgency)


@dataclass(frozen=True)
class IncomingAlert:
    """One alert from any monitoring tool, after its payload was understood.

    `fingerprint` is the deduplication key, already namespaced by the sending tool so that two tools
    cannot collide; `raw` is the alert's own JSON, kept for the inbox and the incident timeline.
    """

    fingerprint: str
    source: str
    title: str
    status: AlertStatus
    severity: str = DEFAULT_SEVERITY
    description: str = ""
    service: str | None = None
    occurred_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)
