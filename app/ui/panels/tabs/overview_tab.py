"""Overview tab: every field of the incident and its SLA state."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.enums import Priority
from app.domain.sla import WARNING_FRACTION
from app.services.dto import IncidentDetail
from app.ui.formatting import duration, local, status_label
from app.ui.panels.tabs import DetailTab


def _sla_text(due: datetime | None, warn: datetime | None, stopped: datetime | None, paused: bool,
              breached: bool) -> str:
    if stopped is not None:
        return f"met at {local(stopped)}" if not breached and (due is None or stopped <= due) else \
            f"breached (done {local(stopped)})"
    if paused:
        return "paused (on hold)"
    if due is None:
        return ""
    remaining = due - datetime.now(UTC)
    state = "breached" if remaining.total_seconds() <= 0 else (
        "at risk" if warn is not None and datetime.now(UTC) >= warn else "on track")
    return f"due {local(due)} - {duration(remaining)} left, {state}"


class OverviewTab(DetailTab):
    FIELDS = (
        ("status", "Status"), ("priority", "Priority"), ("impact_urgency", "Impact / urgency"),
        ("major", "Major incident"), ("category", "Category"), ("service", "Service / CI"),
        ("source", "Source"), ("reporter", "Reporter"), ("detected", "Detected"), ("logged", "Logged"),
        ("group", "Assignment group"), ("assignee", "Assignee"), ("response", "Response SLA"),
        ("resolution", "Resolution SLA"), ("business_impact", "Business impact"), ("description", "Description"),
        ("resolution_text", "Resolution"), ("links", "Links"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        for key, caption in self.FIELDS:
            lab = QLabel(inner)
            lab.setWordWrap(True)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setObjectName(f"overview_{key}")
            self.labels[key] = lab
            form.addRow(self.tr(caption) + ":", lab)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.detail: IncidentDetail | None = None

    def title(self) -> str:
        return self.tr("Overview")

    def reload(self) -> None:
        iid = self.incident_id
        if iid is None:
            self._show(None)
            return
        self.runner.run(lambda: self.services.incidents.get(iid), self._show)

    def _show(self, d: IncidentDetail | None) -> None:
        if d is not None and d.id != self.incident_id:
            return
        self.detail = d
        if d is None:
            for lab in self.labels.values():
                lab.clear()
            return
        prio = Priority(d.priority)
        values = {
            "status": status_label(d.status) + (f" ({d.hold_reason.replace('_', ' ')})" if d.hold_reason else ""),
            "priority": prio.label,
            "impact_urgency": f"{d.impact} / {d.urgency}",
            "major": ("Yes - " + (d.major_justification or "")) if d.is_major else "No",
            "category": d.category_path,
            "service": ", ".join(x for x in (d.service.name if d.service else "", d.configuration_item or "") if x),
            "source": d.source.replace("_", " "),
            "reporter": d.reporter.name if d.reporter else "",
            "detected": local(d.detected_at),
            "logged": local(d.logged_at) + (f" by {d.logged_by.name}" if d.logged_by else ""),
            "group": (d.group.name if d.group else "") + f" (tier {d.tier})",
            "assignee": d.assignee.name if d.assignee else "unassigned",
            "response": _sla_text(d.response_due_at, d.response_warn_at, d.acknowledged_at, False,
                                  d.response_breached),
            "resolution": _sla_text(d.resolution_due_at, d.resolution_warn_at, d.resolved_at,
                                    d.sla_paused_at is not None, d.resolution_breached),
            "business_impact": d.business_impact or "",
            "description": d.description,
            "resolution_text": " - ".join(x for x in (d.resolution_code or "", d.resolution_notes or "") if x),
            "links": ", ".join(x for x in (
                f"parent {d.parent.name}" if d.parent else "", f"duplicate of {d.duplicate_of.name}"
                if d.duplicate_of else "", f"follow-up of {d.follow_up_of.name}" if d.follow_up_of else "") if x),
        }
        for key, lab in self.labels.items():
            lab.setText(values.get(key, ""))


__all__ = ["OverviewTab", "WARNING_FRACTION"]
