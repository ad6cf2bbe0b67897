"""Evidence of practice 4 (figures defined in `communication/selectors.py`'s docstring):

- `cadence_kept`: occurrences kept / counted (kept + missed) in the last 365 days, per party
  owning the cadences; the records are the cadences with a missed occurrence.
- `updates_acknowledged`: acknowledgements given / updates addressed, per acknowledging party;
  the records are the updates still waiting.
- `median_hours_to_acknowledge`: per acknowledging party, the median hours (rounded), no
  ratio; the partnership's value is the median over every acknowledgement.
- `minutes_approved`: minutes every party approves / minutes written, per writing party.
- `action_items_on_time`: meeting action items kept on time / counted, per promising party.

Scored (decision 0026): cadence kept (2), updates acknowledged (2), minutes approved (1),
action items on time (1). The median time to acknowledge is shown, not scored: how fast is fast
enough depends on the partnership.
"""

from datetime import date, datetime, time
from statistics import median

from django.utils import timezone

from accord.communication.selectors import Communication, communication_of
from accord.core.evidence import Evidence, Figure, PartyFigure, Reading, per_party, refs
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import counted
from accord.trust.selectors import Tally


def moment_of(today: date) -> datetime:
    """The moment figures are read at: now for today, the end of the day for another day."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time.max))


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    return evidence_of(communication_of(viewpoint, moment_of(today)), today)


def evidence_of(communication: Communication, today: date) -> Evidence:
    minutes = list(communication.minutes.values())
    approved = communication.minutes_approved()
    approved_ids = {m.pk for m in approved}
    unapproved = [m for m in minutes if m.pk not in approved_ids]
    return Evidence(
        practice=4,
        figures=(
            _cadence_kept(communication),
            _updates_acknowledged(communication),
            _median_hours(communication),
            per_party(
                "minutes_approved",
                "Minutes approved by every party",
                communication.parties,
                approved,
                whole=minutes,
                reading=Reading.share(
                    len(approved),
                    len(minutes),
                    1,
                    "minutes approved by every party",
                    f"Approve {counted(len(unapproved), 'set of minutes', 'sets of minutes')}",
                    unapproved,
                ),
            ),
            _action_items(communication, today),
        ),
    )


def _cadence_kept(communication: Communication) -> Figure:
    records = communication.cadences
    kept = sum(len(r.kept) for r in records)
    occurrences = sum(r.counted for r in records)
    missing = [r.cadence for r in records if r.missed]
    parties = tuple(
        PartyFigure(
            party.pk,
            party.organization.name,
            sum(len(r.kept) for r in records if r.cadence.owner_party_id == party.pk),
            sum(r.counted for r in records if r.cadence.owner_party_id == party.pk),
            refs(r.cadence for r in records if r.cadence.owner_party_id == party.pk and r.missed),
        )
        for party in communication.parties
    )
    return Figure(
        "cadence_kept",
        "Cadence kept (occurrences with a meeting or update)",
        kept,
        occurrences,
        refs(missing),
        parties,
        reading=Reading.share(
            kept,
            occurrences,
            2,
            "meetings and updates of the agreed cadences held (last 365 days)",
            f"Get back to the rhythm of {counted(len(missing), 'cadence')} with missed"
            " meetings or updates",
            missing,
        ),
    )


def _updates_acknowledged(communication: Communication) -> Figure:
    listening = communication.listening
    parties = tuple(
        PartyFigure(
            heard.party.pk,
            heard.party.organization.name,
            len(heard.acknowledged),
            len(heard.addressed),
            refs(heard.waiting),
        )
        for heard in listening
    )
    waiting = list({u.pk: u for heard in listening for u in heard.waiting}.values())
    acknowledged = sum(len(h.acknowledged) for h in listening)
    addressed = sum(len(h.addressed) for h in listening)
    return Figure(
        "updates_acknowledged",
        "Updates acknowledged by the parties they were addressed to",
        acknowledged,
        addressed,
        refs(waiting),
        parties,
        reading=Reading.share(
            acknowledged,
            addressed,
            2,
            "updates acknowledged by a party they were addressed to",
            f"Read and acknowledge {counted(len(waiting), 'update')} still waiting",
            waiting,
        ),
    )


def _median_hours(communication: Communication) -> Figure:
    listening = communication.listening
    every = [a.hours for heard in listening for a in heard.acknowledged]
    parties = tuple(
        PartyFigure(
            heard.party.pk,
            heard.party.organization.name,
            round(heard.median_hours or 0),
            None,
            refs(a.update for a in heard.acknowledged),
        )
        for heard in listening
    )
    return Figure(
        "median_hours_to_acknowledge",
        "Median time to acknowledge an update (hours)",
        round(median(every)) if every else 0,
        None,
        refs(a.update for heard in listening for a in heard.acknowledged),
        parties,
        note="" if every else "No update acknowledged yet.",
    )


def _action_items(communication: Communication, today: date) -> Figure:
    items = communication.action_items
    tally = Tally.of(items, today)
    whole = tally.counted
    return per_party(
        "action_items_on_time",
        "Meeting action items closed on time",
        communication.parties,
        tally.on_time,
        whole=whole,
        reading=Reading.share(
            len(tally.on_time),
            len(whole),
            1,
            "meeting action items due so far closed on time",
            f"Close or renegotiate {counted(len(tally.overdue), 'action item')} past due",
            tally.overdue,
        ),
    )
