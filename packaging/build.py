"""Build Incident Desk's installers: `python packaging/build.py [STEP ...]` (default: every step for this OS).

Steps: icons, bundle (PyInstaller onedir, and the .app on macOS), deb and tarball (Linux), inno (Windows
setup.exe), dmg (macOS). `make package` and the release workflow both run this file, so a local build and a
release build are the same build. Results go to dist/, intermediate files to build/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from version import APP_NAME, EXE_NAME, ROOT, numeric_version, version  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
ICONS = BUILD / "icons"
SPEC = HERE / "incident-desk.spec"
DEFAULT_STEPS = {
    "linux": ["icons", "bundle", "deb", "tarball"],
    "win32": ["icons", "bundle", "inno"],
    "darwin": ["icons", "bundle", "dmg"],
}


def os_key() -> str:
    return "linux" if sys.platform.startswith("linux") else sys.platform


def bundle_dir() -> Path:
    """The onedir folder the smoke test and the installers start from."""
    return DIST / EXE_NAME


def app_bundle() -> Path:
    return DIST / f"{APP_NAME}.app"


def executable(base: Path | None = None) -> Path:
    """The program to run for --self-test (the console twin on Windows, where the GUI exe has no stdout)."""
    if sys.platform == "win32":
        return (base or bundle_dir()) / f"{EXE_NAME}-cli.exe"
    if sys.platform == "darwin" and base is None:
        return app_bundle() / "Contents" / "MacOS" / EXE_NAME
    return (base or bundle_dir()) / EXE_NAME


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def step_icons() -> None:
    from icons import build

    build(ICONS)
    print(f"icons -> {ICONS}")


def step_bundle() -> None:
    if not (ICONS / f"{EXE_NAME}.ico").exists():
        step_icons()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", str(DIST),
         "--workpath", str(BUILD / "pyinstaller"), str(SPEC)], cwd=ROOT)
    print(f"bundle -> {app_bundle() if sys.platform == 'darwin' else bundle_dir()}")


def step_deb() -> None:
    from linux_packages import build_deb

    print(f"deb -> {build_deb(bundle_dir(), ICONS, version(), DIST, BUILD / 'deb')}")


def step_tarball() -> None:
    from linux_packages import build_tarball

    print(f"tarball -> {build_tarball(bundle_dir(), ICONS, version(), DIST)}")


def find_iscc() -> str:
    candidates = [shutil.which("iscc"), shutil.which("ISCC")]
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs")):
        if base:
            candidates.append(os.path.join(base, "Inno Setup 6", "ISCC.exe"))
    for path in candidates:
        if path and os.path.exists(path):
            return path
    raise SystemExit("build: Inno Setup 6 (ISCC.exe) not found; install it (choco install innosetup) and retry")


def step_inno() -> None:
    run([find_iscc(), f"/DAppVersion={version()}", f"/DNumericVersion={numeric_version()}.0",
         f"/DRootDir={ROOT}", f"/O{DIST}", str(HERE / "windows" / "incident-desk.iss")])
    setup = DIST / f"IncidentDesk-{version()}-windows-x64-setup.exe"
    sign_windows(setup)
    print(f"inno -> {setup}")


def sign_windows(path: Path) -> None:
    """Authenticode-sign when a certificate is configured (WINDOWS_SIGN_PFX_BASE64 + WINDOWS_SIGN_PASSWORD)."""
    pfx_b64, password = os.environ.get("WINDOWS_SIGN_PFX_BASE64"), os.environ.get("WINDOWS_SIGN_PASSWORD")
    if not (pfx_b64 and password):
        print("sign: WINDOWS_SIGN_PFX_BASE64 not set, installer left unsigned")
        return
    import base64
    import glob
    import tempfile

    kits = sorted(glob.glob(r"C:\Program Files (x86)\Windows Kits\10\bin\*\x64\signtool.exe"))
    signtool = shutil.which("signtool") or (kits[-1] if kits else "signtool")
    with tempfile.TemporaryDirectory() as tmp:
        pfx = Path(tmp) / "signing.pfx"
        pfx.write_bytes(base64.b64decode(pfx_b64))
        timestamp = os.environ.get("WINDOWS_SIGN_TIMESTAMP_URL", "http://timestamp.digicert.com")
        subprocess.run([signtool, "sign", "/fd", "SHA256", "/td", "SHA256", "/tr", timestamp, "/f", str(pfx),
                        "/p", password, str(path)], check=True)  # not echoed: the command holds the password


def step_dmg() -> None:
    run(["bash", str(HERE / "macos" / "make-dmg.sh"), str(app_bundle()), version(), str(DIST)])


STEPS: dict[str, Callable[[], None]] = {
    "icons": step_icons, "bundle": step_bundle, "deb": step_deb, "tarball": step_tarball,
    "inno": step_inno, "dmg": step_dmg,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="*", metavar="STEP",
                        help=f"one or more of {', '.join(STEPS)} (default: all for this OS)")
    args = parser.parse_args(argv)
    unknown = [s for s in args.steps if s not in STEPS and s != "all"]
    if unknown:
        parser.error(f"unknown step {', '.join(unknown)}; choose from {', '.join(STEPS)}")
    steps = args.steps if args.steps and args.steps != ["all"] else DEFAULT_STEPS[os_key()]
    print(f"Building {APP_NAME} {version()} for {os_key()}: {' '.join(steps)}", flush=True)
    for name in steps:
        start = time.perf_counter()
        STEPS[name]()
        print(f"[{name}] {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
