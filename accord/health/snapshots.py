"""Taking health snapshots: the health check as one party sees it, kept for the day.

One write path for the daily job, the "take a snapshot now" button and the demo. It reads the
health first (outside the lock: a read of every practice), then, holding the partnership's row
(the one lock order), replaces the party's snapshot of that day and moves `latest` to the
newest one, so that concurrent takers end with one snapshot a day and one latest.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accord.core.models import Partnership, Party, Stage
from accord.core.records import lock_partnerships
from accord.core.selectors import next_review_expression
from accord.core.viewpoint import Viewpoint
from accord.health.checkup import Health, health_of
from accord.health.models import CHANGE_DAYS, Snapshot


def snapshot_fields(health: Health) -> dict:
    """What a snapshot keeps of a health check."""
    known = [row for row in health.weakest_first if row.evidence.score is not None]
    return {
        "overall": health.overall,
        "band": health.band,
        "weakest": known[0].practice.number if known else None,
        "scores": {
            str(row.practice.number): {
                "score": row.evidence.score,
                "confidence": row.evidence.confidence,
            }
            for row in health.practices
        },
        "perception": {
            str(row.practice.number): {
                str(party.party_id): party.average for party in row.perception if party.shown
            }
            for row in health.practices
        },
        "figures": {
            figure.key: [figure.value, figure.denominator]
            for row in health.practices
            for figure in row.evidence.figures
        },
    }


def snapshot_take(*, party: Party, today: date | None = None) -> Snapshot:
    """Take (or take again) `party`'s snapshot of its partnership for `today`."""
    today = today or timezone.localdate()
    fields = snapshot_fields(health_of(Viewpoint.of_party(party), today))
    fields["next_review"] = (
        Partnership.objects.filter(pk=party.partnership_id)
        .annotate(next_review=next_review_expression())
        .values_list("next_review", flat=True)
        .first()
    )
    with transaction.atomic():
        lock_partnerships([party.partnership_id])
        fields["change"] = change_since(party, today, fields["overall"])
        snapshot, _ = Snapshot.objects.update_or_create(
            party=party,
            taken_on=today,
            defaults={**fields, "partnership_id": party.partnership_id, "taken_at": timezone.now()},
        )
        newest = Snapshot.objects.filter(party=party).order_by("-taken_on").values("pk")[:1]
        Snapshot.objects.filter(party=party, latest=True).exclude(pk__in=newest).update(
            latest=False
        )
        Snapshot.objects.filter(pk__in=newest, latest=False).update(latest=True)
    snapshot.refresh_from_db(fields=["latest"])
    return snapshot


def snapshots_take_daily(today: date) -> int:
    """Take today's snapshot of every party of every partnership that has not ended, unless
    it has one already (taken on demand, or by an earlier run): running it again the same day
    takes none. A fixed number of queries per party, whatever its records. Answers how many
    were taken."""
    parties = (
        Party.objects.exclude(partnership__stage=Stage.ENDED)
        .exclude(health_snapshots__taken_on=today)
        .select_related("partnership")
        .order_by("partnership_id", "pk")
    )
    taken = 0
    for party in parties:
        snapshot_take(party=party, today=today)
        taken += 1
    return taken


def change_since(party: Party, today: date, overall: int | None) -> int | None:
    """`overall` less that of `party`'s latest snapshot taken CHANGE_DAYS or more before
    `today`; None when either is unknown."""
    earlier = (
        Snapshot.objects.filter(party=party, taken_on__lte=today - timedelta(days=CHANGE_DAYS))
        .order_by("-taken_on")
        .values_list("overall", flat=True)
        .first()
    )
    return None if overall is None or earlier is None else overall - earlier
