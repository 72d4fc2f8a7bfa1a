"""Alert payloads to IncomingAlert, and severity to impact/urgency; no server, no store."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.domain.alerts import FINGERPRINT_MAX, AlertStatus, impact_urgency
from app.domain.priority import PriorityMatrix
from app.ingest.alert_payloads import PayloadError, parse_body, parse_payload


@pytest.mark.parametrize("severity, pair, priority", [
    ("critical", (1, 1), 1), ("CRITICAL", (1, 1), 1), ("high", (1, 2), 2), ("major", (1, 2), 2),
    ("warning", (2, 2), 3), ("low", (3, 2), 4), ("info", (3, 3), 5), (None, (2, 2), 3), ("weird", (2, 2), 3),
])
def test_severity_to_priority_on_3x3(severity: str | None, pair: tuple[int, int], priority: int) -> None:
    assert impact_urgency(severity) == pair
    assert int(PriorityMatrix.itil_3x3().priority(*pair)) == priority


def test_severity_scales_to_5x5() -> None:
    assert impact_urgency("critical", 5) == (1, 1)
    assert impact_urgency("warning", 5) == (3, 3)
    assert impact_urgency("info", 5) == (5, 5)


def test_alertmanager_without_fingerprint_hashes_labels() -> None:
    body = {"version": "4", "receiver": "r", "status": "firing", "commonLabels": {"env": "prod"},
            "alerts": [{"status": "firing", "labels": {"alertname": "Down", "instance": "a"}},
                       {"status": "resolved", "labels": {"alertname": "Down", "instance": "b"}}]}
    a, b = parse_payload(body)
    assert a.fingerprint.startswith("alertmanager:") and a.fingerprint != b.fingerprint
    assert (a.title, a.status, b.status) == ("Down", AlertStatus.FIRING, AlertStatus.RESOLVED)
    assert "env=prod" in a.description  # common labels are merged into each alert
    assert parse_payload(body)[0].fingerprint == a.fingerprint  # stable


def test_alertmanager_needs_a_name() -> None:
    with pytest.raises(PayloadError, match=r"alerts\[0\] has neither labels.alertname"):
        parse_payload({"version": "4", "receiver": "r", "alerts": [{"status": "firing", "labels": {}}]})


def test_generic_defaults_and_times() -> None:
    (a,) = parse_payload({"title": "  Disk\tfull \n on db01 ", "occurred_at": 1772441940})
    assert (a.source, a.status, a.severity, a.title) == ("generic", AlertStatus.FIRING, "warning", "Disk full on db01")
    assert a.occurred_at == datetime(2026, 3, 2, 8, 59, tzinfo=UTC)
    (b,) = parse_payload({"title": "Disk full on db01"})
    assert a.fingerprint == b.fingerprint  # same source, service and title: the same problem


def test_long_titles_and_keys_are_bounded() -> None:
    (a,) = parse_payload({"title": "x" * 500, "dedup_key": "k" * 500})
    assert len(a.title) == 160 and a.title.endswith("…")
    assert len(a.fingerprint) <= FINGERPRINT_MAX
    (b,) = parse_payload({"title": "x", "dedup_key": "k" * 499 + "j"})
    assert a.fingerprint != b.fingerprint


@pytest.mark.parametrize("body", [b"", b"null", b"42", b'"text"', b"[]", b'{"alerts": []}', b'{"title": ""}',
                                  b'{"version": 4, "receiver": "x", "alerts": [7]}'])
def test_refused_bodies(body: bytes) -> None:
    with pytest.raises(PayloadError):
        parse_body(body)


def test_too_many_alerts_in_one_body() -> None:
    with pytest.raises(PayloadError, match="Too many alerts"):
        parse_body(json.dumps([{"title": f"t{n}"} for n in range(1001)]).encode())
