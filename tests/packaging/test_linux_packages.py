"""The .deb's control data and tree, and the tarball's reproducibility, built from a stand-in bundle."""

from __future__ import annotations

import configparser
import hashlib
import tarfile
from pathlib import Path

import pytest
from linux_packages import (
    DEPENDS,
    DESKTOP_FILE,
    INSTALL_DIR,
    build_tarball,
    control_text,
    min_glibc,
    stage_deb,
)
from version import version


@pytest.fixture
def fake_bundle(tmp_path: Path) -> tuple[Path, Path]:
    bundle = tmp_path / "dist" / "incident-desk"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "incident-desk"
    exe.write_text("#!/bin/sh\necho self-test passed\n", encoding="utf-8")
    exe.chmod(0o755)
    (bundle / "_internal" / "data.txt").write_text("data", encoding="utf-8")
    icons = tmp_path / "icons"
    (icons / "hicolor/48x48/apps").mkdir(parents=True)
    (icons / "hicolor/48x48/apps/incident-desk.png").write_bytes(b"png")
    (icons / "incident-desk.png").write_bytes(b"png")
    return bundle, icons


def test_control_names_the_version_and_the_qt_runtime() -> None:
    text = control_text(version(), "amd64", 123456, glibc="2.36")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line and not line.startswith(" "))
    assert fields["Package"] == "incident-desk" and fields["Version"] == version()
    assert fields["Installed-Size"] == "123456" and fields["Architecture"] == "amd64"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    for needed in ("libxcb-cursor0", "libgl1", "libxkbcommon-x11-0", "libfontconfig1", "libstdc++6"):
        assert needed in depends
    assert depends[0] == "libc6 (>= 2.36)" and depends[1:] == list(DEPENDS[1:])
    assert text.endswith("\n") and "\n Incident Desk walks" in text  # continuation lines of the description


def test_oldest_glibc_is_read_from_the_binaries(tmp_path: Path) -> None:
    (tmp_path / "a.so").write_bytes(b"\x7fELF....GLIBC_2.17\x00GLIBC_2.34\x00")
    (tmp_path / "b.so").write_bytes(b"\x7fELF....GLIBC_2.4\x00GLIBC_2.3.4\x00")
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99")  # not a binary
    assert min_glibc(tmp_path) == "2.34"
    assert min_glibc(tmp_path / "empty") is None


def test_stage_lays_out_opt_launcher_desktop_and_icons(fake_bundle: tuple[Path, Path], tmp_path: Path) -> None:
    bundle, icons = fake_bundle
    root = tmp_path / "root"
    stage_deb(bundle, icons, root)
    launcher = root / "usr/bin/incident-desk"
    assert launcher.is_symlink() and not Path(launcher.readlink()).is_absolute()
    assert launcher.resolve() == (root / INSTALL_DIR / "incident-desk").resolve()
    assert (root / "usr/share/icons/hicolor/48x48/apps/incident-desk.png").exists()
    assert (root / "usr/share/applications/incident-desk.desktop").read_bytes() == DESKTOP_FILE.read_bytes()
    assert (root / "usr/share/doc/incident-desk/copyright").exists()


def test_desktop_file_launches_the_installed_command() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP_FILE, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "incident-desk" and desktop["Icon"] == "incident-desk"
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert "MimeType" not in desktop  # no file associations


def test_tarball_is_reproducible_and_runs_in_place(fake_bundle: tuple[Path, Path], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    bundle, icons = fake_bundle
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_tarball(bundle, icons, "9.9.9", tmp_path / "out1")
    second = build_tarball(bundle, icons, "9.9.9", tmp_path / "out2")
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
    assert digest[0] == digest[1]
    with tarfile.open(first) as tar:
        members = {m.name: m for m in tar.getmembers()}
    exe = members["incident-desk-9.9.9/incident-desk"]
    assert exe.mode == 0o755 and exe.uid == 0 and exe.mtime == 1700000000
    assert members["incident-desk-9.9.9/_internal/data.txt"].mode == 0o644
    assert "incident-desk-9.9.9/incident-desk.desktop" in members
