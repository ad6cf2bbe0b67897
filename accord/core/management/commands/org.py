from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.services import organization_create


class Command(BaseCommand):
    help = "Manage organizations: `accord org create NAME [--slug SLUG]` prints the slug."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an organization.")
        create.add_argument("name")
        create.add_argument("--slug")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            organization = organization_create(name=options["name"], slug=options["slug"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(organization.slug)
