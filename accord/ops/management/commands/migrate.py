from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from accord.ops.locks import migration_lock


class Command(migrate.Command):
    """Django's migrate, one at a time: a second `accord migrate` (two deploys, a demo and a
    service starting together) waits for the first, then finds nothing left to do."""

    def handle(self, *args: Any, **options: Any) -> str | None:
        with migration_lock(connections[options["database"]]):
            return super().handle(*args, **options)
