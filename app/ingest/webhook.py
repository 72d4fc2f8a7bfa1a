"""Monitoring webhook receiver: an HTTP endpoint on a background thread that feeds alerts to the store.

Endpoints (bound to 127.0.0.1 unless told otherwise):

- ``POST /alerts`` (also ``POST /``) — an Alertmanager version 4 webhook or a generic JSON alert (see
  :mod:`app.ingest.alert_payloads`). Answers ``200`` with ``{"received": n, "results": [...]}``, one result
  per alert (``created``, ``repeated``, ``resolved``, ``ignored`` or ``failed`` with the incident number).
- ``GET /health`` — ``200 {"status": "ok"}`` for liveness probes.

Refusals, each with ``{"error": reason}``: ``401`` wrong or missing shared secret (sent as
``Authorization: Bearer S`` — Alertmanager's ``http_config.authorization`` — or ``X-Incident-Desk-Secret: S``),
``411`` no Content-Length, ``413`` body over the cap (1 MiB by default; the body is not read),
``400`` not JSON or not an alert payload, ``404`` unknown path, ``503`` the store could not take the
alerts in time (senders such as Alertmanager retry), ``500`` unexpected failure (logged).

Handler threads only parse; every store write goes through one writer thread, so requests arriving together
are recorded one after another and none is lost. The receiver never raises into its caller once started.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app.domain.alerts import IncomingAlert
from app.domain.errors import DomainError
from app.ingest.alert_payloads import PayloadError, parse_body
from app.services.alerts import AlertService, ReceivedAlert
from app.services.changes import Changes, Result

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9095
MAX_BODY = 1024 * 1024
SECRET_HEADER = "X-Incident-Desk-Secret"
PATHS = ("/alerts", "/")
WRITE_TIMEOUT_S = 60


@dataclass(frozen=True)
class ReceiverConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT  # 0 picks a free port (tests)
    secret: str | None = None
    max_body: int = MAX_BODY
    auto_resolve: bool | None = None  # None: follow the store's alert settings


@dataclass
class ReceiverStats:
    accepted: int = 0
    refused: int = 0
    alerts: int = 0


class AlertReceiver:
    """Owns the HTTP server thread and the single store-writer thread."""

    def __init__(self, service: AlertService, config: ReceiverConfig = ReceiverConfig(),
                 on_changes: Callable[[Changes], None] | None = None) -> None:
        self.service = service
        self.config = config
        self.on_changes = on_changes
        self.stats = ReceiverStats()
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._writer: ThreadPoolExecutor | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        return self._server.server_address[1] if self._server is not None else self.config.port

    @property
    def url(self) -> str:
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        return f"http://{host}:{self.port}/alerts"

    def start(self) -> str:
        """Bind and serve in the background; raises OSError (port in use, no permission) before serving."""
        if self._server is not None:
            return self.url
        server = _Server((self.config.host, self.config.port), _Handler)
        server.receiver = self
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alert-writer")
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="alert-receiver", daemon=True)
        self._thread.start()
        log.info("receiving monitoring alerts on %s", self.url)
        return self.url

    def stop(self) -> None:
        server, thread, writer = self._server, self._thread, self._writer
        self._server = self._thread = self._writer = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(5)
        if writer is not None:
            writer.shutdown(wait=True)

    def __enter__(self) -> AlertReceiver:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- called from handler threads ------------------------------------------------------------------

    def secret_ok(self, headers: Any) -> bool:
        expected = self.config.secret
        if not expected:
            return True
        given = headers.get(SECRET_HEADER) or ""
        auth = headers.get("Authorization") or ""
        if not given and auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        return hmac.compare_digest(given.encode(), expected.encode())

    def record(self, alerts: list[IncomingAlert]) -> list[ReceivedAlert]:
        writer = self._writer
        if writer is None:
            raise RuntimeError("The receiver is stopping.")
        future = writer.submit(self.service.receive, alerts, self.config.auto_resolve)
        result: Result[list[ReceivedAlert]] = future.result(timeout=WRITE_TIMEOUT_S)
        self._count(accepted=1, alerts=len(alerts))
        if self.on_changes is not None:
            try:
                self.on_changes(result.changes)
            except Exception:  # noqa: BLE001 - a listener's bug must not fail the sender's request
                log.exception("alert change listener failed")
        return result.value

    def _count(self, accepted: int = 0, refused: int = 0, alerts: int = 0) -> None:
        with self._lock:
            self.stats.accepted += accepted
            self.stats.refused += refused
            self.stats.alerts += alerts


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # bursts from a whole Alertmanager cluster must not be dropped by the backlog
    receiver: AlertReceiver

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.exception("alert receiver: error while serving %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 15  # seconds a client may take to send its request, so slow clients cannot pin threads
    server_version = "IncidentDesk-Alerts/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - name fixed by the base class
        log.debug("%s %s", self.address_string(), format % args)

    def _reply(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: HTTPStatus, reason: str) -> None:
        self.server.receiver._count(refused=1)
        log.warning("alert receiver refused a request from %s: %d %s", self.client_address[0], status, reason)
        self.close_connection = True
        self._reply(status, {"error": reason})

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/health":
            self._reply(HTTPStatus.OK, {"status": "ok"})
        else:
            self._refuse(HTTPStatus.NOT_FOUND, f"No such endpoint: {self.path}. POST alerts to /alerts.")

    def do_POST(self) -> None:
        try:
            self._post()
        except (ConnectionError, TimeoutError):
            log.info("alert sender %s went away", self.client_address[0])
        except Exception as exc:  # noqa: BLE001 - the receiver must survive anything a request does
            log.exception("alert receiver failed on a request")
            try:
                self._refuse(HTTPStatus.INTERNAL_SERVER_ERROR, f"Could not record the alerts: {exc}")
            except OSError:
                pass

    def _post(self) -> None:
        receiver = self.server.receiver
        if self.path.split("?")[0].rstrip("/") not in {p.rstrip("/") for p in PATHS}:
            self._refuse(HTTPStatus.NOT_FOUND, f"No such endpoint: {self.path}. POST alerts to /alerts.")
            return
        if not receiver.secret_ok(self.headers):
            self._refuse(HTTPStatus.UNAUTHORIZED, "Wrong or missing shared secret.")
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None or self.headers.get("Transfer-Encoding"):
            self._refuse(HTTPStatus.LENGTH_REQUIRED, "A Content-Length header is required.")
            return
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError
        except ValueError:
            self._refuse(HTTPStatus.BAD_REQUEST, f"Bad Content-Length: {length_text!r}.")
            return
        if length > receiver.config.max_body:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                         f"The body is {length:,} bytes; at most {receiver.config.max_body:,} are accepted.")
            return
        body = self.rfile.read(length)
        if len(body) < length:
            log.info("alert sender %s closed the connection mid-body", self.client_address[0])
            return
        try:
            alerts = parse_body(body)
        except PayloadError as exc:
            self._refuse(HTTPStatus.BAD_REQUEST, str(exc))
            return
        try:
            results = receiver.record(alerts)
        except TimeoutError:
            # Not a dropped connection: the writer is stuck behind a long store lock. Senders retry.
            self._refuse(HTTPStatus.SERVICE_UNAVAILABLE, "The store is busy; the alerts were not recorded. Retry.")
            return
        except DomainError as exc:
            self._refuse(HTTPStatus.SERVICE_UNAVAILABLE, f"The alerts were not recorded: {exc}")
            return
        self._reply(HTTPStatus.OK, {"received": len(results), "results": [_result_json(r) for r in results]})


def _result_json(r: ReceivedAlert) -> dict[str, Any]:
    data = asdict(r)
    data["outcome"] = r.outcome.value
    return data
