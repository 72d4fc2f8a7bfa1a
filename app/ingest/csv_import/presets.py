"""Built-in mapping profiles: presets are ordinary mappings of the one importer, listed by name."""

from __future__ import annotations

from app.ingest import servicenow
from app.ingest.csv_import.mapping import Mapping

BUILTIN: dict[str, Mapping] = {servicenow.NAME: servicenow.PRESET}


def builtin(name: str) -> Mapping | None:
    return BUILTIN.get(name)
