"""Health demo data: a trend to look at. Today's snapshot of each party of each demo partnership
is real (`snapshot_take`); the ~4 months before it are DEMO DATA made up here, and
only here: each practice's score drifts toward today's from a start of its own, with a small
wobble, deterministic so that every demo load looks the same. Written in one bulk insert, so the
demo (which many tests build) stays fast."""

import math
from datetime import date, timedelta

from django.utils import timezone

from accord.core.models import Partnership, Party, Stage
from accord.health.checkup import band_of
from accord.health.models import Snapshot
from accord.health.snapshots import change_since, snapshot_take

DAYS = 120


def load_demo(partnerships: dict[str, Partnership]) -> None:
    """Today's snapshot of every demo party (an ended partnership's stands for the last one
    taken before it ended, so the portfolio shows it), and a made-up history for the live."""
    today = timezone.localdate()
    parties = Party.objects.filter(partnership__in=list(partnerships.values()))
    made_up: list[Snapshot] = []
    taken = []
    for party in parties.select_related("partnership").order_by("partnership_id", "pk"):
        snapshot = snapshot_take(party=party, today=today)
        taken.append(snapshot)
        if party.partnership.stage != Stage.ENDED:
            made_up += _earlier(snapshot, today)
    Snapshot.objects.bulk_create(made_up)
    # Today's were taken before the history under them existed.
    for snapshot in taken:
        change = change_since(snapshot.party, today, snapshot.overall)
        Snapshot.objects.filter(pk=snapshot.pk).update(change=change)


def _earlier(today_snapshot: Snapshot, today: date) -> list[Snapshot]:
    """The made-up snapshots of the DAYS before `today_snapshot`, oldest first."""
    return [
        _drifted(today_snapshot, today - timedelta(days=back), back) for back in range(DAYS, 0, -1)
    ]


def _drifted(source: Snapshot, day: date, back: int) -> Snapshot:
    scores = {
        number: {
            "score": _score_on(kept["score"], int(number) + source.party_id, back),
            "confidence": kept["confidence"],
        }
        for number, kept in source.scores.items()
    }
    known = {int(n): s["score"] for n, s in scores.items() if s["score"] is not None}
    overall = round(sum(known.values()) / len(known)) if known else None
    return Snapshot(
        partnership_id=source.partnership_id,
        party_id=source.party_id,
        taken_on=day,
        overall=overall,
        band=band_of(overall),
        weakest=min(known, key=lambda n: known[n]) if known else None,
        scores=scores,
        perception=source.perception,
        figures=source.figures,
        next_review=source.next_review,
    )


def _score_on(score: int | None, seed: int, back: int) -> int | None:
    """A plausible earlier score: `seed` picks a start up to 25 points away from today's (most
    practices improved, some slipped), reached back linearly, with a wobble of a few points."""
    if score is None:
        return None
    start = (seed * 37) % 51 - 30  # -30 to +20: earlier, most were worse
    wobble = 3 * math.sin(back / 6 + seed)
    return max(0, min(100, round(score + start * back / DAYS + wobble)))
