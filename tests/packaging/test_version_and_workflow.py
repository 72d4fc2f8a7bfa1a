"""One version everywhere; the installers' scripts agree with it; the release workflow parses and calls them."""

from __future__ import annotations

import re

import pytest
from version import APP_ID, numeric_version, version

from tests.packaging.conftest import PACKAGING, ROOT


def test_app_version_is_the_pyproject_version() -> None:
    import app

    assert app.__version__ == version()


def test_numeric_version_keeps_three_numbers() -> None:
    assert numeric_version("1.2") == "1.2.0"
    assert numeric_version("2.10.3rc1+local") == "2.10.3"


def test_spec_bundles_with_the_pyproject_version_and_bundle_id() -> None:
    spec = (PACKAGING / "incident-desk.spec").read_text(encoding="utf-8")
    assert "VERSION = version()" in spec and '"CFBundleShortVersionString": VERSION' in spec
    assert "bundle_identifier=APP_ID" in spec and APP_ID.count(".") >= 2
    assert "console=False" in spec and "BUNDLE(" in spec and "COLLECT(" in spec


def test_inno_setup_script_is_per_user_without_associations_and_keeps_data() -> None:
    iss = (PACKAGING / "windows" / "incident-desk.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert "PrivilegesRequiredOverridesAllowed" not in iss  # never asks for elevation
    assert re.search(r"^ChangesAssociations=no$", iss, re.M) and "[Registry]" not in iss
    assert "{autoprograms}" in iss  # Start-menu entry
    assert "AppVersion={#AppVersion}" in iss and "dist\\incident-desk\\*" in iss
    assert "usPostUninstall" in iss and "kept" in iss and "[UninstallDelete]" in iss
    assert "userappdata" not in iss.split("[UninstallDelete]")[1].split("[Code]")[0]


def test_release_workflow_parses_and_calls_the_packaging_scripts() -> None:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "push" in triggers and "workflow_dispatch" in triggers
    job = workflow["jobs"]["installers"]
    oses = job["strategy"]["matrix"]["os"]
    assert {o.split("-")[0] for o in oses} == {"ubuntu", "windows", "macos"}
    runs = [step.get("run", "") for step in job["steps"]]
    assert "python packaging/build.py" in runs and "python packaging/smoke_test.py" in runs
    uploads = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and all(ext in uploads[0]["with"]["path"] for ext in (".deb", ".tar.gz", "setup.exe", ".dmg"))
