from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.accounts.models import TokenScope
from accord.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "API tokens: `accord token create EMAIL [--name NAME] [--scope read|write] "
        "[--expires-in DAYS]` prints a new token, once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an API token for a user.")
        create.add_argument("email")
        create.add_argument("--name", default="command line")
        create.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.WRITE,
            help="read: GET calls only; write (default): every call.",
        )
        create.add_argument(
            "--expires-in",
            type=int,
            metavar="DAYS",
            help="The token stops working after this many days (default: never).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with the email {options['email']}.")
        days = options["expires_in"]
        if days is not None and days < 1:
            raise CommandError("--expires-in takes a number of days, 1 or more.")
        _, raw = api_token_create(
            user=user,
            name=options["name"],
            scope=options["scope"],
            expires_in=None if days is None else timedelta(days=days),
        )
        self.stdout.write(raw)
