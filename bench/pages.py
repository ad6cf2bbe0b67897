"""Benchmark: each key page and API call as a ratio to the floor, in the same run.

    .venv/bin/python bench/pages.py                 # 100 and 1,000 partnerships, SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py --big   # and 10,000, both databases
    .venv/bin/python bench/pages.py --sizes 100,10000 --pages portfolio --no-throughput
                                                    # the portfolio only (decision 0029)

DATABASE_URL must name a database of its own: the bench empties it (drops its public schema).

The floor is a trivial login-protected view through the same middleware and session
(`bench/urls.py`, mounted only by `bench/settings.py`). For each database and size, a child
process builds the data in a fresh database (the first partnership through the real services,
with objectives, goals, links, KPIs and measurements; the others with bulk_create), then:
- latency: requests to the floor and every page, interleaved round by round, through Django's
  test client; each page's median as a multiple of the floor's median (target at most 3 times);
- throughput: `accord serve` on loopback, 16 client threads for a bounded time per URL, the
  floor again interleaved; each page's requests per second as a share of the floor's (target
  ≥ 40 %).
The table is printed at the end. Numbers vary with the machine; ratios travel better.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = (
    "floor",
    "layout only",
    "partnership list",
    "overview",
    "alignment",
    "trust",
    "roles",
    "long-term",
    "KPI page",
    "history",
    "API list",
    "API objectives",
    "portfolio",
    "portfolio sorted by change",
    "API portfolio",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="partnerships, comma-separated")
    parser.add_argument("--big", action="store_true", help="also 10,000 partnerships")
    parser.add_argument("--repeat", type=int, default=20, help="latency rounds")
    parser.add_argument("--seconds", type=float, default=1.5, help="throughput time per URL")
    parser.add_argument("--rounds", type=int, default=2, help="throughput rounds")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--threads", type=int, default=8, help="`accord serve` threads")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true", help="ignore DATABASE_URL")
    parser.add_argument("--objectives", type=int, default=40, help="per party, in the first")
    parser.add_argument("--kpis", type=int, default=10, help="in the first partnership")
    parser.add_argument("--pages", default="", help="measure only pages naming this (and floor)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_one(args, args.child)))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.big and 10_000 not in sizes:
        sizes.append(10_000)
    databases = ["sqlite"]
    if os.environ.get("DATABASE_URL") and not args.sqlite_only:
        databases.append("postgresql")
    results = []
    for database in databases:
        for size in sizes:
            with tempfile.TemporaryDirectory() as data_dir:
                env = {**os.environ, "ACCORD_DATA_DIR": data_dir}
                env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
                env["PYTHONPATH"] = str(ROOT)
                if database == "sqlite":
                    env.pop("DATABASE_URL", None)
                command = [sys.executable, __file__, "--child", str(size), *child_args(args)]
                out = subprocess.run(command, env=env, capture_output=True, text=True)
                if out.returncode:
                    print(f"{database} {size}: failed\n{out.stderr[-3000:]}", flush=True)
                    continue
                result = json.loads(out.stdout.strip().splitlines()[-1])
                result["database"] = database
                results.append(result)
                print(f"{database} {size}: built in {result['build_seconds']:.0f} s", flush=True)
    print_table(results)


def child_args(args) -> list[str]:
    out = ["--repeat", str(args.repeat), "--seconds", str(args.seconds)]
    out += ["--rounds", str(args.rounds), "--clients", str(args.clients)]
    out += ["--threads", str(args.threads), "--objectives", str(args.objectives)]
    out += ["--kpis", str(args.kpis), "--pages", args.pages]
    return out + (["--no-throughput"] if args.no_throughput else [])


def print_table(results: list[dict]) -> None:
    print()
    print("| database | partnerships | page | median ms | x floor | queries | req/s | % of floor |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for result in results:
        floor = result["pages"]["floor"]
        for name in [name for name in PAGES if name in result["pages"]]:
            page = result["pages"][name]
            ratio = page["median_ms"] / floor["median_ms"]
            rps = page.get("rps")
            share = f"{100 * rps / floor['rps']:.0f} %" if rps else "—"
            print(
                f"| {result['database']} | {result['size']:,} | {name} | {page['median_ms']:.1f} "
                f"| {ratio:.1f} | {page['queries']} | {rps or 0:.0f} | {share} |"
            )


# --- In the child: one database, one size ----------------------------------------------------


def run_one(args, size: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        # A fresh database each run: flushing is refused by the append-only audit table.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    lead, first, kpi = build(size, args.objectives, args.kpis)
    build_seconds = time.perf_counter() - start
    urls = {
        name: url
        for name, url in urls_of(first, kpi).items()
        if name == "floor" or args.pages in name
    }
    pages = measure_latency(lead, urls, args.repeat)
    if not args.no_throughput:
        connection.close()
        for name, rps in measure_throughput(lead, urls, args).items():
            pages[name]["rps"] = rps
    return {"size": size, "build_seconds": build_seconds, "pages": pages}


def urls_of(first, kpi) -> dict[str, str]:
    from django.urls import reverse

    from accord.core.models import Organization

    pk = first.pk
    ours = Organization.objects.get(name="Bench A").slug
    return {
        "floor": reverse("bench-floor"),
        "layout only": reverse("bench-layout"),
        "partnership list": reverse("accord-partnerships"),
        "overview": reverse("accord-partnership", args=[pk]),
        "alignment": reverse("accord-alignment", args=[pk]),
        "trust": reverse("accord-trust", args=[pk]),
        "roles": reverse("accord-roles", args=[pk]),
        "long-term": reverse("accord-longterm", args=[pk]),
        "KPI page": reverse("accord-kpi", args=[pk, kpi.pk]),
        "history": reverse("accord-partnership-history", args=[pk]),
        "API list": "/api/v1/partnerships",
        "API objectives": f"/api/v1/partnerships/{pk}/objectives",
        "portfolio": reverse("accord-portfolio", args=[ours]),
        "portfolio sorted by change": reverse("accord-portfolio", args=[ours])
        + "?sort=change&band=fair",
        "API portfolio": f"/api/v1/organizations/{ours}/portfolio",
    }


def build(size: int, objectives: int, kpis: int):
    """The lead (an owner of Bench A) and the first partnership, with `size` partnerships of
    Bench A and Bench B in all, each with a team on both sides."""
    from django.db import transaction

    from accord.accounts.services import user_create
    from accord.core.invitations import (
        partnership_invitation_accept,
        partnership_invitation_create,
    )
    from accord.core.models import Partnership, Party, TeamMember
    from accord.core.services import organization_create, partnership_create

    lead = user_create(email="lead@bench.test")
    partner = user_create(email="partner@bench.test")
    ours = organization_create(name="Bench A", actor=lead)
    theirs = organization_create(name="Bench B", actor=partner)
    first = partnership_create(organization=ours, actor=lead, name="Bench 00000")
    party = Party.objects.get(partnership=first, organization=ours)
    _, token = partnership_invitation_create(partnership=first, inviting_party=party, actor=lead)
    partnership_invitation_accept(token=token, organization=theirs, actor=partner)
    kpi = fill_practices(first, lead, partner, objectives, kpis)

    # The rest in bulk: what is measured is reading them, not creating them.
    with transaction.atomic():
        rest = Partnership.objects.bulk_create(
            [Partnership(name=f"Bench {i:05}") for i in range(1, size)], batch_size=1000
        )
        parties = Party.objects.bulk_create(
            [Party(partnership=p, organization=org) for p in rest for org in (ours, theirs)],
            batch_size=1000,
        )
        TeamMember.objects.bulk_create(
            [
                TeamMember(party=party, user=lead if party.organization == ours else partner)
                for party in parties
            ],
            batch_size=1000,
        )
        snapshot_history([p for p in parties if p.organization_id == ours.pk])
    return lead, first, kpi


def snapshot_history(parties) -> None:
    """Twelve weekly health snapshots for each of Bench A's parties, the last one latest (the
    portfolio reads those): scores spread over the bands, some falling, one in ten unchecked."""
    from datetime import date, timedelta

    from accord.health.checkup import band_of
    from accord.health.models import Snapshot

    today = date.today()
    batch = []
    for i, party in enumerate(parties):
        if i % 10 == 9:
            continue
        overalls = [max(0, min(100, 30 + (i * 7) % 70 - (week * (i % 3)))) for week in range(12)]
        for week, overall in enumerate(overalls):
            figures = {
                "commitments_overdue": [i % 4, None],
                "high_risks_planned": [i % 2, i % 3],
                "value_balance": [i % 2, 1],
            }
            batch.append(
                Snapshot(
                    partnership_id=party.partnership_id,
                    party=party,
                    taken_on=today - timedelta(days=7 * (11 - week)),
                    overall=overall,
                    band=band_of(overall),
                    weakest=1 + i % 6,
                    figures=figures,
                    next_review=today + timedelta(days=i % 90),
                    latest=week == 11,
                    change=overall - overalls[week - 4] if week >= 4 else None,
                )
            )
    Snapshot.objects.bulk_create(batch, batch_size=2000)


def fill_practices(partnership, lead, partner, objectives: int, kpis: int):
    from datetime import date, timedelta
    from decimal import Decimal

    from accord.alignment import services as alignment
    from accord.core.access import partnership_access
    from accord.longterm import services as longterm
    from accord.longterm.batch import MeasurementRow

    ours = partnership_access(lead, partnership.pk)
    theirs = partnership_access(partner, partnership.pk)
    goals = [
        alignment.goal_create(party=ours.acting_party(), actor=lead, title=f"Goal {i}")
        for i in range(5)
    ]
    for goal in goals:
        alignment.goal_endorse(goal=goal, party=ours.acting_party(), actor=lead)
        alignment.goal_endorse(goal=goal, party=theirs.acting_party(), actor=partner)
    for grant, actor in ((ours, lead), (theirs, partner)):
        for i in range(objectives):
            objective = alignment.objective_create(
                party=grant.acting_party(),
                actor=actor,
                title=f"Objective {i} of {actor.email}",
                visibility="private" if i % 5 == 0 else "shared",
            )
            if i % 3:
                alignment.link_create(objective=objective, goal=goals[i % 5], actor=actor)
    fill_trust(ours, theirs, lead, partner, objectives)
    fill_roles(ours, theirs, lead, partner, objectives)
    start = date.today() - timedelta(days=730)
    first_kpi = None
    for i in range(kpis):
        kpi = longterm.kpi_create(
            party=ours.acting_party(),
            actor=lead,
            name=f"KPI {i}",
            baseline=Decimal(0),
            baseline_date=start,
            target=Decimal(1000),
            target_date=start + timedelta(days=1095),
            goal_id=goals[i % 5].pk,
        )
        first_kpi = first_kpi or kpi
        rows = [
            MeasurementRow(m, start + timedelta(days=30 * m), Decimal(m * 40 + i))
            for m in range(1, 24)
        ]
        longterm.measurements_record(kpi=kpi, actor=lead, rows=rows)
    return first_kpi


def fill_roles(ours, theirs, lead, partner, count: int) -> None:
    """Per side, `count` activities in workstreams of five, each with an Accountable and a
    Responsible (every seventh without its Accountable), and a rule endorsed by both with a
    decision under it, approved by both or left waiting."""
    from accord.roles import services as roles

    sides = ((ours, lead, theirs, partner), (theirs, partner, ours, lead))
    for grant, actor, other, other_actor in sides:
        party, other_party = grant.acting_party(), other.acting_party()
        rule = roles.rule_create(party=party, actor=actor, title=f"Rule of {actor.email}")
        roles.rule_endorse(rule=rule, party=party, actor=actor)
        roles.rule_endorse(rule=rule, party=other_party, actor=other_actor)
        workstream = None
        for i in range(count):
            if i % 5 == 0:
                workstream = roles.workstream_create(party=party, actor=actor, title=f"W{i}")
            activity = roles.activity_create(
                party=party, actor=actor, workstream=workstream, title=f"Activity {i}"
            )
            letters = "R" if i % 7 == 0 else "AR"
            for letter, column in zip(letters, (party, other_party), strict=False):
                roles.assignment_create(
                    party=party,
                    actor=actor,
                    activity=activity,
                    column_party=column,
                    person=None,
                    letter=letter,
                )
            if i % 4 == 0:
                decision = roles.decision_create(
                    party=party, actor=actor, rule=rule, title=f"Decision {i}"
                )
                roles.decision_vote(decision=decision, party=party, actor=actor, verdict="approve")
                if i % 8 == 0:
                    roles.decision_vote(
                        decision=decision, party=other_party, actor=other_actor, verdict="approve"
                    )


def fill_trust(ours, theirs, lead, partner, count: int) -> None:
    """Per side, `count` commitments over the past year (kept, late, broken, open), shared
    links read by the other side, and concerns answered by it."""
    from datetime import date, timedelta

    from accord.trust import services as trust

    today = date.today()
    sides = ((ours, lead, theirs, partner), (theirs, partner, ours, lead))
    for grant, actor, other, other_actor in sides:
        party, other_party = grant.acting_party(), other.acting_party()
        for i in range(count):
            due = today - timedelta(days=(i * 7) % 360 - 30)
            commitment = trust.commitment_create(
                party=party,
                actor=actor,
                title=f"Promise {i}",
                due_date=due,
                receiver_party_id=other_party,
                visibility="private" if i % 5 == 0 else "shared",
            )
            if i % 4 == 1 and due <= today:
                trust.commitment_break(
                    commitment=commitment,
                    party=other_party,
                    actor=other_actor,
                    expected_version=None,
                    reason="Not done.",
                )
            elif i % 4 != 0:
                trust.commitment_deliver(
                    commitment=commitment,
                    party=party,
                    actor=actor,
                    expected_version=None,
                    delivered_on=min(today, due + timedelta(days=i % 3)),
                )
            if i % 3 == 0:
                item = trust.item_create(
                    party=party, actor=actor, title=f"Link {i}", url="https://example.com"
                )
                trust.item_mark_read(item=item, party=other_party, actor=other_actor)
                concern = trust.concern_create(party=party, actor=actor, topic=f"C{i}", text="?")
                trust.concern_answer(
                    concern=concern,
                    party=other_party,
                    actor=other_actor,
                    expected_version=None,
                    text="Answered.",
                )


def signed_in_client(user):
    """A test client signed in as `user` for the pages, sending a token of theirs with every
    request for the API (which takes no session cookie)."""
    from django.test import Client

    from accord.accounts.services import api_token_create

    _, token = api_token_create(user=user, name="bench")
    client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
    client.force_login(user)
    return client


def measure_latency(user, urls: dict[str, str], repeat: int) -> dict[str, dict]:
    """Median time of each URL, requested in turn round after round (the floor among them), so
    that whatever else the machine does weighs on all alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(user)
    queries: dict[str, int] = {}
    for name, url in urls.items():
        for _ in range(2):  # warm-up: template compilation and caches are not what we measure
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        queries[name] = len(captured)
    timings: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(repeat):
        for name, url in urls.items():
            start = time.perf_counter()
            client.get(url)
            timings[name].append((time.perf_counter() - start) * 1000)
    return {
        name: {"median_ms": statistics.median(timings[name]), "queries": queries[name]}
        for name in urls
    }


def measure_throughput(user, urls: dict[str, str], args) -> dict[str, float]:
    """Requests per second of each URL under `args.clients` concurrent clients of `accord
    serve` on loopback, URL after URL, round after round; the median of the rounds."""
    from django.conf import settings

    client = signed_in_client(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    authorization = client.defaults["HTTP_AUTHORIZATION"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "accord", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--threads", str(args.threads)]
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        rates: dict[str, list[float]] = {name: [] for name in urls}
        for url in urls.values():  # warm-up
            load(port, url, (cookie, authorization), 4, 0.3)
        for _ in range(args.rounds):
            for name, url in urls.items():
                rates[name].append(
                    load(port, url, (cookie, authorization), args.clients, args.seconds)
                )
        return {name: statistics.median(rates[name]) for name in urls}
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("accord serve did not start")


def load(port: int, url: str, credentials: tuple[str, str], clients: int, seconds: float) -> float:
    """Requests per second that `clients` threads, each on its own kept-alive connection,
    complete in `seconds`."""
    done = [0] * clients
    failures: list[str] = []
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=60)
        cookie, authorization = credentials
        headers = {"Cookie": cookie, "Authorization": authorization, "Host": "localhost"}
        while time.monotonic() < stop:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(f"{url}: {response.status}")
                return
            done[i] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return sum(done) / (time.monotonic() - start)


if __name__ == "__main__":
    main()
