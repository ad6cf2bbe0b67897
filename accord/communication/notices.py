"""Who must hear of an audited change of practice 4 (`Practice.notices`, core/notices.py):

- minutes written, or edited so that their approvals were cleared: the parties that must
  (again) approve them, their leads and admins (`communication.minutes_to_approve`);
- an update posted: the other parties' teams (`communication.update_to_acknowledge`);
- an update acknowledged: the author's team (`communication.update_acknowledged`);
- a comment added to an update or a decision: the other parties' teams
  (`communication.comment_added`).

Private minutes are the owning party's alone, so only that party hears of them. A notice names
the record as the event does (its label), never more.
"""

from collections.abc import Iterable

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.communication.models import Comment, Minutes, Update
from accord.core.models import Party
from accord.core.notices import Notice


def notices(event: AuditEvent) -> Iterable[Notice]:
    partnership_id = event.partnership_id
    if partnership_id is None:
        return []
    if event.record_type == Minutes._meta.label:
        return _minutes(event, partnership_id)
    if event.record_type == Update._meta.label:
        return _update(event, partnership_id)
    if event.record_type == Comment._meta.label and event.action == "create":
        return _comment(event, partnership_id)
    return []


def _parties(event: AuditEvent, partnership_id: int, but: int | None = None) -> tuple[int, ...]:
    parties = Party.objects.filter(partnership_id=partnership_id)
    if but is not None:
        parties = parties.exclude(pk=but)
    if event.private_to_id is not None:
        parties = parties.filter(organization_id=event.private_to_id)
    return tuple(parties.order_by("pk").values_list("pk", flat=True))


def _minutes(event: AuditEvent, partnership_id: int) -> list[Notice]:
    if event.action not in ("create", "endorsements_cleared"):
        return []
    found = Minutes.objects.filter(pk=event.record_id).values_list("meeting_id", "owner_party_id")
    for meeting_id, writer in found:
        # Written: the writer's own word is a click away, the others are asked. Cleared by an
        # edit: every party approves the new text.
        but = writer if event.action == "create" and event.private_to_id is None else None
        parties = _parties(event, partnership_id, but)
        if not parties:
            return []
        url = reverse("accord-meeting", args=[partnership_id, meeting_id])
        return [
            Notice(
                kind="communication.minutes_to_approve",
                partnership_id=partnership_id,
                title=f"{event.record_label}: to approve",
                url=url,
                party_ids=parties,
                binding_only=True,
            )
        ]
    return []


def _update(event: AuditEvent, partnership_id: int) -> list[Notice]:
    author = Update.objects.filter(pk=event.record_id).values_list("owner_party_id", flat=True)
    author_id = author.first()
    if author_id is None:
        return []
    url = reverse("accord-communication", args=[partnership_id]) + f"#update-{event.record_id}"
    if event.action == "create":
        return [
            Notice(
                kind="communication.update_to_acknowledge",
                partnership_id=partnership_id,
                title=f"Update “{event.record_label}” to acknowledge",
                url=url,
                party_ids=_parties(event, partnership_id, author_id),
            )
        ]
    if event.action == "acknowledge":
        party = (event.changes.get("party") or [None, ""])[1]
        return [
            Notice(
                kind="communication.update_acknowledged",
                partnership_id=partnership_id,
                title=f"{party} acknowledged “{event.record_label}”",
                url=url,
                party_ids=(author_id,),
            )
        ]
    return []


def _comment(event: AuditEvent, partnership_id: int) -> list[Notice]:
    found = Comment.objects.filter(pk=event.record_id).values_list(
        "update_id", "decision_id", "owner_party_id"
    )
    for update_id, decision_id, writer in found:
        if update_id is not None:
            url = reverse("accord-communication", args=[partnership_id]) + f"#update-{update_id}"
        else:
            url = reverse("accord-decision-comments", args=[partnership_id, decision_id])
        parties = _parties(event, partnership_id, writer)
        if not parties:
            return []
        return [
            Notice(
                kind="communication.comment_added",
                partnership_id=partnership_id,
                title=event.record_label,
                url=url,
                party_ids=parties,
            )
        ]
    return []
