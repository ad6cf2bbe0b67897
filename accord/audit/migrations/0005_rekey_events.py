"""Re-key the trail written before chains were keyed and split by party.

Until now every partnership had one chain mixing every party's events, each link an unkeyed
SHA-256. This migration first verifies those chains as they were written and refuses to go on if
one is broken (an operator must look first: `git checkout` the previous release and run
`accord audit verify`). Then it moves each event, in its original order, to the chain it belongs
to now (private events to their organization's chain in the partnership), numbers and links it
again with HMAC-SHA256 under the audit key, and records every chain's head. The events
themselves (who, when, what) are unchanged; only chain, seq and digests are rewritten, once.
"""

from django.conf import settings
from django.db import migrations

from accord.audit.models import event_content
from accord.lib.hashchain import GENESIS, legacy_digest, link_digest


def new_chain(event) -> str:
    if event.chain.startswith("partnership:") and event.private_to_id is not None:
        return f"{event.chain}/organization:{event.private_to_id}"
    return event.chain


def verify_legacy(events) -> None:
    previous: dict[str, tuple[int, str]] = {}
    for event in events:
        seq, digest = previous.get(event.chain, (0, GENESIS))
        if (
            event.seq != seq + 1
            or event.previous_digest != digest
            or legacy_digest(digest, event_content(event)) != event.digest
        ):
            raise RuntimeError(
                f"Audit chain {event.chain} is broken at event #{event.seq} (id {event.pk}): "
                "refusing to re-key it. Run `accord audit verify` with the previous release."
            )
        previous[event.chain] = (event.seq, event.digest)


def rekey(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    events = list(AuditEvent.objects.order_by("chain", "seq"))
    if not events:
        return
    verify_legacy(events)
    key = settings.AUDIT_KEY.encode()
    heads: dict[str, tuple[int, str, object]] = {}
    for event in events:
        event.chain = new_chain(event)
        seq, digest, _ = heads.get(event.chain, (0, GENESIS, None))
        event.seq, event.previous_digest = seq + 1, digest
        event.digest = link_digest(key, digest, event_content(event))
        heads[event.chain] = (event.seq, event.digest, event.at)
    AuditEvent.objects.all().delete()
    AuditEvent.objects.bulk_create(events, batch_size=500)
    ChainHead.objects.bulk_create(
        ChainHead(chain=chain, seq=seq, digest=digest, updated=at)
        for chain, (seq, digest, at) in heads.items()
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chains_and_heads")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
