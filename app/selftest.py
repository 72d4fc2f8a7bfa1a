"""`incident-desk --self-test`: an end-to-end run in a temporary store, offscreen; used by package smoke tests."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def run_self_test() -> int:
    from app.bootstrap import ensure_platform, make_app
    from app.domain.enums import CallerConfirmation, EscalationKind, Source
    from app.services.app import open_services
    from app.services.incidents import LogRequest

    ensure_platform(offscreen=True)
    steps: list[str] = []
    with tempfile.TemporaryDirectory(prefix="incident-desk-selftest-") as tmp:
        folder = Path(tmp)
        services = open_services(folder / "selftest.sqlite3", folder / "backups")
        try:
            s = services.incidents
            inc = s.log(LogRequest(title="Self-test: e-mail down", source=Source.MONITORING, impact=2,
                                   urgency=2)).value
            steps.append(f"logged {inc.number} as P{inc.priority}")
            inc = s.acknowledge(inc.id).value
            target = next(g for g in services.directory.groups() if g.tier == 2)
            inc = s.escalate(inc.id, EscalationKind.FUNCTIONAL, "Self-test escalation", group_id=target.id).value
            steps.append(f"escalated to {inc.group.name if inc.group else '?'}")
            inc = s.resolve(inc.id, "Solved remotely", "Self-test resolution").value
            inc = s.close(inc.id, "Confirmed by caller", CallerConfirmation.CONFIRMED).value
            steps.append(f"closed ({inc.status})")
            if inc.status != "closed":
                raise AssertionError("incident did not close")
            events = s.events(inc.id)
            steps.append(f"{len(events)} audit events")
            app = make_app()
            from app.ui.main_window import MainWindow

            window = MainWindow(services)
            window.show()
            window.start()
            window.runner.wait_idle()
            for _ in range(10):
                app.processEvents()
            window.runner.wait_idle()
            app.processEvents()
            image = window.grab()
            if image.isNull() or image.width() < 100:
                raise AssertionError("main window did not render")
            steps.append(f"rendered main window {image.width()}x{image.height()}")
            window.close()
        except Exception as exc:  # noqa: BLE001 - the self-test reports any failure as a non-zero exit
            print("self-test FAILED:", exc, file=sys.stderr)
            for line in steps:
                print("  ok:", line, file=sys.stderr)
            return 1
        finally:
            services.close()
    for line in steps:
        print("ok:", line)
    print("self-test passed")
    return 0

