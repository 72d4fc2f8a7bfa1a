"""`incident-desk serve-alerts`: receive monitoring webhooks into a store until stopped (Ctrl+C or SIGTERM)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from types import FrameType

from app.commands.common import add_db_argument, open_from_args
from app.ingest.webhook import DEFAULT_HOST, DEFAULT_PORT, MAX_BODY, AlertReceiver, ReceiverConfig

SECRET_ENV = "INCIDENT_DESK_ALERT_SECRET"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve-alerts", help="receive Alertmanager / generic JSON alerts over HTTP into a store")
    add_db_argument(p)
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT}; 0 = any free)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default 127.0.0.1; anything else exposes the store to the network)")
    p.add_argument("--secret", default=None,
                   help=f"shared secret senders must send as 'Authorization: Bearer S' (default: ${SECRET_ENV})")
    p.add_argument("--max-body", type=int, default=MAX_BODY,
                   help=f"largest accepted body in bytes (default {MAX_BODY})")
    resolve = p.add_mutually_exclusive_group()
    resolve.add_argument("--auto-resolve", dest="auto_resolve", action="store_true", default=None,
                         help="resolve the incident when its alert resolves (default: the store's setting)")
    resolve.add_argument("--no-auto-resolve", dest="auto_resolve", action="store_false",
                         help="only add a note when an alert resolves")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        print("incident-desk: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    secret = args.secret or os.environ.get(SECRET_ENV) or None
    if args.host not in LOOPBACK and not secret:
        print(f"incident-desk: listening on {args.host} needs a shared secret (--secret or ${SECRET_ENV})",
              file=sys.stderr)
        return 2
    logging.getLogger("app.ingest").setLevel(logging.INFO)
    services = open_from_args(args)
    stop = threading.Event()

    def on_signal(_sig: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    receiver = AlertReceiver(services.alerts, ReceiverConfig(args.host, args.port, secret, args.max_body,
                                                             args.auto_resolve))
    try:
        try:
            url = receiver.start()
        except OSError as exc:
            print(f"incident-desk: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"receiving alerts on {url} into {services.location} (Ctrl+C to stop)", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    finally:
        receiver.stop()
        services.close()
    s = receiver.stats
    print(f"stopped: {s.accepted} requests accepted ({s.alerts} alerts), {s.refused} refused", flush=True)
    return 0
