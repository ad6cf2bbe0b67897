from django.core.management.base import BaseCommand, CommandError

from accord.audit.services import chains, verify_chain
from accord.core.models import Partnership


class Command(BaseCommand):
    help = "Audit trail: `accord audit verify [--partnership ID]` recomputes the hash chains."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Recompute hash chains; report the first break.")
        verify.add_argument("--partnership", type=int, help="Only this partnership's chain.")

    def handle(self, *args, action, **options):
        partnership_id = options["partnership"]
        if (
            partnership_id is not None
            and not Partnership.objects.filter(pk=partnership_id).exists()
        ):
            raise CommandError(f"No partnership with id {partnership_id}.")
        names = chains(partnership_id)
        broken = 0
        for name in names:
            report = verify_chain(name)
            if report.intact:
                self.stdout.write(f"ok      {name}: {report.checked} events")
                continue
            broken += 1
            event = report.broken
            self.stdout.write(
                f"BROKEN  {name}: first bad event is #{event.seq} (id {event.pk}, "
                f"{event.at:%Y-%m-%d %H:%M:%S}, {event.action} {event.record_type}): "
                f"{report.reason}; {report.checked} events before it hold"
            )
        if broken:
            raise CommandError(f"{broken} of {len(names)} chains are broken.")
        self.stdout.write(f"All {len(names)} chains intact.")
