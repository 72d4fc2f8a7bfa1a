"""Message templates: `{placeholder}` rendering where unknown placeholders are reported, never dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

# Placeholder name -> what it stands for (shown in the template editor).
PLACEHOLDERS: Mapping[str, str] = {
    "number": "Incident number (INC0000123)",
    "title": "Incident title",
    "description": "Description as logged",
    "status": "Current status",
    "priority": "Priority with its name (P2 - High)",
    "impact": "Business impact, or the impact level",
    "urgency": "Urgency level",
    "service": "Affected service",
    "ci": "Configuration item",
    "category": "Category path",
    "workaround": "Known workaround (latest workaround note)",
    "resolution": "Resolution code and notes",
    "next_update": "When the next update is due (local time)",
    "assignee": "Assigned person",
    "group": "Assignment group",
    "reporter": "Reporter's name",
    "major": "'Major incident' or empty",
    "logged": "When the incident was logged (local time)",
    "author": "You (the person sending)",
    "now": "Time of writing (local time)",
}

# `{{` and `}}` are literal braces; `{name}` is a placeholder; anything else in braces is left alone.
_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Rendered:
    text: str
    unknown: tuple[str, ...] = ()  # names not in PLACEHOLDERS, kept verbatim in `text`

    @property
    def ok(self) -> bool:
        return not self.unknown


def placeholders_in(template: str) -> tuple[str, ...]:
    """Placeholder names in order of first use."""
    seen: dict[str, None] = {}
    for m in _TOKEN.finditer(template):
        if m.group(1):
            seen.setdefault(m.group(1), None)
    return tuple(seen)


def unknown_placeholders(template: str, known: Mapping[str, object] = PLACEHOLDERS) -> tuple[str, ...]:
    return tuple(n for n in placeholders_in(template) if n not in known)


def render(template: str, values: Mapping[str, str]) -> Rendered:
    """Fill placeholders from `values`; unknown ones stay as `{name}` and are listed in `unknown`.

    A known placeholder without a value renders as an empty string (e.g. no workaround yet).
    """
    unknown: dict[str, None] = {}

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = m.group(1)
        if name in values:
            return values[name]
        if name in PLACEHOLDERS:
            return ""
        unknown.setdefault(name, None)
        return token

    return Rendered(_TOKEN.sub(sub, template), tuple(unknown))


def describe_unknown(names: tuple[str, ...]) -> str:
    """A sentence for the user naming the unknown placeholders."""
    listed = ", ".join("{" + n + "}" for n in names)
    word = "placeholder" if len(names) == 1 else "placeholders"
    return f"Unknown {word} {listed}: check the spelling (see the list of placeholders)."


def local_text(dt: datetime) -> str:
    """A time as people read it in a message: local time with the UTC offset, so readers elsewhere agree."""
    here = dt.astimezone()
    offset = here.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{here:%Y-%m-%d %H:%M} ({zone})"
