from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.models import Organization
from accord.portability.importer import DocumentError, partnership_import


class Command(BaseCommand):
    help = (
        "Import a portable partnership document as a new partnership of an organization: "
        "`accord import file.json --org SLUG`; prints what it created."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="The importing organization's slug.")

    def handle(self, *args: Any, file: str, org: str, **options: Any) -> None:
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization “{org}”.")
        try:
            with open(file, "rb") as source:
                text = source.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            report = partnership_import(text=text, organization=organization, actor=None)
        except DocumentError as error:
            raise CommandError(f"Nothing imported; the document is not valid:\n{error}") from None
        partnership = report.partnership
        self.stdout.write(f"Imported “{partnership.name}” as partnership {partnership.pk}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
