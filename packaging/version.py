"""The one version of a build, read from pyproject.toml; `python packaging/version.py` prints it."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.incidentdesk.IncidentDesk"  # macOS bundle id; the Inno Setup AppId is derived from it too
APP_NAME = "Incident Desk"
EXE_NAME = "incident-desk"


def version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    with pyproject.open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def numeric_version(text: str | None = None) -> str:
    """`1.2.3` style for places that accept digits only (Windows file version, CFBundleVersion)."""
    parts = re.findall(r"\d+", (text or version()).split("+")[0])[:3]
    return ".".join((parts + ["0", "0", "0"])[:3])


if __name__ == "__main__":
    print(numeric_version() if "--numeric" in sys.argv[1:] else version())
