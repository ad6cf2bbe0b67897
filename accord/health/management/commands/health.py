import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.core.models import Partnership, Party
from accord.core.viewpoint import Viewpoint
from accord.health.checkup import health_of
from accord.health.schemas import HealthOut


class Command(BaseCommand):
    help = (
        "The health check of a partnership: `accord health ID [--json] [--org SLUG]`. Without "
        "--org, what every party sees (shared records only); with it, that organization's view "
        "(its private records count). --json prints what GET /api/v1/partnerships/ID/health "
        "answers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partnership", type=int, help="The partnership's id.")
        parser.add_argument("--json", action="store_true", help="Print the API's JSON.")
        parser.add_argument("--org", help="See it as this organization (its slug).")

    def handle(self, *args: Any, partnership: int, **options: Any) -> None:
        viewpoint = self.viewpoint(partnership, options["org"])
        answer = HealthOut.of(health_of(viewpoint, timezone.localdate()))
        if options["json"]:
            self.stdout.write(json.dumps(answer.model_dump(mode="json"), indent=2))
        else:
            self.print_table(answer)

    def viewpoint(self, partnership_id: int, org: str | None) -> Viewpoint:
        found = Partnership.objects.filter(pk=partnership_id).first()
        if found is None:
            raise CommandError(f"No partnership with id {partnership_id}.")
        if not org:
            return Viewpoint.shared(found)
        party = Party.objects.filter(partnership=found, organization__slug=org).first()
        if party is None:
            raise CommandError(f"No organization “{org}” is a party to partnership {found.pk}.")
        return Viewpoint.of_party(party)

    def print_table(self, answer: HealthOut) -> None:
        write = self.stdout.write
        overall = "unknown" if answer.overall is None else f"{answer.overall}/100"
        write(f"Overall: {overall} ({answer.band.label})")
        write("")
        write(f"{'Practice':<16} {'Score':>7}  {'Confidence':<10}  Flags")
        rows = {row.practice: row for row in answer.practices}
        for slug in answer.weakest_first:
            row = rows[slug]
            score = "unknown" if row.evidence.score is None else str(row.evidence.score)
            confidence = row.evidence.confidence_level.label
            write(f"{slug:<16} {score:>7}  {confidence:<10}  {len(row.flags)}")
            for reason in row.evidence.reasons:
                write(f"    {reason}")
            for flag in row.flags:
                write(f"    ! {flag.text}")
        write("")
        write("Recommendations:" if answer.recommendations else "No recommendations.")
        for number, recommendation in enumerate(answer.recommendations, start=1):
            write(f"{number}. [{recommendation.practice}] {recommendation.text}")
            for record in recommendation.records:
                write(f"     - {record.label}" + (f" ({record.url})" if record.url else ""))
