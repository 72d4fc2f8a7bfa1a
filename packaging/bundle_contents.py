"""What the bundle carries beyond what PyInstaller finds by following imports: every app module, the Alembic
migrations as files, the resources folder, and store drivers that are installed."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def app_modules(root: Path) -> list[str]:
    """Every module of the app package, found on disk: features added later are bundled without spec edits."""
    names = []
    for path in sorted((root / "app").rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        if "versions" in rel.parts or rel.name == "env":
            continue  # Alembic loads these by path from the data files below
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        names.append(".".join(parts))
    return names


def migration_files(root: Path) -> list[tuple[str, str]]:
    """Alembic reads env.py, script.py.mako and versions/*.py as files, so they ship as data, not bytecode.

    Each entry is (source file, folder inside the bundle), the folder mirroring app/store/migrations so that
    app.store.migrate.MIGRATIONS_DIR (derived from its own __file__) finds them when frozen too.
    """
    base = root / "app" / "store" / "migrations"
    files = [base / "env.py", base / "script.py.mako", *sorted((base / "versions").glob("*.py"))]
    return [(str(f), f.parent.relative_to(root).as_posix()) for f in files if f.exists()]


def data_files(root: Path) -> list[tuple[str, str]]:
    return [(str(root / "resources"), "resources"), *migration_files(root)]


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None
