import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.core.models import Party
from accord.portability.services import partnership_export


class Command(BaseCommand):
    help = (
        "Export a partnership as one party sees it, as a portable JSON document: "
        "`accord export ID --org SLUG --out file.json` (--org may be left out when the "
        "partnership has a single party)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partnership_id", type=int)
        parser.add_argument("--org", help="The slug of the organization whose view is exported.")
        parser.add_argument("--out", help="The file to write (default: standard output).")

    def handle(self, *args: Any, partnership_id: int, **options: Any) -> None:
        party = _party(partnership_id, options["org"])
        document = partnership_export(party=party, actor=None, now=timezone.now())
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as out:
                out.write(text)
            self.stdout.write(f"Wrote {options['out']}.")
        else:
            self.stdout.write(text, ending="")


def _party(partnership_id: int, slug: str | None) -> Party:
    parties = list(
        Party.objects.filter(partnership_id=partnership_id).select_related("organization")
    )
    if not parties:
        raise CommandError(f"No partnership {partnership_id}.")
    if slug is None and len(parties) > 1:
        slugs = ", ".join(p.organization.slug for p in parties)
        raise CommandError(f"Name the party whose view to export: --org with one of {slugs}.")
    chosen = [p for p in parties if slug is None or p.organization.slug == slug]
    if not chosen:
        raise CommandError(f"“{slug}” is not a party to partnership {partnership_id}.")
    return chosen[0]
