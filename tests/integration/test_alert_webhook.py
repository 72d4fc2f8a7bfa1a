"""The monitoring webhook against a real HTTP server on a free loopback port."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from typing import Any

import pytest

from app.domain.enums import EventKind
from app.ingest.webhook import AlertReceiver, ReceiverConfig

SECRET = "s3cret-token"


def alertmanager(status: str, fingerprint: str = "a1b2c3", alertname: str = "HighErrorRate",
                 severity: str = "critical") -> dict[str, Any]:
    alert = {
        "status": status,
        "labels": {"alertname": alertname, "severity": severity, "job": "payments-api", "instance": "pay-01:9100"},
        "annotations": {"summary": "5xx rate above 5 % on payments-api", "description": "Error rate is 7.2 %."},
        "startsAt": "2026-03-02T08:55:00.123456789Z",
        "endsAt": "0001-01-01T00:00:00Z" if status == "firing" else "2026-03-02T09:00:00Z",
        "generatorURL": "http://prometheus:9090/graph?g0.expr=...",
        "fingerprint": fingerprint,
    }
    return {"version": "4", "groupKey": "{}:{alertname=\"HighErrorRate\"}", "truncatedAlerts": 0,
            "status": status, "receiver": "incident-desk", "groupLabels": {"alertname": alertname},
            "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://alertmanager:9093",
            "alerts": [alert]}


@pytest.fixture
def receiver(services) -> Iterator[AlertReceiver]:  # type: ignore[no-untyped-def]
    r = AlertReceiver(services.alerts, ReceiverConfig(host="127.0.0.1", port=0, secret=SECRET, max_body=64 * 1024))
    r.start()
    yield r
    r.stop()


def post(receiver: AlertReceiver, body: bytes | dict | list, secret: str | None = SECRET,
         path: str = "/alerts") -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn = HTTPConnection("127.0.0.1", receiver.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    conn.request("POST", path, body=data, headers=headers)
    resp = conn.getresponse()
    payload = json.loads(resp.read() or b"{}")
    conn.close()
    return resp.status, payload


def test_binds_loopback_only(receiver) -> None:  # type: ignore[no-untyped-def]
    assert receiver.url == f"http://127.0.0.1:{receiver.port}/alerts"
    conn = HTTPConnection("127.0.0.1", receiver.port, timeout=10)
    conn.request("GET", "/health")
    assert conn.getresponse().status == 200


def test_alertmanager_firing_then_resolved(receiver, services) -> None:  # type: ignore[no-untyped-def]
    status, body = post(receiver, alertmanager("firing"))
    assert status == 200, body
    result = body["results"][0]
    assert result["outcome"] == "created" and result["count"] == 1
    inc = services.incidents.get(result["incident_id"])
    assert inc.source == "monitoring"
    assert inc.priority == 1  # critical -> impact 1, urgency 1
    assert inc.title == "HighErrorRate: 5xx rate above 5 % on payments-api"
    assert "Error rate is 7.2 %." in inc.description and "instance=pay-01:9100" in inc.description
    assert inc.alert_count == 1
    assert inc.detected_at.isoformat().startswith("2026-03-02T08:55:00")

    status, body = post(receiver, alertmanager("resolved"))
    assert status == 200
    assert body["results"][0]["outcome"] == "resolved"
    notes = services.incidents.notes(inc.id)
    assert any("resolved" in n.body for n in notes)
    assert services.incidents.get(inc.id).status == "assigned"  # auto-resolve is off by default
    rows = services.alerts.list_alerts()
    assert [(r.status, r.count, r.incident_number) for r in rows] == [("resolved", 1, inc.number)]


def test_resolved_alert_resolves_incident_when_configured(receiver, services) -> None:  # type: ignore[no-untyped-def]
    from app.services.alerts import AlertSettings

    services.alerts.save_settings(AlertSettings(auto_resolve=True))
    _, body = post(receiver, alertmanager("firing", fingerprint="auto1"))
    iid = body["results"][0]["incident_id"]
    _, body = post(receiver, alertmanager("resolved", fingerprint="auto1"))
    assert body["results"][0]["message"] == "Incident resolved automatically."
    inc = services.incidents.get(iid)
    assert inc.status == "resolved" and inc.resolution_code == "Solved remotely"


def test_two_firings_make_one_incident_counted_twice(receiver, services) -> None:  # type: ignore[no-untyped-def]
    _, first = post(receiver, alertmanager("firing", fingerprint="dup"))
    _, second = post(receiver, alertmanager("firing", fingerprint="dup"))
    assert first["results"][0]["outcome"] == "created"
    assert second["results"][0]["outcome"] == "repeated"
    iid = first["results"][0]["incident_id"]
    assert second["results"][0]["incident_id"] == iid
    assert services.incidents.get(iid).alert_count == 2
    assert services.queue.builtin_counts()["all"] == 1
    alert_events = [e for e in services.incidents.events(iid) if e.kind == EventKind.ALERT.value]
    assert [(e.old, e.new) for e in alert_events] == [("0", "1"), ("1", "2")]


def test_firing_after_resolution_opens_a_follow_up(receiver, services) -> None:  # type: ignore[no-untyped-def]
    from app.services.alerts import AlertSettings

    services.alerts.save_settings(AlertSettings(auto_resolve=True))
    _, a = post(receiver, alertmanager("firing", fingerprint="flap"))
    post(receiver, alertmanager("resolved", fingerprint="flap"))
    _, b = post(receiver, alertmanager("firing", fingerprint="flap"))
    assert b["results"][0]["outcome"] == "created"
    new = services.incidents.get(b["results"][0]["incident_id"])
    assert new.id != a["results"][0]["incident_id"]
    assert new.follow_up_of is not None and new.follow_up_of.id == a["results"][0]["incident_id"]


def test_generic_alert_format(receiver, services) -> None:  # type: ignore[no-untyped-def]
    alert = {"source": "nagios", "dedup_key": "db01/disk", "title": "Disk full on db01", "severity": "low",
             "description": "/var at 99 %", "status": "firing", "service": "Unknown service X",
             "occurred_at": "2026-03-02T08:00:00Z"}
    status, body = post(receiver, alert)
    assert status == 200, body
    inc = services.incidents.get(body["results"][0]["incident_id"])
    assert (inc.title, inc.description, inc.configuration_item) == ("Disk full on db01", "/var at 99 %",
                                                                    "Unknown service X")
    assert (inc.impact, inc.urgency, inc.priority) == (3, 2, 4)
    status, body = post(receiver, [alert, {**alert, "status": "resolved"}])
    assert [r["outcome"] for r in body["results"]] == ["repeated", "resolved"]


def test_oversized_body_is_refused_with_413(receiver, services) -> None:  # type: ignore[no-untyped-def]
    big = {"title": "x", "description": "y" * (70 * 1024)}
    status, body = post(receiver, big)
    assert status == 413 and "at most" in body["error"]
    assert services.alerts.list_alerts() == []
    assert post(receiver, alertmanager("firing"))[0] == 200  # still serving


@pytest.mark.parametrize("raw, reason", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"[1, 2]", "is not an object"),
    (b'{"hello": "world"}', "Unknown payload"),
    (b'{"version": "3", "receiver": "x", "alerts": []}', "Unsupported Alertmanager payload version"),
    (b'{"title": "t", "status": "exploded"}', "expected \\\"firing\\\" or \\\"resolved\\\"".replace("\\", "")),
    (b'{"title": "t", "occurred_at": "yesterday"}', "not an ISO 8601 time"),
])
def test_malformed_or_unknown_payloads_get_400_with_reason(receiver, services, raw, reason, caplog) -> None:  # type: ignore[no-untyped-def]
    status, body = post(receiver, raw)
    assert status == 400
    assert reason in body["error"]
    assert "refused" in caplog.text
    assert services.alerts.list_alerts() == []


def test_wrong_or_missing_secret_gets_401(receiver, services) -> None:  # type: ignore[no-untyped-def]
    assert post(receiver, alertmanager("firing"), secret="wrong")[0] == 401
    assert post(receiver, alertmanager("firing"), secret=None)[0] == 401
    conn = HTTPConnection("127.0.0.1", receiver.port, timeout=10)
    conn.request("POST", "/alerts", body=json.dumps(alertmanager("firing")),
                 headers={"X-Incident-Desk-Secret": SECRET})
    assert conn.getresponse().status == 200
    assert len(services.alerts.list_alerts()) == 1


def test_unknown_path_and_missing_length(receiver) -> None:  # type: ignore[no-untyped-def]
    assert post(receiver, alertmanager("firing"), path="/elsewhere")[0] == 404
    with socket.create_connection(("127.0.0.1", receiver.port), timeout=10) as s:
        s.sendall(b"POST /alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + SECRET.encode() +
                  b"\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        assert s.recv(100).split(b" ")[1] == b"411"


def test_200_requests_some_concurrent_lose_nothing(receiver, services) -> None:  # type: ignore[no-untyped-def]
    keys = [f"load-{k}" for k in range(20)]
    payloads = [alertmanager("firing", fingerprint=keys[n % len(keys)], severity="warning") for n in range(200)]
    sequential, concurrent = payloads[:40], payloads[40:]
    statuses = [post(receiver, p)[0] for p in sequential]
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses += [s for s, _ in pool.map(lambda p: post(receiver, p), concurrent)]
    assert statuses == [200] * 200
    rows = services.alerts.list_alerts()
    assert sorted(r.fingerprint for r in rows) == sorted(f"alertmanager:{k}" for k in keys)
    assert all(r.count == 10 for r in rows)
    assert all(services.incidents.get(r.incident_id).alert_count == 10 for r in rows)
    assert sum(r.count for r in rows) == 200
    assert services.queue.builtin_counts()["all"] == 20
    assert receiver.stats.accepted == 200 and receiver.stats.alerts == 200


def test_store_failure_is_answered_not_crashed(receiver, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.domain.errors import StoreError

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise StoreError("The store could not complete the change: database is locked")

    monkeypatch.setattr(services.alerts, "receive", broken)
    status, body = post(receiver, alertmanager("firing"))
    assert status == 503 and "database is locked" in body["error"]
    monkeypatch.setattr(services.alerts, "receive", lambda *_a, **_k: 1 / 0)
    status, body = post(receiver, alertmanager("firing"))
    assert status == 500 and "division by zero" in body["error"]
    monkeypatch.undo()
    assert post(receiver, alertmanager("firing"))[0] == 200
