from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.core.models import Partnership, Party
from accord.reports.models import Edition
from accord.reports.services import edition_checked, qbr_render, quarter_checked


class Command(BaseCommand):
    help = (
        "Reports: `accord report qbr ID --quarter 2026Q3 --edition shared --out qbr.pdf` writes "
        "a partnership's quarterly business review as PDF (or HTML with --html), made at once "
        "as the worker makes it. An internal edition (--edition internal --org SLUG) adds that "
        "organization's private records: keep it inside the organization."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        qbr = sub.add_parser("qbr", help="A quarterly business review, as PDF or HTML.")
        qbr.add_argument("partnership", help="The partnership's id.")
        qbr.add_argument("--quarter", required=True, help="Such as 2026Q3.")
        qbr.add_argument("--edition", default=Edition.SHARED, help="shared (default) or internal.")
        qbr.add_argument("--org", help="The organization's slug: required for internal.")
        qbr.add_argument("--out", type=Path, required=True, help="The file to write.")
        qbr.add_argument("--html", action="store_true", help="Write the HTML, not the PDF.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = self.partnership(options["partnership"])
        try:
            quarter = quarter_checked(options["quarter"], timezone.localdate())
            edition = edition_checked(options["edition"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        party = self.party(partnership, options["org"], edition)
        rendered = qbr_render(
            party=party,
            quarter=quarter,
            edition=edition,
            generated_by="accord report (command line)",
            now=timezone.now(),
            with_pdf=not options["html"],
        )
        out: Path = options["out"]
        try:
            if options["html"]:
                out.write_text(rendered.html, encoding="utf-8")
            else:
                out.write_bytes(rendered.pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from None
        self.stdout.write(f"Wrote the {edition} QBR {quarter} of {partnership.name} to {out}.")

    def partnership(self, given: str) -> Partnership:
        partnership = (
            Partnership.objects.filter(pk=int(given)).first()
            if given.isdigit() and len(given) < 19
            else None
        )
        if partnership is None:
            raise CommandError(f"No partnership with id {given}.")
        return partnership

    def party(self, partnership: Partnership, slug: str | None, edition: str) -> Party:
        """The party the report is made for: the organization named (required for an internal
        edition), else the partnership's first party (the shared edition is everyone's)."""
        parties = Party.objects.filter(partnership=partnership).select_related(
            "organization", "partnership"
        )
        if slug is None:
            if edition == Edition.INTERNAL:
                raise CommandError("An internal edition is an organization's: name it with --org.")
            return parties.order_by("pk")[0]
        party = parties.filter(organization__slug=slug).first()
        if party is None:
            raise CommandError(f"{slug!r} is not a party to {partnership.name}.")
        return party
