"""The bundle's explicit contents: every app module, the Alembic migrations as files, frozen-path lookups."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bundle_contents import app_modules, data_files, migration_files

from tests.packaging.conftest import ROOT


def test_every_app_module_is_listed_and_migration_scripts_are_not() -> None:
    modules = app_modules(ROOT)
    assert "app" in modules and "app.selftest" in modules and "app.store.migrate" in modules
    assert "app.ui.main_window" in modules
    assert not any(".versions." in m or m.endswith(".env") for m in modules)


def test_migrations_ship_as_files_where_migrate_looks_for_them() -> None:
    from app.store import migrate

    shipped = migration_files(ROOT)
    versions = sorted(p.name for p in (migrate.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert versions, "no migrations found"
    shipped_versions = sorted(Path(src).name for src, dest in shipped if dest.endswith("migrations/versions"))
    assert shipped_versions == versions
    dests = {Path(src).name: dest for src, dest in shipped}
    assert dests["env.py"] == dests["script.py.mako"] == "app/store/migrations"
    # Frozen, migrate.py's __file__ is <bundle>/app/store/migrate.pyc, so the folder is the same relative path.
    assert migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix() == "app/store/migrations"


def test_resources_travel_with_the_bundle() -> None:
    assert (str(ROOT / "resources"), "resources") in data_files(ROOT)
    assert (ROOT / "resources" / "icons" / "incident-desk.svg").exists()


def test_resources_dir_follows_the_pyinstaller_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from app import paths

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert paths.resources_dir() == ROOT / "resources"


def test_offscreen_config_path_never_carries_a_drive_colon(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Qt splits platform arguments on ':' and aborts on a missing config file: C:\\... must not reach it."""
    from app import bootstrap, paths

    config = tmp_path / "offscreen.json"
    config.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(paths, "resource", lambda *parts: config)
    plain = bootstrap.offscreen_platform()
    assert plain.startswith("offscreen:configfile=") and plain.count(":") == 1

    class WindowsConfig:
        def exists(self) -> bool:
            return True

        def __str__(self) -> str:
            return r"C:\Program Files\Incident Desk\_internal\resources\offscreen.json"

    monkeypatch.setattr(paths, "resource", lambda *parts: WindowsConfig())
    monkeypatch.setattr(bootstrap.os.path, "relpath", lambda p: "resources/offscreen.json")
    assert bootstrap.offscreen_platform() == "offscreen:configfile=resources/offscreen.json"

    def other_drive(p: object) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(bootstrap.os.path, "relpath", other_drive)
    assert bootstrap.offscreen_platform() == "offscreen"
