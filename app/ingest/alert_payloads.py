"""Understand monitoring webhook bodies: Prometheus Alertmanager (version 4) and the generic JSON alert.

Two shapes are accepted on the same endpoint and told apart by their keys.

**Prometheus Alertmanager** webhook payloads, version "4" (``receiver``, ``status``, ``groupKey``,
``alerts[]`` with ``status``, ``labels``, ``annotations``, ``startsAt``, ``endsAt``, ``fingerprint``).
Each alert is deduplicated by its ``fingerprint`` (or, from senders that leave it out, by a hash of its
sorted labels). The title is ``annotations.summary`` (else ``labels.alertname``), the description
``annotations.description``, the severity ``labels.severity``, the service ``labels.service`` (else
``labels.job``), the detection time ``startsAt``.

**Generic JSON alert**, for any other tool (a script, Zabbix, Nagios, a cron job)::

    {
      "source": "nagios",                  # optional; sending tool, default "generic"
      "dedup_key": "db01/disk-full",       # optional; same key = same problem (default: source+service+title)
      "title": "Disk full on db01",        # required; at most 160 characters are kept
      "description": "/var at 99 %",       # optional
      "severity": "critical",              # optional; critical|high|warning|low|info (and synonyms)
      "status": "firing",                  # optional; firing (default) or resolved
      "service": "Payroll",                # optional; a service catalogue name, else kept as the CI
      "occurred_at": "2026-03-02T08:59:00Z"  # optional; ISO 8601 or Unix seconds, default: received
    }

A body may also be a JSON list of such objects, or ``{"alerts": [ ... ]}`` of them.

Anything else is refused with :class:`PayloadError`, whose message says why; the receiver answers it
with HTTP 400.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from app.domain.alerts import FINGERPRINT_MAX, AlertStatus, IncomingAlert
from app.domain.validation import TITLE_MAX

MAX_ALERTS_PER_BODY = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNSET_TIME_YEAR = 1  # Alertmanager sends 0001-01-01T00:00:00Z for "no end yet"


class PayloadError(ValueError):
    """The body is not an alert payload we understand; the message is the reason sent back."""


def parse_body(body: bytes) -> list[IncomingAlert]:
    """Decode a webhook body into normalised alerts (at least one), or raise PayloadError."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PayloadError(f"The body is not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    except json.JSONDecodeError as exc:
        raise PayloadError(f"The body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from exc
    return parse_payload(data)


def parse_payload(data: Any) -> list[IncomingAlert]:
    if isinstance(data, list):
        alerts = [_generic(item, n) for n, item in enumerate(data)]
    elif isinstance(data, dict) and is_alertmanager(data):
        alerts = _alertmanager(data)
    elif isinstance(data, dict) and isinstance(data.get("alerts"), list):
        alerts = [_generic(item, n) for n, item in enumerate(data["alerts"])]
    elif isinstance(data, dict) and "title" in data:
        alerts = [_generic(data, None)]
    else:
        raise PayloadError("Unknown payload: expected an Alertmanager webhook (version 4) or a generic alert "
                           "with at least a \"title\".")
    if not alerts:
        raise PayloadError("The payload holds no alerts.")
    if len(alerts) > MAX_ALERTS_PER_BODY:
        raise PayloadError(f"Too many alerts in one request ({len(alerts)}; at most {MAX_ALERTS_PER_BODY}).")
    return alerts


def is_alertmanager(data: dict[str, Any]) -> bool:
    return isinstance(data.get("alerts"), list) and ("version" in data or "groupKey" in data or "receiver" in data)


# -- Alertmanager ------------------------------------------------------------------------------------


def _alertmanager(data: dict[str, Any]) -> list[IncomingAlert]:
    version = str(data.get("version", ""))
    if version != "4":
        raise PayloadError(f"Unsupported Alertmanager payload version {version!r}; version \"4\" is understood.")
    common_labels = _dict(data.get("commonLabels"), "commonLabels")
    common_annotations = _dict(data.get("commonAnnotations"), "commonAnnotations")
    result = []
    for n, alert in enumerate(data["alerts"]):
        where = f"alerts[{n}]"
        if not isinstance(alert, dict):
            raise PayloadError(f"{where} is not an object.")
        labels = {**common_labels, **_dict(alert.get("labels"), f"{where}.labels")}
        annotations = {**common_annotations, **_dict(alert.get("annotations"), f"{where}.annotations")}
        status = _status(alert.get("status", data.get("status")), f"{where}.status")
        name = str(labels.get("alertname") or "").strip()
        summary = str(annotations.get("summary") or annotations.get("title") or "").strip()
        if not name and not summary:
            raise PayloadError(f"{where} has neither labels.alertname nor annotations.summary.")
        title = summary if summary else name
        if name and summary and name.lower() not in summary.lower():
            title = f"{name}: {summary}"
        fingerprint = str(alert.get("fingerprint") or "").strip() or _hash(sorted(labels.items()))
        description = str(annotations.get("description") or annotations.get("message") or "").strip()
        label_text = "\n".join(f"  {k}={v}" for k, v in sorted(labels.items()))
        if label_text:
            description = f"{description}\n\nLabels:\n{label_text}".strip()
        raw = {"receiver": data.get("receiver"), "groupKey": data.get("groupKey"),
               "externalURL": data.get("externalURL"), **alert}
        result.append(IncomingAlert(
            fingerprint=_fingerprint("alertmanager", fingerprint),
            source="alertmanager",
            title=_title(title),
            status=status,
            severity=str(labels.get("severity") or "warning"),
            description=_text(description),
            service=_optional(labels.get("service") or labels.get("job")),
            occurred_at=_time(alert.get("startsAt"), f"{where}.startsAt"),
            raw=raw,
        ))
    return result


# -- generic ----------------------------------------------------------------------------------------


def _generic(item: Any, n: int | None) -> IncomingAlert:
    where = "alert" if n is None else f"alerts[{n}]"
    if not isinstance(item, dict):
        raise PayloadError(f"{where} is not an object.")
    title = str(item.get("title") or item.get("summary") or "").strip()
    if not title:
        raise PayloadError(f"{where} needs a \"title\".")
    source = str(item.get("source") or "generic").strip()[:64] or "generic"
    service = _optional(item.get("service"))
    title = _title(title)
    key = str(item.get("dedup_key") or "").strip() or _hash([source, service or "", title])
    return IncomingAlert(
        fingerprint=_fingerprint(source, key),
        source=source,
        title=title,
        status=_status(item.get("status", "firing"), f"{where}.status"),
        severity=str(item.get("severity") or "warning"),
        description=_text(str(item.get("description") or "")),
        service=service,
        occurred_at=_time(item.get("occurred_at"), f"{where}.occurred_at"),
        raw=dict(item),
    )


# -- field helpers ----------------------------------------------------------------------------------


def _dict(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(f"{where} is not an object.")
    return value


def _status(value: Any, where: str) -> AlertStatus:
    try:
        return AlertStatus(str(value).strip().lower())
    except ValueError:
        raise PayloadError(f"{where} is {value!r}; expected \"firing\" or \"resolved\".") from None


def _time(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            when = datetime.fromtimestamp(float(value), UTC)
        else:
            when = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise PayloadError(f"{where} is not an ISO 8601 time: {value!r}.") from None
    if when.year <= _UNSET_TIME_YEAR:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _hash(parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _fingerprint(source: str, key: str) -> str:
    fp = f"{source}:{key}"
    # Over-long keys are hashed rather than cut, so two long keys sharing a prefix stay apart.
    return fp if len(fp) <= FINGERPRINT_MAX else f"{source[:64]}:sha256:{_hash(key)}"


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _title(text: str) -> str:
    line = " ".join(_clean(text).split())
    return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1] + "…"


def _text(text: str, limit: int = 19_000) -> str:
    clean = _clean(text.replace("\r\n", "\n"))
    return clean if len(clean) <= limit else clean[:limit] + "\n… (truncated)"


def _optional(value: Any) -> str | None:
    text = " ".join(_clean(str(value)).split()) if value is not None else ""
    return text[:200] or None
