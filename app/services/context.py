"""What every service needs: the store, a clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.clock import Clock, SystemClock
from app.domain.process import ProcessSettings
from app.store.database import Database


@dataclass
class ServiceContext:
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    user_id: int | None = None
    _settings: ProcessSettings | None = None

    def settings(self) -> ProcessSettings:
        """Cached process settings; the settings service drops the cache when it saves."""
        if self._settings is None:
            with self.db.uow() as uow:
                self._settings = ProcessSettings.from_json(uow.settings.all())
        return self._settings

    def invalidate_settings(self) -> None:
        self._settings = None
