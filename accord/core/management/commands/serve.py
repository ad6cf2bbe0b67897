from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def serve_forever(host: str, port: int, threads: int) -> None:
    from waitress import serve

    from accord.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="Accord")


class Command(BaseCommand):
    help = "Run the web server (waitress). Behind a proxy in production; see the README."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        pending = unapplied_migrations()
        if pending:
            self.stderr.write(
                f"{pending} database migrations are not applied: run `accord migrate`."
            )
            raise SystemExit(1)
        self.stdout.write(f"Accord is serving on http://{host}:{port}/")
        serve_forever(host, port, threads)
