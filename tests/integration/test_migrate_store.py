"""init-server and migrate-store against the PostgreSQL test server, through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.enums import Source
from app.services.app import open_services
from app.services.incidents import LogRequest

pytestmark = pytest.mark.postgres

DEMO_INCIDENTS = 10_000


def cli(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INCIDENT_DESK_DATA_DIR": str(tmp / "data")}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture
def empty_db(pg_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


def test_init_server_creates_schema_and_seed_once(empty_db: str, tmp_path: Path) -> None:
    first = cli("init-server", "--db", empty_db, "--admin", "boss", tmp=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "empty -> " in first.stdout and "administrator boss" in first.stdout
    again = cli("init-server", "--db", empty_db, tmp=tmp_path)
    assert again.returncode == 0 and "already present" in again.stdout
    svc = open_services(empty_db, None, login="boss", seed=False)
    try:
        me = svc.directory.current_user()
        assert me is not None and me.login == "boss" and me.role == "admin"
        assert len(svc.directory.groups()) == 7
    finally:
        svc.close()


def test_migrate_store_copies_a_10k_demo_store_with_equal_counts(empty_db: str, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    local = tmp_path / "local.sqlite3"
    src = open_services(local, tmp_path / "backups", clock=clock, login="tester")
    try:
        src.demo.generate(DEMO_INCIDENTS, seed=21)
        reviewed = src.incidents.log(LogRequest(title="Mail outage", source=Source.MONITORING, impact=1, urgency=1))
        src.reviews.start(reviewed.value.id)
        with src.ctx.db.uow() as uow:
            expected = {"incidents": uow.incidents.count(), "audit_events": uow.events.count(),
                        "notes": uow.notes.count(), "communications": uow.communications.count(),
                        "reviews": uow.reviews.count()}
    finally:
        src.close()
    cli_init = cli("init-server", "--db", empty_db, tmp=tmp_path)  # seed data on the server is replaced
    assert cli_init.returncode == 0, cli_init.stderr
    out = cli("migrate-store", "--from", f"sqlite:///{local}", "--to", empty_db, tmp=tmp_path)
    assert out.returncode == 0, out.stderr + out.stdout
    for table, n in expected.items():
        assert f"{table:<16} {n:>10} -> {n:>10}  ok" in out.stdout
    assert "all counts match" in out.stdout
    team = open_services(empty_db, None, clock=clock, login="tester", seed=False)
    try:
        with team.ctx.db.uow() as uow:
            got = {"incidents": uow.incidents.count(), "audit_events": uow.events.count(),
                   "notes": uow.notes.count(), "communications": uow.communications.count(),
                   "reviews": uow.reviews.count()}
        assert got == expected
        # Numbers and ids go on where the local store stopped (counter copied, sequences advanced).
        new = team.incidents.log(LogRequest(title="First on the server", source=Source.PHONE)).value
        assert new.number == f"INC{expected['incidents'] + 1:07d}" and new.id == expected["incidents"] + 1
        team.incidents.add_note(new.id, "notes continue too")
        assert reviewed.value.id in team.queue.search_ids("mail outage")  # the server's index was filled
    finally:
        team.close()
    again = cli("migrate-store", "--from", f"sqlite:///{local}", "--to", empty_db, tmp=tmp_path)
    assert again.returncode == 2 and "already holds incidents" in again.stderr


def test_pg_search_migration_backfills_and_downgrades(empty_db: str) -> None:
    """A server store at 0002 with incidents gets them indexed by 0003_pg_search; downgrade removes it cleanly."""
    from alembic import command
    from sqlalchemy import inspect, text

    from app.store.database import Database
    from app.store.migrate import alembic_config

    db = Database.open(empty_db, migrate=False)
    cfg = alembic_config()
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.execute(text("INSERT INTO incidents (number, title, description, source, status, impact, urgency, "
                              "priority, is_major, detected_at, logged_at, tier, response_breached, "
                              "resolution_breached, response_warned, resolution_warned, is_workaround, "
                              "recovery_confirmed, first_contact_resolution, reopen_count, escalation_count, "
                              "alert_count, updated_at, version) VALUES ('INC0000001', 'Scanner offline', '', "
                              "'phone', 'new', 3, 3, 5, false, now(), now(), 1, false, false, false, false, false, "
                              "false, false, 0, 0, 0, now(), 1)"))
            command.upgrade(cfg, "head")
            hits = conn.execute(text("SELECT incident_id FROM incident_search "
                                     "WHERE doc @@ to_tsquery('simple', 'scan:*')")).scalars().all()
            assert hits == [1]
            command.downgrade(cfg, "0002")
            assert "incident_search" not in inspect(conn).get_table_names()
    finally:
        db.close()
