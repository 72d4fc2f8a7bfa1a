"""Identity sequences on a server: rows inserted with explicit ids leave the sequence behind; this catches it up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text


def advance_identity(conn: Connection, tables: Iterable[Any]) -> None:
    """After explicit-id inserts on PostgreSQL, move each table's id sequence past its highest id (no-op elsewhere).

    setval never moves a sequence backwards here (greatest with its last value), so a concurrent
    writer that already drew a higher id keeps its number unique.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        t = getattr(table, "__table__", table)
        if "id" not in t.columns:
            continue
        name = t.name
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name}).scalar()
        if seq is None:
            continue
        quoted = conn.dialect.identifier_preparer.quote(name)
        # pg_get_serial_sequence answers an already quoted, schema-qualified name.
        conn.execute(text(
            f"SELECT setval(:s, greatest((SELECT coalesce(max(id), 0) FROM {quoted}), "
            f"(SELECT last_value FROM {seq}), 1), true)"), {"s": seq})
