"""ServiceNow incident export preset: a built-in mapping profile of the CSV importer (no separate code path).

Made for the event-log export where each row is a snapshot of an incident after an update (the shape of the
UCI "Incident management process enriched event log", Amaral, Fantinato, Peres; CC BY 4.0;
DOI 10.24432/C57S4H): rows are grouped by `number`, ordered by `sys_updated_at` then `sys_mod_count`;
"Awaiting ..." states become On Hold with a reason, `reassignment_count` increases become functional
escalations, `reopen_count` increases reopenings, `made_sla` the resolution SLA outcome, and
`sys_updated_by` the actor of each change. States the map does not know (the file has `-100`) are
reported with their line numbers and the incident keeps its previous state.
"""

from __future__ import annotations

from app.ingest.csv_import.mapping import Mapping, Shape

NAME = "ServiceNow event log"

PRESET = Mapping(
    name=NAME,
    description="ServiceNow incident export (incident_state, sys_updated_at, ...); one row per update.",
    shape=Shape.EVENT_LOG,
    encoding="auto",
    delimiter="auto",
    date_format="%d/%m/%Y %H:%M",
    timezone="UTC",
    empty_values=("", "?"),
    columns={
        "external_ref": "number",
        "status": "incident_state",
        "impact": "impact",
        "urgency": "urgency",
        "priority": "priority",
        "source": "contact_type",
        "category": "category",
        "subcategory": "subcategory",
        "service": "cmdb_ci",
        "symptoms": "u_symptom",
        "reporter": "caller_id",
        "logged_by": "opened_by",
        "opened_at": "opened_at",
        "group": "assignment_group",
        "assignee": "assigned_to",
        "updated_at": "sys_updated_at",
        "updated_by": "sys_updated_by",
        "sequence": "sys_mod_count",
        "reassignment_count": "reassignment_count",
        "reopen_count": "reopen_count",
        "sla_met": "made_sla",
        "problem_ref": "problem_id",
        "closure_code": "closed_code",
        "resolved_by": "resolved_by",
        "resolved_at": "resolved_at",
        "closed_at": "closed_at",
    },
    values={
        "status": {
            "New": "new",
            "Active": "in_progress",
            "Awaiting User Info": "on_hold",
            "Awaiting Vendor": "on_hold",
            "Awaiting Problem": "on_hold",
            "Awaiting Evidence": "on_hold",
            "Awaiting Change": "on_hold",
            "Resolved": "resolved",
            "Closed": "closed",
            "Canceled": "cancelled",
            "Cancelled": "cancelled",
        },
        "hold_reason": {
            "Awaiting User Info": "awaiting_caller",
            "Awaiting Vendor": "awaiting_vendor",
            "Awaiting Problem": "awaiting_problem",
            "Awaiting Evidence": "awaiting_evidence",
            "Awaiting Change": "awaiting_change",
        },
        "impact": {"1 - High": "1", "2 - Medium": "2", "3 - Low": "3"},
        "urgency": {"1 - High": "1", "2 - Medium": "2", "3 - Low": "3"},
        "priority": {"1 - Critical": "1", "2 - High": "2", "3 - Moderate": "3", "4 - Low": "4",
                     "5 - Planning": "5"},
        "source": {"Phone": "phone", "Email": "email", "Self service": "self_service", "IVR": "phone",
                   "Direct opening": "walk_in", "Walk-in": "walk_in", "Monitoring": "monitoring"},
        "sla_met": {"true": "true", "false": "false"},
    },
    defaults={"source": "phone", "impact": "3", "urgency": "3"},
    title_template="{u_symptom} ({category} / {subcategory})",
    builtin=True,
)
