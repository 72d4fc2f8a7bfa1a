"""PostgreSQL LISTEN on a dedicated connection in a daemon thread: collects the incident changes that the
triggers of migration 0003_pg_search announce, for the change feed to drain."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

log = logging.getLogger(__name__)

CHANNEL = "incident_desk_changes"  # the channel the triggers of 0003_pg_search notify
WAIT_S = 0.5  # how long one wait for notifications blocks, so stop() is honoured quickly
RETRY_S = (0.5, 1.0, 2.0, 5.0)  # reconnect back-off


@dataclass
class Drained:
    """What arrived since the last drain. `gap`: the listener was down for a while, so some changes may
    have gone unannounced (the caller catches up by polling); `reset`: a change too big to list."""

    versions: dict[int, int] = field(default_factory=dict)
    reset: bool = False
    gap: bool = False
    listening: bool = False


class ChangeListener:
    def __init__(self, engine: Engine, on_change: Callable[[], None] | None = None) -> None:
        self._engine = engine
        self._on_change = on_change
        self._lock = threading.Lock()
        self._pending = Drained()
        self._listening = threading.Event()
        self._stop = threading.Event()
        self._conn: Any = None
        self._thread = threading.Thread(target=self._run, name="incident-desk-listen", daemon=True)
        self._thread.start()

    def set_on_change(self, callback: Callable[[], None] | None) -> None:
        self._on_change = callback

    def wait_listening(self, timeout: float) -> bool:
        return self._listening.wait(timeout)

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def drain(self) -> Drained:
        with self._lock:
            out, self._pending = self._pending, Drained()
        out.listening = self._listening.is_set()
        return out

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    # -- the thread -----------------------------------------------------------------------------------
    def _connect(self) -> Any:
        dialect = self._engine.dialect
        args, kwargs = dialect.create_connect_args(self._engine.url)
        conn = dialect.loaded_dbapi.connect(*args, **kwargs)
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _run(self) -> None:
        attempt = 0
        first = True
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except Exception as exc:  # the server is away: fall back to polling until it answers again
                log.info("change listener cannot connect: %s", exc)
                self._stop.wait(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
                continue
            attempt = 0
            if not first:
                with self._lock:
                    self._pending.gap = True  # changes while we were away were not heard
            first = False
            self._listening.set()
            try:
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=WAIT_S):
                        self._take(note.payload)
                        if self._on_change is not None:
                            self._on_change()  # at once: the generator only ends when its timeout runs out
            except Exception as exc:
                log.info("change listener lost its connection: %s", exc)
            finally:
                self._listening.clear()
                try:
                    conn.close()
                except Exception:  # noqa: BLE001 - already broken
                    pass
        self._listening.clear()

    def _take(self, payload: str) -> None:
        with self._lock:
            if payload == "*":
                self._pending.reset = True
                return
            for part in payload.split(","):
                iid, _, version = part.partition(":")
                try:
                    i, v = int(iid), int(version)
                except ValueError:
                    self._pending.reset = True
                    continue
                if v > self._pending.versions.get(i, 0):
                    self._pending.versions[i] = v
