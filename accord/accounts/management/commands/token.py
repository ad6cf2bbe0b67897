from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.accounts.services import api_token_create


class Command(BaseCommand):
    help = "API tokens: `accord token create EMAIL [--name NAME]` prints a new token, once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an API token for a user.")
        create.add_argument("email")
        create.add_argument("--name", default="command line")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with the email {options['email']}.")
        _, raw = api_token_create(user=user, name=options["name"])
        self.stdout.write(raw)
