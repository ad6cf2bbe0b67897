"""What an endpoint receives: an audit event as JSON, and the signature over it."""

import hashlib
import hmac
import json
import re
from datetime import datetime
from typing import Any

from accord.audit.models import AuditEvent

SIGNATURE_HEADER = "X-Accord-Signature"
TIMESTAMP_HEADER = "X-Accord-Timestamp"
TEST_EVENT = "webhook.test"


def event_type(event: AuditEvent) -> str:
    """`<record kind>.<action>`: `objective.update`, `value_entry.create`, `goal.endorse`."""
    model = event.record_type.rpartition(".")[2]
    kind = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", model).lower()
    return f"{kind}.{event.action}"


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """The event as the changes feed shows it (`changes`: {field: [before, after]}). The actor
    is named as partners name people, never by email (the audit trail's label); null for
    Accord's own jobs."""
    record_id: int | str = int(event.record_id) if event.record_id.isdigit() else event.record_id
    partnership = event.partnership
    return {
        "id": event.pk,
        "type": event_type(event),
        "at": event.at.isoformat(),
        "partnership": {"id": partnership.pk, "name": partnership.name} if partnership else None,
        "record": {
            "type": event.record_type,
            "id": record_id,
            "label": event.record_label,
        },
        "action": event.action,
        "actor": {"id": event.actor.pk, "name": event.actor.public_name} if event.actor else None,
        "private": event.is_private,
        "changes": event.changes,
    }


def sample_payload(organization_slug: str, at: datetime) -> dict[str, Any]:
    return {
        "id": None,
        "type": TEST_EVENT,
        "at": at.isoformat(),
        "organization": organization_slug,
        "detail": "A test event sent from Accord: your endpoint is reachable.",
    }


def body_of(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256, keyed by the endpoint's secret, of
    `<timestamp>.<body>`: the receiver recomputes it, and refuses old timestamps (replays)."""
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
