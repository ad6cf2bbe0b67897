"""Who must hear of practice 2's changes (core.notices), and what is due (core.notices.Reminder):

- a commitment promised to a party: that party; delivered: the receiving parties, to confirm or
  dispute it; disputed or broken: the promising party (and the person who gave their word);
- a concern raised: the party it is addressed to; answered: the party that raised it;
- reminders, once a day: an open commitment due within DUE_SOON_DAYS, and one overdue, to the
  promising party and its promiser.

Words come from the audit event (its label, as the event's readers knew it) and from party
names; the record as it is now only says who must act.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.models import Party, Stage
from accord.core.notices import Notice, Reminder
from accord.lib.formatting import day
from accord.trust.models import Commitment, CommitmentStatus, Concern
from accord.trust.services import receiving_parties

DUE_SOON_DAYS = 3


def _commitment_url(partnership_id: int, commitment_id: int | str) -> str:
    return reverse("accord-trust", args=[partnership_id]) + f"#commitment-{commitment_id}"


def _concern_url(partnership_id: int, concern_id: int | str) -> str:
    return reverse("accord-trust", args=[partnership_id]) + f"#concern-{concern_id}"


def _party_name(party_id: int | None, fallback: str) -> str:
    if party_id is None:
        return fallback
    name = Party.objects.filter(pk=party_id).values_list("organization__name", flat=True).first()
    return name or fallback


def _commitment_notices(event: AuditEvent) -> list[Notice]:
    commitment = (
        Commitment.objects.select_related("owner_party__organization")
        .filter(pk=event.record_id)
        .first()
    )
    if commitment is None:
        return []
    pid = commitment.partnership_id
    promiser = commitment.owner_party.organization.name
    label = event.record_label
    url = _commitment_url(pid, commitment.pk)
    promiser_party = (commitment.owner_party_id,)
    promiser_person = (commitment.promiser_person_id,) if commitment.promiser_person_id else ()
    settled_by = (event.changes.get("settled_by_party") or [None, None])[1]
    if event.action == "create" and commitment.receiver_party_id is not None:
        return [
            Notice(
                kind="trust.commitment_promised",
                partnership_id=pid,
                title=f"{promiser} promised you “{label}”",
                url=url,
                party_ids=(commitment.receiver_party_id,),
            )
        ]
    if event.action == "deliver":
        if commitment.status != CommitmentStatus.DELIVERED:
            return []  # confirmed or disputed before the dispatch: nothing left to ask
        return [
            Notice(
                kind="trust.commitment_delivered",
                partnership_id=pid,
                title=f"{promiser} delivered “{label}”: confirm or dispute it",
                url=url,
                party_ids=tuple(sorted(receiving_parties(commitment))),
            )
        ]
    if event.action == "dispute":
        who = _party_name(settled_by, "The receiving party")
        return [
            Notice(
                kind="trust.commitment_disputed",
                partnership_id=pid,
                title=f"{who} disputed the delivery of “{label}”",
                url=url,
                party_ids=promiser_party,
                user_ids=promiser_person,
            )
        ]
    if event.action == "break":
        if settled_by is None:
            title = f"“{label}” was marked broken: overdue past the grace period"
        else:
            title = f"{_party_name(settled_by, 'A party')} marked “{label}” broken"
        return [
            Notice(
                kind="trust.commitment_broken",
                partnership_id=pid,
                title=title,
                url=url,
                party_ids=promiser_party,
                user_ids=promiser_person,
            )
        ]
    return []


def _concern_notices(event: AuditEvent) -> list[Notice]:
    concern = (
        Concern.objects.select_related("owner_party__organization", "addressed_to__organization")
        .filter(pk=event.record_id)
        .first()
    )
    if concern is None:
        return []
    pid = concern.partnership_id
    url = _concern_url(pid, concern.pk)
    if event.action == "create":
        return [
            Notice(
                kind="trust.concern_raised",
                partnership_id=pid,
                title=(
                    f"{concern.owner_party.organization.name} raised a concern: "
                    f"“{event.record_label}”"
                ),
                url=url,
                party_ids=(concern.addressed_to_id,),
            )
        ]
    if event.action == "answer_status":
        return [
            Notice(
                kind="trust.concern_answered",
                partnership_id=pid,
                title=(
                    f"{concern.addressed_to.organization.name} answered your concern "
                    f"“{event.record_label}”"
                ),
                url=url,
                party_ids=(concern.owner_party_id,),
            )
        ]
    return []


def notices(event: AuditEvent) -> Iterable[Notice]:
    if event.record_type == Commitment._meta.label:
        return _commitment_notices(event)
    if event.record_type == Concern._meta.label:
        return _concern_notices(event)
    return []


def reminders(today: date) -> Iterable[Reminder]:
    """Open commitments due within DUE_SOON_DAYS (today included), and overdue ones, of
    partnerships not ended: once per commitment and due date (a new date reminds anew)."""
    open_commitments = Commitment.objects.filter(
        status=CommitmentStatus.OPEN, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
    ).exclude(partnership__stage=Stage.ENDED)
    for commitment in open_commitments.select_related("owner_party").order_by("due_date", "pk"):
        overdue = commitment.due_date < today
        what = "overdue" if overdue else "due_soon"
        when = "was due" if overdue else "is due"
        yield Reminder(
            key=f"trust.commitment_{what}:{commitment.pk}:{commitment.due_date.isoformat()}",
            notice=Notice(
                kind=f"trust.commitment_{what}",
                partnership_id=commitment.partnership_id,
                title=f"“{commitment.title}” {when} on {day(commitment.due_date)}",
                url=_commitment_url(commitment.partnership_id, commitment.pk),
                party_ids=(commitment.owner_party_id,),
                user_ids=(
                    (commitment.promiser_person_id,) if commitment.promiser_person_id else ()
                ),
            ),
            private_to_id=commitment.private_to_id,
        )
