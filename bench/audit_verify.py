"""Benchmark: `accord audit verify` over many events.

    ACCORD_DATA_DIR=$(mktemp -d) .venv/bin/python bench/audit_verify.py --events 100000 \
        --chains 1000

Fills a fresh SQLite database (or DATABASE_URL) with keyed, correctly linked events spread over
many chains, written directly with bulk_create (the services would take minutes), with their
heads; then times the verification of the whole trail and counts its queries.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--chains", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accord.audit.models import AuditEvent, ChainHead
    from accord.audit.services import audit_key, verify_trail
    from accord.lib.hashchain import GENESIS, link_digest

    call_command("migrate", verbosity=0)
    key, now = audit_key(), timezone.now()
    heads: dict[str, tuple[int, str]] = {}
    started = time.perf_counter()
    batch: list[AuditEvent] = []
    with transaction.atomic():
        for n in range(args.events):
            chain = f"bench:{n % args.chains}"
            seq, previous = heads.get(chain, (0, GENESIS))
            event = AuditEvent(
                chain=chain,
                seq=seq + 1,
                at=now,
                actor_label="bench@bench.test",
                action="update",
                record_type="bench.Record",
                record_id=str(n),
                record_label=f"Record {n}",
                changes={"title": [f"Old {n}", f"New {n}"]},
                previous_digest=previous,
            )
            event.digest = link_digest(key, previous, event.hashed_content())
            heads[chain] = (event.seq, event.digest)
            batch.append(event)
            if len(batch) == 5000:
                AuditEvent.objects.bulk_create(batch)
                batch = []
        AuditEvent.objects.bulk_create(batch)
        ChainHead.objects.bulk_create(
            ChainHead(chain=c, seq=s, digest=d, updated=now) for c, (s, d) in heads.items()
        )
    elapsed = time.perf_counter() - started
    print(f"wrote {args.events} events in {args.chains} chains: {elapsed:.1f} s")

    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            reports = verify_trail()
            elapsed = time.perf_counter() - started
        broken = [r for r in reports if not r.intact]
        print(
            f"verify: {elapsed:.2f} s for {args.events} events, {len(queries)} queries, "
            f"{len(reports)} chains, {len(broken)} broken"
        )


if __name__ == "__main__":
    main()
