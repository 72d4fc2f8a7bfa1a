"""Composition root: resolve the store, open services, create the QApplication and the main window."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from app import __version__
from app.config import choose_store
from app.domain.errors import StoreError
from app.paths import backup_dir_for
from app.services.app import Services, open_services

DEMO_INCIDENTS = 2_000


def offscreen_platform() -> str:
    """The offscreen platform with a 1920x1200 virtual screen (its default 800x800 clips windows)."""
    from app.paths import resource

    config = resource("offscreen.json")
    if not config.exists():
        return "offscreen"
    text = str(config)
    if ":" in text:
        # Qt splits platform arguments on ':' and aborts on a missing config file, so a Windows drive letter
        # ("C:\...") must not reach it: name the file relative to the working folder, or use the default screen.
        try:
            text = os.path.relpath(config)
        except ValueError:  # another drive
            return "offscreen"
        if ":" in text:
            return "offscreen"
    return f"offscreen:configfile={text}"


def ensure_platform(offscreen: bool) -> None:
    """Without a display (CI, ssh) Qt needs the offscreen platform; set it before QApplication exists."""
    current = os.environ.get("QT_QPA_PLATFORM")
    if current == "offscreen":
        os.environ["QT_QPA_PLATFORM"] = offscreen_platform()
    elif current is None and (offscreen or (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                                            and not os.environ.get("WAYLAND_DISPLAY"))):
        os.environ["QT_QPA_PLATFORM"] = offscreen_platform()


def make_app(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName("IncidentDesk")
    app.setApplicationName("Incident Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("incident-desk")
    set_window_icon(app)
    from app.ui.theme import apply_theme

    apply_theme(app)
    return app


def set_window_icon(app) -> None:  # type: ignore[no-untyped-def]
    """The app icon (one SVG, also the source of the installers' icons) on every window and the task bar."""
    from PySide6.QtGui import QIcon

    from app.paths import resource

    icon = resource("icons", "incident-desk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def open_for_gui(args: argparse.Namespace) -> Services:
    if args.demo:
        folder = Path(tempfile.mkdtemp(prefix="incident-desk-demo-"))
        services = open_services(folder / "demo.sqlite3", folder / "backups")
        services.demo.generate(DEMO_INCIDENTS, seed=1)
        return services
    choice = choose_store(args.db)
    if choice.source == "default":
        from app.ui.team_connect import team_store_url

        team = team_store_url()  # File > Connect to team server… saved one: it replaces the local file
        if team is not None:
            return open_services(team, None, sign_in=True)
    services = open_services(choice.db, backup_dir_for(choice.db))
    if args.seed_demo and services.queue.count(_all()) == 0:
        services.demo.generate(args.seed_demo, seed=1)
    return services


def _all():  # type: ignore[no-untyped-def]
    from app.domain.queue_filter import QueueFilter

    return QueueFilter()


def run_gui(args: argparse.Namespace) -> int:
    ensure_platform(offscreen=bool(args.screenshot))
    app = make_app()
    try:
        services = open_for_gui(args)
    except StoreError as exc:
        from PySide6.QtWidgets import QMessageBox

        print(f"incident-desk: {exc}", file=sys.stderr)
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.critical(None, "Incident Desk", str(exc))
        return 2
    from app.ui.main_window import MainWindow

    window = MainWindow(services)
    if args.screenshot:
        return screenshot(app, window, Path(args.screenshot))
    window.show()
    window.start()
    code = app.exec()
    services.close()
    return int(code)


def screenshot(app, window, path: Path, timeout_ms: int = 60_000) -> int:  # type: ignore[no-untyped-def]
    """Show the window offscreen, wait for the queue and the first row's details, save a PNG."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    window.queue_loaded.connect(lambda _n: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(timeout_ms, loop.quit)
    window.show()
    window.start()
    loop.exec()
    if window.queue.model.rowCount() > 0:
        window.queue.table.selectRow(0)
    window.runner.wait_idle()
    for _ in range(20):  # let queued result signals reach their slots and paint
        app.processEvents()
    window.runner.wait_idle()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(path))
    window.close()
    window.services.close()
    if not ok:
        print(f"incident-desk: could not write {path}", file=sys.stderr)
        return 1
    print(f"saved {path}")
    return 0
