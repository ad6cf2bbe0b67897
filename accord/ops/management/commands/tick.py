from typing import Any

from django.core.management.base import BaseCommand

from accord.ops.schedule import tick_run


class Command(BaseCommand):
    help = (
        "Run the worker's periodic jobs once, in this process, and the daily jobs not yet run "
        "today; print what ran, then exit (for cron, tests and operators)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for run in tick_run():
            outcome = "ran" if run.ran else "skipped (already run or queued today)"
            self.stdout.write(f"{run.cadence} {run.path}: {outcome}")
