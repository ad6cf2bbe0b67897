from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Copy the SQLite database while Accord runs (consistent, mode 0600). "
        "On PostgreSQL, use pg_dump."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", type=Path, help="the file to write (default: backups/ in the data dir)"
        )

    def handle(self, *args: Any, out: Path | None, **options: Any) -> None:
        try:
            path = backup_create(out=out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
