"""Pure-Python domain model: enums, lifecycle, priority matrix, SLA clock, escalation rules."""
