"""Where the team server is (host, port, database, user) and its password, kept in the OS keyring only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.errors import ValidationError
from app.store.engine import server_url

KEYRING_SERVICE = "Incident Desk team server"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    database: str
    user: str

    @property
    def key(self) -> str:
        """The keyring's user name for this server: one password per user, server and database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def validate(self) -> None:
        if not self.host.strip():
            raise ValidationError("Enter the server's host name or address.", "host")
        if not 0 < self.port < 65536:
            raise ValidationError("The port is a number from 1 to 65535 (PostgreSQL uses 5432).", "port")
        if not self.database.strip():
            raise ValidationError("Enter the database name.", "database")
        if not self.user.strip():
            raise ValidationError("Enter your user name on the server.", "user")

    def url(self, password: str | None) -> str:
        return server_url(self.host.strip(), self.port, self.database.strip(), self.user.strip(), password)


class PasswordVault:
    """The OS keyring through the `keyring` package; when none is usable the app says so and asks each time."""

    def __init__(self, backend: Any = None) -> None:
        self._backend = backend

    def _keyring(self) -> Any:
        if self._backend is not None:
            return self._backend
        try:
            import keyring
        except ImportError:
            return None
        return keyring.get_keyring()

    @property
    def available(self) -> bool:
        ring = self._keyring()
        if ring is None:
            return False
        try:
            from keyring.backends import fail
        except ImportError:  # pragma: no cover - the fail backend ships with keyring
            return True
        return not isinstance(ring, fail.Keyring) and getattr(ring, "priority", 1) > 0

    @property
    def unavailable_reason(self) -> str:
        return ("No system keyring is available on this computer, so the password cannot be stored safely: "
                "Incident Desk will ask for it each time it connects.")

    def get(self, address: ServerAddress) -> str | None:
        if not self.available:
            return None
        try:
            return self._keyring().get_password(KEYRING_SERVICE, address.key)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - a locked or broken keyring: ask instead
            return None

    def put(self, address: ServerAddress, password: str) -> bool:
        """Store the password; False when there is no keyring (nothing is written anywhere else)."""
        if not self.available:
            return False
        try:
            self._keyring().set_password(KEYRING_SERVICE, address.key, password)
        except Exception:  # noqa: BLE001
            return False
        return True

    def forget(self, address: ServerAddress) -> None:
        if not self.available:
            return
        try:
            self._keyring().delete_password(KEYRING_SERVICE, address.key)
        except Exception:  # noqa: BLE001 - nothing stored
            pass


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    message: str


def probe(address: ServerAddress, password: str | None) -> ProbeResult:
    """Connect once and read the schema revision, without changing anything on the server."""
    from app.store.database import Database
    from app.store.migrate import current_revision, head_revision

    address.validate()
    try:
        db = Database.open(address.url(password), migrate=False)
    except Exception as exc:  # noqa: BLE001 - shown to the user
        return ProbeResult(False, f"Cannot use that address: {exc}")
    try:
        revision = current_revision(db.engine)
    except Exception as exc:  # noqa: BLE001 - wrong password, no such database, server down ...
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        return ProbeResult(False, f"Could not connect: {reason}")
    finally:
        db.close()
    if revision is None:
        return ProbeResult(True, "Connected. The database is empty: Incident Desk will create its tables when it "
                                 "opens it (or run `incident-desk init-server`).")
    if revision != head_revision():
        return ProbeResult(True, f"Connected. The schema ({revision}) will be upgraded when Incident Desk opens it.")
    return ProbeResult(True, "Connected. The team store is ready.")

