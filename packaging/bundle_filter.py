"""What the bundle leaves out: Qt modules, plugins, libraries and Python packages the app does not use.

PyInstaller's Qt hooks add every plugin of a used Qt module and then every library those plugins link, which
drags in QML, Quick, the virtual keyboard and the host's GTK stack (a bare PySide6 app bundles to ~208 MB).
The Qt modules to keep are found by scanning `app/` for PySide6 imports (plus what those import), so a
feature that starts using, say, QtCharts is bundled without editing this file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination in bundle, source path, type)

# Always kept, whatever the scan finds: the widgets core, QtSvg (icons), QtPrintSupport, QtCharts (dashboard).
BASE_QT_MODULES = frozenset({"QtCore", "QtGui", "QtWidgets", "QtDBus", "QtSvg", "QtPrintSupport", "QtCharts"})

EXCLUDED_PYTHON_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data", "ensurepip", "venv",
    "distutils", "setuptools", "pkg_resources", "pip",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "importlinter", "grimp", "ruff",
    "alembic.testing", "sqlalchemy.testing", "IPython", "numpy", "PIL",
    "mako.ext", "pygments",  # Alembic renders no templates at run time; mako's pygments plugin is 1.8 MB
    # SQL drivers the app never uses; SQLite is built in, PostgreSQL (psycopg) ships when installed.
    "MySQLdb", "pymysql", "mysql", "cx_Oracle", "oracledb", "pyodbc", "pymssql", "psycopg2", "asyncpg",
    "aiosqlite", "pysqlcipher3",
]

# Qt shared libraries by the Qt module (without the "Qt" prefix) they belong to; dropped unless kept.
# Names match libQt6X.so.6 (Linux), Qt6X.dll (Windows) and QtX.framework (macOS).
_QT_LIBS = (
    r"3D\w*", r"Bluetooth", r"CanvasPainter", r"Concurrent", r"DataVisualization\w*", r"Designer\w*",
    r"FFmpeg\w*", r"Graphs\w*", r"Help", r"HttpServer", r"Labs\w*", r"Location", r"Lottie\w*",
    r"Multimedia\w*", r"NetworkAuth", r"Nfc", r"Pdf\w*", r"Positioning\w*", r"Qml\w*", r"Quick\w*",
    r"RemoteObjects\w*", r"Scxml\w*", r"Sensors\w*", r"SerialBus", r"SerialPort", r"ShaderTools",
    r"SpatialAudio", r"Sql", r"StateMachine\w*", r"Test", r"TextToSpeech", r"UiTools", r"VirtualKeyboard\w*",
    r"WebChannel\w*", r"WebEngine\w*", r"WebSockets", r"WebView\w*", r"Xml", r"ChartsQml",
    r"EglFSDeviceIntegration", r"EglFsKmsSupport", r"EglFsKmsGbmSupport", r"WlShellIntegration",
)

# Plugin folders owned by one Qt module: dropped unless that module is kept.
_PLUGINS_OF = {
    "QtQml": "qmltooling", "QtSql": "sqldrivers", "QtMultimedia": "multimedia", "QtPositioning": "position",
    "QtSensors": "sensors", "QtTextToSpeech": "texttospeech", "QtWebView": "webview", "QtLocation": "geoservices",
    "Qt3DRender": "renderers|sceneparsers|geometryloaders|renderplugins", "QtQuick3D": "assetimporters",
    "QtSerialBus": "canbus", "QtDesigner": "designer", "QtScxml": "scxmldatamodel",
}
# Plugins no build of this app needs.
_NEVER_PLUGINS = (
    r"egldeviceintegrations|vectorimageformats|networkinformation|"
    r"generic|"  # evdev/TUIO input for framebuffer kiosks; TUIO also links QtNetwork and Kerberos
    r"platforminputcontexts/\w*virtualkeyboard\w*|"
    r"platforms/\w*(webgl|vnc|linuxfb|eglfs|minimalegl|vkkhrdisplay)\w*|"
    r"imageformats/\w*(pdf|tiff|webp|tga|wbmp|icns)\w*|"  # the app reads PNG (built in), SVG, JPEG, GIF, ICO
    r"wayland-shell-integration/[\w-]*(wl-shell|ivi-shell|fullscreen-shell)[\w-]*|"  # embedded compositors only
    r"platformthemes/\w*gtk3\w*"  # links the host's GTK 3; a bundled half of it (pango, cairo) breaks elsewhere
)
# Qt's own translations (the app installs no QTranslator yet; ship qtbase_*.qm when it does), and the QML tree.
# Linux libraries taken from the host instead of the build machine: the C++ runtime must be at least as new as
# the one the host's GL driver was built with, and fontconfig must match the host's fonts.conf. The .deb
# depends on them; every desktop distribution has them.
LINUX_HOST_LIBS = frozenset({"libstdc++.so.6", "libgcc_s.so.1", "libfontconfig.so.1", "libfreetype.so.6"})
_UNUSED_DATA = re.compile(r"/Qt/translations/|/qml/")
_SHARED_LIB = re.compile(r"^lib[^/]*\.so(\.\d+)*$")
_IMPORT = re.compile(r"PySide6\.(Qt\w+)|from\s+PySide6\s+import\s+\(?([\w\s,]+)")


def qt_modules_used(app_dir: Path) -> set[str]:
    """PySide6 modules named by any import in the app's sources."""
    used: set[str] = set()
    for path in app_dir.rglob("*.py"):
        for dotted, listed in _IMPORT.findall(path.read_text(encoding="utf-8")):
            used.update([dotted] if dotted else [n.strip() for n in listed.split(",") if n.strip().startswith("Qt")])
    return used


def qt_module_closure(modules: Iterable[str]) -> set[str]:
    """The given PySide6 modules plus those they import themselves (asked of a fresh interpreter)."""
    code = ("import importlib, sys\n"
            "for m in sys.argv[1:]:\n    importlib.import_module('PySide6.' + m)\n"
            "print(' '.join(n[8:] for n in sys.modules if n.startswith('PySide6.Qt') and '.' not in n[8:]))")
    names = sorted(set(modules))
    out = subprocess.run([sys.executable, "-c", code, *names], check=True, capture_output=True, text=True).stdout
    return set(out.split()) | set(names)


def all_qt_modules() -> set[str]:
    import PySide6

    folder = Path(PySide6.__file__).parent
    return {p.name.split(".")[0] for p in folder.iterdir() if p.name.startswith("Qt") and p.suffix in {".so", ".pyd"}}


def excluded_qt_modules(kept: set[str]) -> list[str]:
    return sorted(f"PySide6.{name}" for name in all_qt_modules() - kept) + ["PySide6.QtAsyncio"]


def make_keep_entry(kept: set[str]) -> Callable[[str], bool]:
    """A predicate on a bundle destination path: True when the app may need that file at run time."""
    kept_libs = {name[2:] for name in kept}
    lib_names = [p for p in _QT_LIBS if not any(re.fullmatch(p, lib) for lib in kept_libs)]
    qt_lib = re.compile(r"^(lib)?Qt6?(" + "|".join(lib_names) + r")(\.so[.\d]*|d?\.dll|\.framework|\.abi3\.so|\.pyd)?$")
    plugin_dirs = [dirs for module, dirs in _PLUGINS_OF.items() if module not in kept]
    plugins = re.compile(r"/plugins/(" + "|".join([*plugin_dirs, _NEVER_PLUGINS]) + r")")

    def keep_entry(dest: str) -> bool:
        path = "/" + dest.replace("\\", "/")
        if sys.platform.startswith("linux") and path.rsplit("/", 1)[-1] in LINUX_HOST_LIBS:
            return False
        if any(qt_lib.match(part) for part in path.split("/")):
            return False
        return not plugins.search(path) and not _UNUSED_DATA.search(path)

    return keep_entry


def prune_orphan_libraries(binaries: list[Entry], imports: Callable[[str], Iterable[str]],
                           ) -> tuple[list[Entry], list[str]]:
    """Linux: drop shared libraries that no kept binary links any more (the GTK stack of a dropped plugin).

    Roots are Python extension modules, Qt plugins and libpython (the bootloader opens it); a library stays when
    a root reaches it. `imports(src)` lists the sonames a file needs.
    """
    def name_of(dest: str) -> str:
        return dest.replace("\\", "/").rsplit("/", 1)[-1]

    def is_library(dest: str) -> bool:
        name = name_of(dest)
        return bool(_SHARED_LIB.match(name)) and "/plugins/" not in "/" + dest and not name.startswith("libpython")

    by_name = {name_of(dest): src for dest, src, _ in binaries}
    todo = [src for dest, src, _ in binaries if not is_library(dest)]
    reached: set[str] = set()
    while todo:
        for soname in imports(todo.pop()):
            if soname in by_name and soname not in reached:
                reached.add(soname)
                todo.append(by_name[soname])
    kept = [e for e in binaries if not is_library(e[0]) or name_of(e[0]) in reached]
    dropped = [e[0] for e in binaries if is_library(e[0]) and name_of(e[0]) not in reached]
    return kept, dropped


def drop_dangling_symlinks(entries: list[Entry], present: set[str]) -> list[Entry]:
    """PyInstaller links some Qt libraries into the top folder; drop links whose target was left out."""
    return [e for e in entries if e[2] != "SYMLINK" or e[1].replace("\\", "/") in present]


def elf_needed(path: str) -> list[str]:
    """Sonames a Linux binary needs, through PyInstaller's own resolver."""
    from PyInstaller.depend import bindepend

    return [name for name, _full in bindepend.get_imports(path)]
