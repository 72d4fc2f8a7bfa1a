"""Overview tab: every field of the incident, in sections, and its SLA state."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.enums import Priority
from app.services.dto import IncidentDetail
from app.ui.delegates.colors import level_color
from app.ui.formatting import duration, local, status_label
from app.ui.panels.tabs import DetailTab

SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("State", (("status", "Status"), ("priority", "Priority"), ("impact_urgency", "Impact / urgency"),
               ("major", "Major incident"), ("response", "Response SLA"), ("resolution", "Resolution SLA"),
               ("next_update", "Next update due"), ("counts", "Reopened / escalated"))),
    ("Classification", (("category", "Category"), ("service", "Service / CI"), ("source", "Source"),
                        ("business_impact", "Business impact"))),
    ("People and times", (("reporter", "Reporter"), ("detected", "Detected"), ("logged", "Logged"),
                          ("group", "Assignment group"), ("assignee", "Assignee"),
                          ("acknowledged", "Acknowledged"), ("updated", "Last change"))),
    ("Description", (("description", "Description"), ("symptoms", "Symptoms"),
                     ("suspected_cause", "Suspected cause"), ("problem_ref", "Problem"))),
    ("Outcome", (("resolution_text", "Resolution"), ("resolved", "Resolved"), ("closure", "Closure"),
                 ("cancel", "Cancelled"), ("links", "Links"), ("external_ref", "External reference"))),
)


def sla_text(due: datetime | None, warn: datetime | None, stopped: datetime | None, paused: bool,
             breached: bool, now: datetime) -> tuple[str, str]:
    """(level, text) of one SLA target, the same levels as the queue's SLA column."""
    if stopped is not None:
        if breached or (due is not None and stopped > due):
            return "breached", f"breached (done {local(stopped)}, due {local(due)})"
        return "met", f"met at {local(stopped)}"
    if paused:
        # While held the due time is unknown: it moves by however long the hold lasts.
        return "paused", "paused while on hold; the clock runs again when work resumes"
    if due is None:
        return "none", "no target"
    remaining = due - now
    if remaining.total_seconds() <= 0 or breached:
        return "breached", f"breached {duration(-remaining)} ago (due {local(due)})"
    if warn is not None and now >= warn:
        return "warning", f"at risk: {duration(remaining)} left (due {local(due)})"
    return "ok", f"on track: {duration(remaining)} left (due {local(due)})"


class OverviewTab(DetailTab):
    detail_loaded = Signal(object)  # IncidentDetail | None

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.labels: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.sections: list[tuple[QLabel, tuple[str, ...]]] = []
        for section, fields in SECTIONS:
            head = QLabel(self.tr(section), inner)
            font = QFont(head.font())
            font.setBold(True)
            head.setFont(font)
            head.setContentsMargins(0, 8, 0, 2)
            form.addRow(head)
            self.sections.append((head, tuple(k for k, _ in fields)))
            for key, caption in fields:
                lab = QLabel(inner)
                lab.setWordWrap(True)
                lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
                lab.setObjectName(f"overview_{key}")
                cap = QLabel(self.tr(caption) + ":", inner)
                self.labels[key] = lab
                self.captions[key] = cap
                form.addRow(cap, lab)
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
        self.runner.run(lambda: self.services.incidents.get(iid), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.labels["status"].setText(str(exc))

    def _show(self, d: IncidentDetail | None) -> None:
        if d is not None and d.id != self.incident_id:
            return
        self.detail = d
        self.detail_loaded.emit(d)
        if d is None:
            for lab in self.labels.values():
                lab.clear()
            return
        now = self.services.ctx.clock.now()
        response = sla_text(d.response_due_at, d.response_warn_at, d.acknowledged_at, False, d.response_breached,
                            now)
        resolution = sla_text(d.resolution_due_at, d.resolution_warn_at, d.resolved_at,
                              d.sla_paused_at is not None, d.resolution_breached, now)
        prio = Priority(d.priority)
        values = {
            "status": status_label(d.status) + (f" ({d.hold_reason.replace('_', ' ')})" if d.hold_reason else ""),
            "priority": prio.label,
            "impact_urgency": f"{d.impact} / {d.urgency}",
            "major": ("Yes - " + (d.major_justification or "")) if d.is_major else "No",
            "response": response[1],
            "resolution": resolution[1],
            "next_update": local(d.next_update_due_at),
            "counts": f"{d.reopen_count} / {d.escalation_count}",
            "category": d.category_path,
            "service": ", ".join(x for x in (d.service.name if d.service else "", d.configuration_item or "") if x),
            "source": d.source.replace("_", " ").capitalize(),
            "business_impact": d.business_impact or "",
            "reporter": d.reporter.name if d.reporter else "",
            "detected": local(d.detected_at),
            "logged": local(d.logged_at) + (f" by {d.logged_by.name}" if d.logged_by else ""),
            "group": (d.group.name if d.group else "") + f" (tier {d.tier})",
            "assignee": d.assignee.name if d.assignee else "unassigned",
            "acknowledged": local(d.acknowledged_at),
            "updated": local(d.updated_at),
            "description": d.description,
            "symptoms": d.symptoms or "",
            "suspected_cause": d.suspected_cause or "",
            "problem_ref": d.problem_ref or "",
            "resolution_text": " - ".join(x for x in (d.resolution_code or "", d.resolution_notes or "") if x)
            + (" (workaround)" if d.is_workaround and d.resolution_code else ""),
            "resolved": local(d.resolved_at) + (f" by {d.resolved_by.name}" if d.resolved_by else ""),
            "closure": " - ".join(x for x in (d.closure_code or "", d.caller_confirmation or "",
                                              local(d.closed_at) if d.status == "closed" else "") if x),
            "cancel": (d.cancel_reason or "").replace("_", " "),
            "links": ", ".join(x for x in (
                f"parent {d.parent.name}" if d.parent else "", f"duplicate of {d.duplicate_of.name}"
                if d.duplicate_of else "", f"follow-up of {d.follow_up_of.name}" if d.follow_up_of else "") if x),
            "external_ref": d.external_ref or "",
        }
        for key, lab in self.labels.items():
            text = values.get(key, "")
            lab.setText(text)
            # Empty outcome and diagnosis rows would only add noise; state rows always show.
            hide = not text and key not in ("status", "priority", "response", "resolution", "assignee")
            lab.setVisible(not hide)
            self.captions[key].setVisible(not hide)
        for head, keys in self.sections:
            head.setVisible(any(self.labels[k].text() for k in keys))
        for key, (level, _text) in (("response", response), ("resolution", resolution)):
            color = level_color(level, self.palette())
            self.labels[key].setStyleSheet(f"color: {color.name()}; font-weight: bold;" if color else "")


__all__ = ["OverviewTab", "sla_text"]
