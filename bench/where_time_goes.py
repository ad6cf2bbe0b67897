"""Where a page's time goes: cProfile over requests to each key page, split by who spends it.

    .venv/bin/python bench/where_time_goes.py                       # 1,000 partnerships, SQLite
    .venv/bin/python bench/where_time_goes.py --pages alignment --top 25

Builds the bench's data (`bench/pages.py`) in a fresh database of a temporary data directory,
requests each page a few times to warm it, then profiles `--requests` more through Django's
test client. Each function's own time (cProfile's tottime) is counted in one group by the file
it lives in (a builtin's, by the file of its caller): the template engine (with escaping and
formatting), SQL (the ORM and the driver), Accord's own Python, the API's (ninja, pydantic),
and the rest of the request (middleware, session, authentication, the test client). `--top`
lists the heaviest functions by own time.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Escaping, formatting and lazy strings: what Django's template engine calls for each variable.
TEMPLATE_UTILS = ("html", "safestring", "formats", "dateformat", "functional", "text")
GROUPS: dict[str, tuple[str, ...]] = {
    "template engine": (
        "django/template/",
        "django/templatetags/",
        "template_partials/",
        *(f"django/utils/{m}.py" for m in TEMPLATE_UTILS),
    ),
    "SQL (ORM + driver)": ("django/db/", "sqlite3", "psycopg"),
    "Accord Python": ("/accord/",),
    "API (ninja, pydantic)": ("/ninja/", "/pydantic", "pydantic_core"),
}


def group_of(filename: str) -> str:
    for name, needles in GROUPS.items():
        if any(needle in filename for needle in needles):
            return name
    return "rest of the request"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="partnerships")
    parser.add_argument("--requests", type=int, default=30, help="profiled requests per page")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--top", type=int, default=0, help="heaviest functions to list")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["ACCORD_DATA_DIR"] = data_dir
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        profile(args)


def profile(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.pages import build, signed_in_client, urls_of

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    lead, first, kpi = build(args.size, 40, 10)
    urls = urls_of(first, kpi)
    wanted = [p for p in args.pages.split(",") if p] or list(urls)
    client = signed_in_client(lead)
    print(f"{args.size:,} partnerships on {connection.vendor}, {args.requests} requests a page")
    print("| page | ms a request | " + " | ".join(GROUPS) + " | rest |")
    print("|---|---:|" + "---:|" * (len(GROUPS) + 1))
    for name in wanted:
        url = urls[name]
        for _ in range(3):
            client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        spent: dict[str, float] = {}
        for (filename, _, _), (_, _, own, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
            if filename == "~" and callers:  # a builtin: its time goes to whoever called it
                for (caller_file, _, _), (_, _, from_caller, _) in callers.items():
                    group = group_of(caller_file)
                    spent[group] = spent.get(group, 0.0) + from_caller
                continue
            group = group_of(filename)
            spent[group] = spent.get(group, 0.0) + own
        total = sum(spent.values())
        shares = [f"{100 * spent.get(g, 0) / total:.0f} %" for g in GROUPS]
        shares.append(f"{100 * spent.get('rest of the request', 0) / total:.0f} %")
        print(f"| {name} | {1000 * total / args.requests:.1f} | " + " | ".join(shares) + " |")
        if args.top:
            stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
