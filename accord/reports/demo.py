"""Reports demo: a shared QBR of the last quarter of "Community solar rollout", asked for by
Northwind's lead (maya). It is queued, not printed here: a PDF takes about a second and the
demo is built by many tests. `accord demo`'s worker makes it within seconds of starting;
`accord tick` or `accord worker` does so for a demo loaded some other way."""

from django.utils import timezone

from accord.accounts.models import User
from accord.core.models import Partnership, Party
from accord.lib.quarters import Quarter
from accord.reports.models import Edition
from accord.reports.services import report_request

MAIN = "Community solar rollout"


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    party = Party.objects.select_related("partnership", "organization").get(
        partnership=partnerships[MAIN], organization__slug="northwind"
    )
    report_request(
        party=party,
        quarter=str(Quarter.of(timezone.localdate()).previous),
        edition=Edition.SHARED,
        actor=people["maya"],
    )
