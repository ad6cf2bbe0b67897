from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background jobs as they are enqueued (emails now; reminders and reports later)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, batch, interval, **options):
        extra = ["--batch"] if batch else []
        call_command(
            "db_worker", "--interval", str(interval), *extra, verbosity=options["verbosity"]
        )
