from dataclasses import fields
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accord.ops.server import ServerOptions, serve


def unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def add_server_arguments(parser: CommandParser) -> None:
    """The web server's options, shared by `accord serve` and `accord demo`."""
    defaults = ServerOptions()
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--threads", type=int, default=defaults.threads, help="worker threads")
    parser.add_argument(
        "--connection-limit",
        type=int,
        default=defaults.connection_limit,
        help="open connections at most; more wait in the listen backlog",
    )
    parser.add_argument(
        "--channel-timeout",
        type=int,
        default=defaults.channel_timeout,
        help="seconds before an idle connection is closed",
    )
    parser.add_argument(
        "--graceful-timeout",
        type=float,
        default=defaults.graceful_timeout,
        help="on SIGTERM, seconds requests in flight may take to finish",
    )
    parser.add_argument(
        "--trusted-proxy",
        default=None,
        help="address of the reverse proxy (with ACCORD_BEHIND_PROXY; default "
        "ACCORD_TRUSTED_PROXY or 127.0.0.1)",
    )


def server_options(options: dict[str, Any]) -> ServerOptions:
    """The ServerOptions of the parsed options of add_server_arguments (one per field)."""
    return ServerOptions(**{option.name: options[option.name] for option in fields(ServerOptions)})


class Command(BaseCommand):
    help = "Run the web server (waitress). Behind a proxy in production; see the README."

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        pending = unapplied_migrations()
        if pending:
            self.stderr.write(
                f"{pending} database migrations are not applied: run `accord migrate`."
            )
            raise SystemExit(1)
        from accord.wsgi import application

        self.stdout.write(f"Accord is serving on http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        serve(application, server_options(options))
