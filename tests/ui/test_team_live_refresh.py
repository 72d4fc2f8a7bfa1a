"""Live refresh on the team server: another workstation's change shows in this queue within 2 s, in place."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings

from app.domain.enums import Source
from app.services.incidents import LogRequest
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("backend", ["postgresql"])
def test_other_workstations_change_reaches_the_queue_within_two_seconds(qtbot, services, store_url, clock) -> None:  # type: ignore[no-untyped-def]
    from app.services.app import open_services

    QSettings().clear()
    services.demo.generate(40, seed=8)
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        window.show()
        window.start()
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        assert window.views.choose_key("all")
    model = window.queue.model
    qtbot.waitUntil(lambda: services.change_feed.live, timeout=10_000)  # LISTEN is up and caught up
    target = next(r for r in map(model.row_at, range(model.rowCount()))
                  if r.status not in ("closed", "cancelled", "resolved"))
    other = open_services(store_url, None, clock=clock, login="amorgan", seed=False)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    try:
        started = time.monotonic()
        other.incidents.update_fields(target.id, title="Changed on another workstation")
        created = other.incidents.log(LogRequest(title="Logged on another workstation", source=Source.PHONE)).value
        qtbot.waitUntil(lambda: model.row_of(created.id) is not None and
                        model.row_at(model.row_of(target.id)).title == "Changed on another workstation",
                        timeout=2_000)
        assert time.monotonic() - started < 2.0
        assert not resets  # rows changed in place: no full reload, no flicker
    finally:
        other.close()
        window.queue.watcher.stop()
        window.runner.wait_idle()
