"""The mapping model: which source column feeds which incident field, how values translate, and the file shape.

A mapping is saved by name in the store (table `import_profiles`) and exported as a JSON file that can be
edited by hand and passed to `incident-desk import csv FILE --mapping FILE.json`. The file format:

```json
{
  "format": "incident-desk/import-mapping",
  "version": 1,
  "name": "ServiceNow event log",
  "description": "free text",
  "shape": "event_log",                 // or "incident_per_row"
  "file": {
    "encoding": "auto",                 // or a Python codec name: "utf-8", "cp1252", "utf-16"
    "delimiter": "auto",                // or ",", ";", "\t", "|"
    "date_format": "auto",              // or a strptime format such as "%d/%m/%Y %H:%M"
    "timezone": "UTC",                  // IANA zone of the file's timestamps (stored as UTC)
    "empty_values": ["", "?"]           // cell texts that mean "no value"
  },
  "columns": {"external_ref": "number", "status": "incident_state", "updated_at": "sys_updated_at", ...},
  "values": {
    "status": {"New": "new", "Active": "in_progress", "Awaiting Vendor": "on_hold", ...},
    "hold_reason": {"Awaiting Vendor": "awaiting_vendor", ...},   // keyed by the source STATUS text
    "priority": {"1 - Critical": "1", ...}, "impact": {...}, "urgency": {...},
    "source": {"Phone": "phone", "Self service": "self_service", ...},
    "closure_code": {"code 6": "Solved (permanently)"}, "resolution_code": {...},
    "sla_met": {"true": "true", "false": "false"}
  },
  "defaults": {"source": "other_team", "impact": "3", "urgency": "3"},
  "title_template": "{u_symptom} ({category} / {subcategory})",   // used when no title column is mapped
  "external_prefix": ""                 // prepended to the external number (to keep two tools apart)
}
```

Field keys are listed in FIELDS below (`columns` keys). Value-map targets: status -> one of new, assigned,
in_progress, on_hold, resolved, closed, cancelled; hold_reason -> awaiting_caller, awaiting_vendor,
awaiting_change, awaiting_problem, awaiting_evidence; impact/urgency 1-3 and priority 1-5 (without a map the
leading number of the cell is used, so "2 - Medium" reads as 2); source -> phone, email, walk_in,
self_service, monitoring, other_team. A status text missing from the map is reported as a warning with its
line number and the incident keeps its previous status.

Shapes: `incident_per_row` takes one row per incident; `event_log` groups rows by the external number and
orders them by `updated_at` (ties by `sequence`, then file order); each row is a snapshot after an update and
the differences between consecutive snapshots become the incident's history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from app.domain.enums import HoldReason, Source, Status
from app.domain.errors import ValidationError

FORMAT_ID = "incident-desk/import-mapping"
FORMAT_VERSION = 1


class Shape(str, Enum):
    INCIDENT_PER_ROW = "incident_per_row"
    EVENT_LOG = "event_log"

    @property
    def label(self) -> str:
        return {"incident_per_row": "One row per incident",
                "event_log": "Event log (several rows per incident, rebuilt into history)"}[self.value]


class Kind(str, Enum):
    TEXT = "text"
    DATE = "date"
    INT = "int"
    BOOL = "bool"
    STATUS = "status"
    LEVEL = "level"
    SOURCE = "source"
    CODE = "code"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    help: str = ""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("external_ref", "External number", Kind.TEXT, "Incident number in the other tool (required; "
              "matched on re-import so nothing is duplicated)"),
    FieldSpec("title", "Title", Kind.TEXT),
    FieldSpec("description", "Description", Kind.TEXT),
    FieldSpec("status", "Status", Kind.STATUS),
    FieldSpec("impact", "Impact", Kind.LEVEL),
    FieldSpec("urgency", "Urgency", Kind.LEVEL),
    FieldSpec("priority", "Priority", Kind.LEVEL),
    FieldSpec("source", "Source / contact type", Kind.SOURCE),
    FieldSpec("category", "Category", Kind.TEXT),
    FieldSpec("subcategory", "Subcategory", Kind.TEXT),
    FieldSpec("service", "Service / configuration item", Kind.TEXT),
    FieldSpec("symptoms", "Symptoms", Kind.TEXT),
    FieldSpec("reporter", "Reporter (caller)", Kind.TEXT, "Created as a contact when new"),
    FieldSpec("logged_by", "Logged by", Kind.TEXT, "Created as staff when new"),
    FieldSpec("opened_at", "Opened at", Kind.DATE, "Detection and logging time"),
    FieldSpec("group", "Assignment group", Kind.TEXT, "Created when new"),
    FieldSpec("assignee", "Assignee", Kind.TEXT, "Created as staff when new"),
    FieldSpec("updated_at", "Updated at (event time)", Kind.DATE, "Orders the rows of an event log"),
    FieldSpec("updated_by", "Updated by (actor)", Kind.TEXT, "Who made the update"),
    FieldSpec("sequence", "Update sequence", Kind.INT, "Breaks ties between rows with the same time"),
    FieldSpec("reassignment_count", "Reassignment count", Kind.INT, "Each increase is a functional escalation"),
    FieldSpec("reopen_count", "Reopen count", Kind.INT, "Each increase is a reopening"),
    FieldSpec("sla_met", "SLA met", Kind.BOOL, "Resolution SLA outcome (false = breached)"),
    FieldSpec("problem_ref", "Problem reference", Kind.TEXT),
    FieldSpec("resolution_code", "Resolution code", Kind.CODE),
    FieldSpec("resolution_notes", "Resolution notes", Kind.TEXT),
    FieldSpec("closure_code", "Closure code", Kind.CODE),
    FieldSpec("resolved_by", "Resolved by", Kind.TEXT, "Created as staff when new"),
    FieldSpec("resolved_at", "Resolved at", Kind.DATE),
    FieldSpec("closed_at", "Closed at", Kind.DATE),
)
FIELD_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}
# Fields whose cell texts can be translated by a value map (hold_reason is keyed by the status text).
VALUE_MAPPED: tuple[str, ...] = ("status", "hold_reason", "impact", "urgency", "priority", "source",
                                 "closure_code", "resolution_code", "sla_met")
LEVEL_RANGE = {"impact": (1, 3), "urgency": (1, 3), "priority": (1, 5)}


@dataclass(frozen=True)
class Mapping:
    """Immutable; the wizard edits a copy with `replace()`."""

    name: str = ""
    description: str = ""
    shape: Shape = Shape.INCIDENT_PER_ROW
    encoding: str = "auto"
    delimiter: str = "auto"
    date_format: str = "auto"
    timezone: str = "UTC"
    empty_values: tuple[str, ...] = ("",)
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    title_template: str = ""
    external_prefix: str = ""
    builtin: bool = False

    def column(self, key: str) -> str | None:
        return self.columns.get(key) or None

    def with_column(self, key: str, column: str | None) -> Mapping:
        cols = dict(self.columns)
        if column:
            cols[key] = column
        else:
            cols.pop(key, None)
        return replace(self, columns=cols, builtin=False)

    def with_values(self, key: str, table: dict[str, str]) -> Mapping:
        vals = dict(self.values)
        vals[key] = {k: v for k, v in table.items() if v != ""}
        return replace(self, values=vals, builtin=False)

    def problems(self, header: tuple[str, ...] | list[str] | None = None) -> list[str]:
        """Why this mapping cannot be used (on this header); empty when it can."""
        out: list[str] = []
        if not self.column("external_ref"):
            out.append("Map a column to 'External number': re-imports are matched on it.")
        if self.shape is Shape.EVENT_LOG and not self.column("updated_at"):
            out.append("An event log needs a column for 'Updated at' to order each incident's rows.")
        if not self.column("opened_at") and not self.column("updated_at"):
            out.append("Map 'Opened at' (or 'Updated at') so incidents have a logging time.")
        if header is not None:
            present = set(header)
            for key, col in sorted(self.columns.items()):
                if col and col not in present:
                    label = FIELD_BY_KEY[key].label if key in FIELD_BY_KEY else key
                    out.append(f"Column '{col}' (for {label}) is missing from the file's header.")
        return out

    # -- JSON -------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_ID,
            "version": FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "shape": self.shape.value,
            "file": {"encoding": self.encoding, "delimiter": self.delimiter, "date_format": self.date_format,
                     "timezone": self.timezone, "empty_values": list(self.empty_values)},
            "columns": dict(sorted(self.columns.items())),
            "values": {k: dict(v) for k, v in sorted(self.values.items()) if v},
            "defaults": dict(self.defaults),
            "title_template": self.title_template,
            "external_prefix": self.external_prefix,
        }

    @classmethod
    def from_json(cls, data: Any) -> Mapping:
        if not isinstance(data, dict):
            raise ValidationError("A mapping file must hold a JSON object.", "mapping")
        fmt = data.get("format", FORMAT_ID)
        if fmt != FORMAT_ID:
            raise ValidationError(f"This is not an Incident Desk mapping (format '{fmt}').", "mapping")
        version = data.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ValidationError(f"Mapping version {version} is newer than this app understands "
                                  f"({FORMAT_VERSION}).", "mapping")
        try:
            shape = Shape(data.get("shape", Shape.INCIDENT_PER_ROW.value))
        except ValueError:
            raise ValidationError(f"Unknown shape '{data.get('shape')}'; use 'incident_per_row' or "
                                  "'event_log'.", "shape") from None
        file = data.get("file") or {}
        columns = _str_dict(data.get("columns") or {}, "columns")
        for key in columns:
            if key not in FIELD_BY_KEY:
                raise ValidationError(f"Unknown field '{key}' in columns; known fields: "
                                      f"{', '.join(FIELD_BY_KEY)}.", "columns")
        values_in = data.get("values") or {}
        if not isinstance(values_in, dict):
            raise ValidationError("'values' must be an object of value maps.", "values")
        values = {}
        for key, table in values_in.items():
            if key not in VALUE_MAPPED:
                raise ValidationError(f"Field '{key}' takes no value map; these do: {', '.join(VALUE_MAPPED)}.",
                                      "values")
            values[key] = _str_dict(table, f"values.{key}")
            _check_targets(key, values[key])
        empty = file.get("empty_values", [""])
        if not isinstance(empty, list) or not all(isinstance(v, str) for v in empty):
            raise ValidationError("'file.empty_values' must be a list of strings.", "empty_values")
        return cls(
            name=str(data.get("name", "")), description=str(data.get("description", "")), shape=shape,
            encoding=str(file.get("encoding", "auto")), delimiter=str(file.get("delimiter", "auto")),
            date_format=str(file.get("date_format", "auto")), timezone=str(file.get("timezone", "UTC")),
            empty_values=tuple(empty), columns=columns, values=values,
            defaults=_str_dict(data.get("defaults") or {}, "defaults"),
            title_template=str(data.get("title_template", "")),
            external_prefix=str(data.get("external_prefix", "")),
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def loads(cls, text: str) -> Mapping:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"The mapping file is not valid JSON: {exc}", "mapping") from None
        return cls.from_json(data)

    def save(self, path: Path | str) -> None:
        Path(path).write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> Mapping:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ValidationError(f"Cannot read the mapping file {path}: {exc.strerror}", "mapping") from None
        return cls.loads(text)


def _str_dict(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValidationError(f"'{where}' must be an object.", where)
    return {str(k): str(v) for k, v in value.items() if v is not None}


def _check_targets(key: str, table: dict[str, str]) -> None:
    allowed: set[str] | None = None
    if key == "status":
        allowed = {s.value for s in Status}
    elif key == "hold_reason":
        allowed = {h.value for h in HoldReason}
    elif key == "source":
        allowed = {s.value for s in Source}
    elif key in LEVEL_RANGE:
        lo, hi = LEVEL_RANGE[key]
        allowed = {str(n) for n in range(lo, hi + 1)}
    elif key == "sla_met":
        allowed = {"true", "false"}
    if allowed is None:
        return
    for src, target in table.items():
        if target not in allowed:
            raise ValidationError(f"values.{key}: '{src}' maps to '{target}', which is not one of "
                                  f"{', '.join(sorted(allowed))}.", f"values.{key}")
