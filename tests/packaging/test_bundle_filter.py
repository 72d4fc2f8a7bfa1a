"""Which Qt modules, plugins and libraries the bundle keeps, and the orphan-library pruning."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_filter import (
    BASE_QT_MODULES,
    drop_dangling_symlinks,
    excluded_qt_modules,
    make_keep_entry,
    prune_orphan_libraries,
    qt_module_closure,
    qt_modules_used,
)

KEPT = set(BASE_QT_MODULES)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Charts.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "PySide6/Qt6Widgets.dll",
    "PySide6/Qt/lib/QtCharts.framework/Versions/A/QtCharts", "PySide6/QtCharts.abi3.so",
])
def test_what_the_app_uses_is_kept(dest: str) -> None:
    assert make_keep_entry(KEPT)(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6ChartsQml.so.6",
    "PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6WebEngineCore.so.6", "PySide6/Qt/lib/libQt63DCore.so.6",
    "PySide6/Qt/lib/libQt6Multimedia.so.6", "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
    "PySide6/Qt/lib/libQt6Sql.so.6",
    "PySide6/Qt6Quick.dll", "PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", "PySide6/QtSql.abi3.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so", "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libwl-shell-plugin.so",
    "PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so", "PySide6/Qt/translations/qtbase_de.qm",
])
def test_what_the_app_does_not_use_is_dropped(dest: str) -> None:
    assert not make_keep_entry(KEPT)(dest)


def test_a_module_the_app_starts_using_is_no_longer_dropped() -> None:
    dest = "PySide6/Qt/lib/libQt6Sql.so.6"
    assert not make_keep_entry(KEPT)(dest)
    assert make_keep_entry(KEPT | {"QtSql"})(dest)
    assert make_keep_entry(KEPT | {"QtSql"})("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")


def test_imports_are_found_in_every_spelling(tmp_path: Path) -> None:
    pkg = tmp_path / "app"
    pkg.mkdir()
    (pkg / "a.py").write_text("from PySide6.QtCharts import QChart\nimport PySide6.QtNetwork\n", encoding="utf-8")
    (pkg / "b.py").write_text("from PySide6 import (\n    QtSvg,\n    QtPrintSupport,\n)\n", encoding="utf-8")
    assert qt_modules_used(pkg) == {"QtCharts", "QtNetwork", "QtSvg", "QtPrintSupport"}


def test_closure_adds_what_bindings_import_and_exclusions_spare_it() -> None:
    kept = qt_module_closure({"QtWidgets"})
    assert {"QtCore", "QtGui", "QtWidgets"} <= kept
    excluded = excluded_qt_modules(kept)
    assert "PySide6.QtQuick" in excluded and "PySide6.QtWebEngineCore" not in kept
    assert not {f"PySide6.{m}" for m in kept} & set(excluded)


def test_orphan_libraries_are_pruned_and_reachable_ones_kept() -> None:
    binaries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/src/libxcb-cursor.so.0", "BINARY"),
        ("libpango-1.0.so.0", "/src/libpango-1.0.so.0", "BINARY"),  # only a dropped theme plugin needed it
        ("libpython3.11.so.1.0", "/src/libpython3.11.so.1.0", "BINARY"),
    ]
    links = {"/src/QtGui.abi3.so": ["libQt6Gui.so.6"], "/src/libqxcb.so": ["libxcb-cursor.so.0", "libc.so.6"]}
    kept, dropped = prune_orphan_libraries(binaries, lambda src: links.get(src, []))
    assert dropped == ["libpango-1.0.so.0"]
    assert [e[0] for e in kept] == [e[0] for e in binaries if e[0] != "libpango-1.0.so.0"]


def test_links_to_left_out_libraries_are_dropped() -> None:
    entries = [("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
               ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
               ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY")]
    kept = drop_dangling_symlinks(entries, {"PySide6/Qt/lib/libQt6Core.so.6"})
    assert [e[0] for e in kept] == ["libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6"]
