"""Linux packages from the onedir bundle: a .deb (dpkg-deb) installing to /opt, and a portable tarball.

Both are reproducible: every file gets the commit time (SOURCE_DATE_EPOCH) and root ownership.
"""

from __future__ import annotations

import gzip
import os
import platform
import re
import shutil
import stat
import subprocess
import tarfile
from pathlib import Path

from version import APP_NAME, EXE_NAME

HERE = Path(__file__).resolve().parent
DESKTOP_FILE = HERE / "linux" / f"{EXE_NAME}.desktop"
INSTALL_DIR = f"opt/{EXE_NAME}"
MAINTAINER = "Incident Desk developers <maintainers@incident-desk.invalid>"  # set the real address before publishing

# Libraries the bundle takes from the host (see bundle_filter.LINUX_HOST_LIBS, plus GL and libc), and the Qt
# xcb platform plugin's runtime set (libxcb-cursor0 is the one Qt 6.5+ refuses to start without).
DEPENDS = (
    "libc6", "libstdc++6", "libgcc-s1", "libgl1", "libegl1", "libfontconfig1", "libfreetype6",
    "libglib2.0-0t64 | libglib2.0-0", "libdbus-1-3", "libx11-6", "libx11-xcb1", "libxcb1", "libxcb-cursor0",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-render0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1", "libxcb-util1", "libxcb-xfixes0",
    "libxcb-xkb1", "libxkbcommon0", "libxkbcommon-x11-0",
)
# Wayland sessions run natively with these; without them Qt falls back to XWayland.
RECOMMENDS = ("fonts-dejavu-core", "libwayland-client0", "libwayland-cursor0", "libwayland-egl1")

DESCRIPTION = """ITIL incident management for the service desk
 Incident Desk walks service-desk staff through the incident process:
 detection and logging, categorization and prioritization, escalation,
 resolution, closure, post-incident review and stakeholder communication.
 It keeps its data in a per-user SQLite store or a shared PostgreSQL server."""


def source_date_epoch() -> int:
    """Commit time of HEAD (or $SOURCE_DATE_EPOCH), so rebuilding the same commit gives the same archive."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=HERE, capture_output=True, text=True,
                             check=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 315532800  # 1980-01-01, the earliest time zip and some tar readers accept


def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def min_glibc(bundle: Path) -> str | None:
    """The newest GLIBC_x.y symbol version any bundled binary asks for: the oldest libc6 the bundle runs on."""
    newest: tuple[int, ...] = ()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) != b"\x7fELF":
                    continue
            for match in set(re.findall(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?", path.read_bytes())):
                newest = max(newest, tuple(int(part) for part in match if part))
    return ".".join(map(str, newest)) or None


def depends(glibc: str | None) -> list[str]:
    return [f"libc6 (>= {glibc})" if dep == "libc6" and glibc else dep for dep in DEPENDS]


def control_text(version: str, arch: str, installed_kb: int, glibc: str | None = None) -> str:
    return (
        f"Package: {EXE_NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(depends(glibc))}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}\n"
    )


def _normalise(tree: Path, epoch: int) -> None:
    """0755 for folders and executables, 0644 for the rest, one mtime: the archive depends on content only."""
    for path in sorted(tree.rglob("*"), reverse=True):
        if path.is_symlink():
            os.utime(path, (epoch, epoch), follow_symlinks=False)
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & stat.S_IXUSR else 0o644)
        os.utime(path, (epoch, epoch))
    os.utime(tree, (epoch, epoch))


def _tree_kb(tree: Path) -> int:
    return sum((p.lstat().st_size + 1023) // 1024 for p in tree.rglob("*") if not p.is_dir())


def stage_deb(bundle: Path, icons: Path, root: Path) -> None:
    """Lay out the package tree: /opt/incident-desk, /usr/bin link, desktop file, hicolor icons, docs."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    # Relative, so the launcher also works in a `dpkg -x` extraction (the smoke test runs it there).
    (root / "usr/bin" / EXE_NAME).symlink_to(f"../../{INSTALL_DIR}/{EXE_NAME}")
    shutil.copy2(DESKTOP_FILE, _mkparent(root / "usr/share/applications" / DESKTOP_FILE.name))
    shutil.copytree(icons / "hicolor", root / "usr/share/icons/hicolor")
    doc = root / "usr/share/doc" / EXE_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        f"{APP_NAME}\nLicense: MIT\n\nBundles Python (PSF licence), Qt and Qt for Python (LGPL-3.0),\n"
        "SQLAlchemy, Alembic, Mako and platformdirs (MIT). Qt's source is at https://download.qt.io.\n",
        encoding="utf-8")


def _mkparent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def build_deb(bundle: Path, icons: Path, version: str, out_dir: Path, work: Path) -> Path:
    arch = deb_arch()
    root = work / f"{EXE_NAME}_{version}_{arch}"
    stage_deb(bundle, icons, root)
    (root / "DEBIAN").mkdir()
    control = control_text(version, arch, _tree_kb(root), min_glibc(bundle))
    (root / "DEBIAN/control").write_text(control, encoding="utf-8")
    epoch = source_date_epoch()
    _normalise(root, epoch)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{EXE_NAME}_{version}_{arch}.deb"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    # xz at level 6 is dpkg's default; -Sextreme would save little and cost minutes on two cores.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(root), str(target)],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return target


def build_tarball(bundle: Path, icons: Path, version: str, out_dir: Path) -> Path:
    """incident-desk-<version>-linux-<machine>.tar.gz: the bundle plus a desktop file and icon, runs in place."""
    top = f"{EXE_NAME}-{version}"
    epoch = source_date_epoch()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{top}-linux-{platform.machine()}.tar.gz"
    extras = {f"{top}/{DESKTOP_FILE.name}": DESKTOP_FILE, f"{top}/{EXE_NAME}.png": icons / f"{EXE_NAME}.png"}

    def add(tar: tarfile.TarFile, path: Path, name: str) -> None:
        info = tar.gettarinfo(str(path), arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        if info.isdir() or info.mode & stat.S_IXUSR:
            info.mode = 0o755
        elif not info.issym():
            info.mode = 0o644
        if info.isfile():
            with path.open("rb") as fh:
                tar.addfile(info, fh)
        else:
            tar.addfile(info)

    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=epoch, filename="",
                                                 compresslevel=6) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        add(tar, bundle, top)
        for path in sorted(bundle.rglob("*")):
            add(tar, path, f"{top}/{path.relative_to(bundle).as_posix()}")
        for name, path in extras.items():
            add(tar, path, name)
    return target
