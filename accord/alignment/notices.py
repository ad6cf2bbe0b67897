"""Who must hear of a change to practice 1's records (core.notices): a shared goal to endorse,
once proposed or reworded. `to_endorse` serves every endorsable record (roles' decision
rules too).

Words come from the audit event (its label, as the event's readers knew it); the record as it
is now only says who has yet to endorse it."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from accord.alignment.models import SharedGoal
from accord.audit.models import AuditEvent
from accord.core.models import Party
from accord.core.notices import Notice


def to_endorse(
    event: AuditEvent, model: type[Any], *, kind: str, noun: str, url: str
) -> list[Notice]:
    """The binding people of each party yet to endorse a record of `model` (an `Endorsable`
    partnership record) that was just proposed, or reworded (which cleared the endorsements)."""
    partnership_id = event.partnership_id
    if partnership_id is None:
        return []
    reworded = event.action == "update" and set(event.changes) & set(model.WORDING_FIELDS)
    if event.action != "create" and not reworded:
        return []
    record = (
        model._default_manager.select_related("owner_party__organization")
        .filter(pk=event.record_id)
        .first()
    )
    if record is None or record.is_dropped:
        return []
    endorsed = record.endorsements.values("party")
    waiting = Party.objects.filter(partnership_id=partnership_id).exclude(pk__in=endorsed)
    party_ids = tuple(waiting.values_list("pk", flat=True))
    if not party_ids:
        return []
    if reworded:
        title = f"“{event.record_label}” was reworded: endorse it again"
    else:
        proposer = record.owner_party.organization.name
        title = f"{proposer} proposed {noun} “{event.record_label}”: endorse it"
    return [
        Notice(
            kind=kind,
            partnership_id=partnership_id,
            title=title,
            url=url,
            party_ids=party_ids,
            binding_only=True,
        )
    ]


def notices(event: AuditEvent) -> Iterable[Notice]:
    if event.record_type != SharedGoal._meta.label:
        return []
    url = reverse("accord-goals", args=[event.partnership_id]) + f"#goal-{event.record_id}"
    return to_endorse(
        event, SharedGoal, kind="alignment.goal_to_endorse", noun="a shared goal", url=url
    )
