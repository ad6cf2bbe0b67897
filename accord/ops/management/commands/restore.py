from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.ops.backup import BackupError, backup_restore, live_database


class Command(BaseCommand):
    help = (
        "Replace the SQLite database by a backup made with `accord backup` (the current one is "
        "saved first). Stop the server and the worker before. On PostgreSQL, use pg_restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the current data will be replaced"
        )

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        try:
            live_database()
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not yes:
            raise CommandError(
                "This replaces every record with the backup's. Stop `accord serve` and "
                "`accord worker`, then run again with --yes."
            )
        try:
            saved = backup_restore(backup=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file}. The database before was saved to {saved}.")
        self.stdout.write("Run `accord migrate` if the backup is from an older version.")
