"""Benchmark: partnership list and partnership page at a given data size.

    ACCORD_DATA_DIR=$(mktemp -d) .venv/bin/python bench/partnership_pages.py --partnerships 500

Builds the data through the real services in a fresh SQLite database (or DATABASE_URL), then
reports the median and 95th percentile of repeated requests and the number of SQL queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partnerships", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accord.accounts.services import user_create
    from accord.core.invitations import (
        partnership_invitation_accept,
        partnership_invitation_create,
    )
    from accord.core.models import Party
    from accord.core.services import organization_create, partnership_create

    call_command("migrate", verbosity=0)
    lead = user_create(email=f"lead{time.time_ns()}@bench.test")
    partner = user_create(email=f"partner{time.time_ns()}@bench.test")
    ours = organization_create(name="Bench A", actor=lead)
    theirs = organization_create(name="Bench B", actor=partner)
    first = None
    for i in range(args.partnerships):
        p = partnership_create(organization=ours, actor=lead, name=f"Bench {i:05}")
        first = first or p
        party = Party.objects.get(partnership=p, organization=ours)
        _, token = partnership_invitation_create(partnership=p, inviting_party=party, actor=lead)
        partnership_invitation_accept(token=token, organization=theirs, actor=partner)

    client = Client()
    client.force_login(lead)
    for label, url in (
        ("partnership list", "/partnerships/"),
        ("partnership page", f"/partnerships/{first.pk}/"),
        ("API list (50)", "/api/v1/partnerships"),
    ):
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"{label:<18} median {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms  "
            f"{len(queries)} queries  ({args.partnerships} partnerships)"
        )


if __name__ == "__main__":
    main()
