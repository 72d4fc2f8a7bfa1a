"""Smoke test of what `packaging/build.py` produced: every artefact runs `incident-desk --self-test` offscreen.

Linux: the onedir bundle, the .deb extracted with `dpkg -x` (through its /usr/bin launcher) and the portable
tarball; the .deb's metadata and the libraries the bundle expects from the host are checked too. Windows: the
bundle, then the setup.exe installed silently per user, run, and uninstalled. macOS: the .app and the .dmg.
Prints `BENCH bundle_size_<os>_mb` (unpacked onedir, MiB) and `BENCH bundle_cold_start_s` (median wall time of
three fresh `--self-test` processes). Exit status 0 when everything passed.
"""

from __future__ import annotations

import argparse
import os
import plistlib
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from version import APP_ID, EXE_NAME, numeric_version, version  # noqa: E402

from build import DIST, app_bundle, bundle_dir, executable, os_key  # noqa: E402

SELF_TEST_TIMEOUT_S = 300
COLD_START_RUNS = 3
# Wayland plugins load only on a Wayland session; the .deb recommends these rather than depending on them.
OPTIONAL_HOST_LIBS = re.compile(r"^libwayland-(client|cursor|egl)\.so")


class SmokeFailure(Exception):
    pass


def emit(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.3f} {unit}", flush=True)


def self_test(program: Path, label: str) -> float:
    """Run `program --self-test` offscreen in a scratch home; returns its wall time in seconds."""
    if not program.exists():
        raise SmokeFailure(f"{label}: {program} does not exist")
    with tempfile.TemporaryDirectory(prefix="incident-desk-smoke-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INCIDENT_DESK_DATA_DIR": str(Path(tmp) / "data"),
               "XDG_CONFIG_HOME": str(Path(tmp) / "config"), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("INCIDENT_DESK_DB", None)
        start = time.perf_counter()
        proc = subprocess.run([str(program), "--self-test"], env=env, capture_output=True, text=True,
                              timeout=SELF_TEST_TIMEOUT_S, cwd=tmp)
        took = time.perf_counter() - start
    if proc.returncode != 0 or "self-test passed" not in proc.stdout:
        raise SmokeFailure(f"{label}: --self-test exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    print(f"ok  {label}: --self-test passed in {took:.2f} s", flush=True)
    return took


def tree_size_mib(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir()) / 2**20


def check_bundle() -> None:
    program = executable()
    times = [self_test(program, f"bundle run {i + 1}") for i in range(COLD_START_RUNS)]
    base = app_bundle() if sys.platform == "darwin" else bundle_dir()
    emit(f"bundle_size_{os_key()}_mb", tree_size_mib(base), "MiB")
    emit("bundle_cold_start_s", statistics.median(times), "s")


# --- Linux ---------------------------------------------------------------------------------------------------

def artefact(pattern: str) -> Path:
    found = sorted(DIST.glob(pattern))
    if len(found) != 1:
        raise SmokeFailure(f"expected one dist/{pattern}, found {[p.name for p in found]}")
    return found[0]


def check_deb() -> None:
    from linux_packages import DEPENDS, RECOMMENDS

    deb = artefact(f"{EXE_NAME}_{version()}_*.deb")
    fields = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version", "Depends"], check=True,
                            capture_output=True, text=True).stdout
    for expected in (f"Package: {EXE_NAME}", f"Version: {version()}", "libxcb-cursor0"):
        if expected not in fields:
            raise SmokeFailure(f"{deb.name}: control lacks {expected!r}:\n{fields}")
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], check=True, capture_output=True,
                             text=True).stdout
    for path in (f"./opt/{EXE_NAME}/{EXE_NAME}", f"./usr/bin/{EXE_NAME} -> ../../opt/{EXE_NAME}/{EXE_NAME}",
                 f"./usr/share/applications/{EXE_NAME}.desktop",
                 f"./usr/share/icons/hicolor/256x256/apps/{EXE_NAME}.png",
                 f"./usr/share/icons/hicolor/scalable/apps/{EXE_NAME}.svg",
                 "./opt/incident-desk/_internal/app/store/migrations/versions/0001_initial_schema.py"):
        if path not in listing:
            raise SmokeFailure(f"{deb.name}: missing {path}")
    if any(line.split()[1] != "root/root" for line in listing.splitlines()):
        raise SmokeFailure(f"{deb.name}: files not owned by root")
    print(f"ok  {deb.name}: control fields and contents", flush=True)
    with tempfile.TemporaryDirectory(prefix="incident-desk-deb-") as tmp:
        subprocess.run(["dpkg", "-x", str(deb), tmp], check=True)
        self_test(Path(tmp) / "usr" / "bin" / EXE_NAME, f"{deb.name} extracted with dpkg -x")
        desktop = Path(tmp) / "usr/share/applications" / f"{EXE_NAME}.desktop"
        if shutil.which("desktop-file-validate"):
            out = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
            if out.returncode != 0 or "error" in out.stdout:
                raise SmokeFailure(f"{desktop.name}: {out.stdout}{out.stderr}")
            print(f"ok  {desktop.name}: desktop-file-validate", flush=True)
        check_host_libraries(Path(tmp) / "opt" / EXE_NAME, DEPENDS + RECOMMENDS)


def _elf_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def _package_owning(path: str) -> str:
    """The Debian package that installed a library; dpkg knows it by /lib or /usr/lib (merged /usr)."""
    real = os.path.realpath(path)
    for candidate in dict.fromkeys([path, real, real.replace("/usr/lib/", "/lib/", 1)]):
        search = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if search.returncode == 0:
            return search.stdout.split(":")[0]
    return "?"


def check_host_libraries(install: Path, depends: tuple[str, ...]) -> None:
    """Every library the bundle links but does not carry is found on this host and owned by a declared Depends."""
    internal = install / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    bundled = {p.name for p in internal.rglob("*.so*")}
    declared = {alt.split()[0] for dep in depends for alt in dep.split("|")}
    missing: set[str] = set()
    owners: dict[str, str] = {}
    readelf = shutil.which("readelf")
    for elf in _elf_files(install):
        out = subprocess.run(["ldd", str(elf)], env=env, capture_output=True, text=True).stdout
        resolved = dict(re.findall(r"^\s*(\S+) => (\S+)", out, flags=re.M))
        missing.update(name for name, where in resolved.items() if where == "not" and
                       not OPTIONAL_HOST_LIBS.match(name))
        if not readelf:
            continue
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]",
                            subprocess.run([readelf, "-d", str(elf)], capture_output=True, text=True).stdout)
        for soname in needed:
            where = resolved.get(soname, "")
            if soname in bundled or where in ("", "not") or str(internal) in where or soname in owners:
                continue
            owners[soname] = _package_owning(where)
    if missing:
        raise SmokeFailure(f"libraries not found on this host: {sorted(missing)}")
    undeclared = {s: pkg for s, pkg in owners.items() if pkg not in declared and not s.startswith("ld-linux")}
    if undeclared:
        raise SmokeFailure(f"host libraries the .deb does not depend on: {undeclared}")
    print(f"ok  host libraries: {len(owners)} sonames from {sorted(set(owners.values()))}", flush=True)


def check_tarball() -> None:
    archive = artefact(f"{EXE_NAME}-{version()}-linux-*.tar.gz")
    with tempfile.TemporaryDirectory(prefix="incident-desk-tar-") as tmp:
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="tar")
        self_test(Path(tmp) / f"{EXE_NAME}-{version()}" / EXE_NAME, f"{archive.name} unpacked")


# --- Windows -------------------------------------------------------------------------------------------------

def check_windows_installer() -> None:
    setup = artefact(f"IncidentDesk-{version()}-windows-x64-setup.exe")
    with tempfile.TemporaryDirectory(prefix="incident-desk-setup-", ignore_cleanup_errors=True) as tmp:
        target = Path(tmp) / "Incident Desk"
        quiet = ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"]
        subprocess.run([str(setup), *quiet, f"/DIR={target}", f"/LOG={Path(tmp) / 'setup.log'}"],
                       check=True, timeout=600)
        self_test(target / f"{EXE_NAME}-cli.exe", f"{setup.name} installed per user")
        subprocess.run([str(target / "unins000.exe"), *quiet], check=True, timeout=600)
        deadline = time.monotonic() + 60  # the uninstaller finishes in a child process
        while (target / f"{EXE_NAME}.exe").exists() and time.monotonic() < deadline:
            time.sleep(1)
        if (target / f"{EXE_NAME}.exe").exists():
            raise SmokeFailure("uninstaller left the program behind")
        print(f"ok  {setup.name}: uninstalled", flush=True)


# --- macOS ---------------------------------------------------------------------------------------------------

def check_mac_app_and_dmg() -> None:
    info = plistlib.loads((app_bundle() / "Contents" / "Info.plist").read_bytes())
    expected = {"CFBundleIdentifier": APP_ID, "CFBundleShortVersionString": version(),
                "CFBundleVersion": numeric_version()}
    wrong = {k: info.get(k) for k, v in expected.items() if info.get(k) != v}
    if wrong:
        raise SmokeFailure(f"Info.plist: {wrong}, expected {expected}")
    print("ok  Info.plist: bundle id and version", flush=True)
    dmg = artefact(f"IncidentDesk-{version()}-macos-*.dmg")
    with tempfile.TemporaryDirectory(prefix="incident-desk-dmg-") as tmp:
        subprocess.run(["hdiutil", "attach", "-nobrowse", "-readonly", "-mountpoint", tmp, str(dmg)], check=True)
        try:
            self_test(Path(tmp) / app_bundle().name / "Contents" / "MacOS" / EXE_NAME, f"{dmg.name} mounted")
        finally:
            subprocess.run(["hdiutil", "detach", tmp], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle-only", action="store_true", help="test the onedir bundle, not the installers")
    args = parser.parse_args(argv)
    checks = [check_bundle]
    if not args.bundle_only:
        checks += {"linux": [check_deb, check_tarball], "win32": [check_windows_installer],
                   "darwin": [check_mac_app_and_dmg]}.get(os_key(), [])
    try:
        for check in checks:
            check()
    except (SmokeFailure, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"smoke test passed: {len(checks)} checks", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
