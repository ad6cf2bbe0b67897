"""Benchmark: the key pages and API calls at a given data size.

    ACCORD_DATA_DIR=$(mktemp -d) .venv/bin/python bench/partnership_pages.py --partnerships 500 \
        --objectives 100 --kpis 30

Builds the data through the real services in a fresh SQLite database (or DATABASE_URL): many
partnerships, and in the first one many objectives on both sides, goals endorsed by both, links,
and KPIs with two years of monthly measurements. Reports the median and 95th percentile of
repeated requests and the number of SQL queries of each.
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
    parser.add_argument("--objectives", type=int, default=40, help="per party, in the first")
    parser.add_argument("--kpis", type=int, default=10, help="in the first partnership")
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

    fill_practices(first, lead, partner, args.objectives, args.kpis)

    client = Client(SERVER_NAME="localhost")
    client.force_login(lead)
    for label, url in (
        ("partnership list", "/partnerships/"),
        ("partnership page", f"/partnerships/{first.pk}/"),
        ("API list (50)", "/api/v1/partnerships"),
        ("alignment page", f"/partnerships/{first.pk}/alignment/"),
        ("alignment API", f"/api/v1/partnerships/{first.pk}/alignment"),
        ("long-term page", f"/partnerships/{first.pk}/long-term/"),
        ("KPI API list", f"/api/v1/partnerships/{first.pk}/kpis"),
    ):
        client.get(url)  # warm-up: template compilation and caches are not what we measure
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
            f"{len(queries)} queries"
        )


def fill_practices(partnership, lead, partner, objectives: int, kpis: int) -> None:
    from datetime import date, timedelta
    from decimal import Decimal

    from accord.alignment import services as alignment
    from accord.core.access import partnership_access
    from accord.longterm import services as longterm

    ours = partnership_access(lead, partnership.pk)
    theirs = partnership_access(partner, partnership.pk)
    goals = [alignment.goal_create(grant=ours, actor=lead, title=f"Goal {i}") for i in range(5)]
    for goal in goals:
        alignment.goal_endorse(goal=goal, party=ours.editing_parties[0], actor=lead)
        alignment.goal_endorse(goal=goal, party=theirs.editing_parties[0], actor=partner)
    for grant, actor in ((ours, lead), (theirs, partner)):
        for i in range(objectives):
            objective = alignment.objective_create(
                grant=grant,
                actor=actor,
                title=f"Objective {i} of {actor.email}",
                visibility="private" if i % 5 == 0 else "shared",
            )
            if i % 3:
                alignment.link_create(objective=objective, goal=goals[i % 5], actor=actor)
    start = date.today() - timedelta(days=730)
    for i in range(kpis):
        kpi = longterm.kpi_create(
            grant=ours,
            actor=lead,
            name=f"KPI {i}",
            baseline=Decimal(0),
            baseline_date=start,
            target=Decimal(1000),
            target_date=start + timedelta(days=1095),
            goal_id=goals[i % 5].pk,
        )
        rows = "\n".join(f"{start + timedelta(days=30 * m)},{m * 40 + i}" for m in range(1, 24))
        longterm.measurements_import(kpi=kpi, actor=lead, data=f"date,value\n{rows}\n".encode())


if __name__ == "__main__":
    main()
