"""Helpers of the notifications tests: the fixture partnership of tests.base (Alpha: alice
lead, vic viewer on the team, amy admin and ann member off it; Beta: bea lead and admin, bob on
the team; Gamma's olga outside), and what each person was told."""

from datetime import timedelta

from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.notifications.models import EventDispatch, Notification
from accord.notifications.services import notices_dispatch, unread_recount
from accord.trust.tests.base import TrustTestCase


class NotificationTestCase(TrustTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # The fixture's own history (the partnership founded, Beta joining) is not the news of
        # these tests.
        EventDispatch.objects.bulk_create(
            EventDispatch(event=event) for event in AuditEvent.objects.all()
        )

    def told(self, kind: str | None = None) -> dict[str, list[str]]:
        """{email: [titles]} of every notification (of `kind`), after a dispatch."""
        notices_dispatch()
        rows = Notification.objects.select_related("user").order_by("user__email", "id")
        if kind:
            rows = rows.filter(kind=kind)
        heard: dict[str, list[str]] = {}
        for row in rows:
            heard.setdefault(row.user.email, []).append(row.title)
        return heard

    def hearers(self, kind: str) -> set[str]:
        return set(self.told(kind))


def notify(user, title: str, partnership, minutes_ago: int = 0, read: bool = False) -> Notification:
    """A notification made by hand (not by a dispatch), and the count of the unread kept."""
    now = timezone.now() - timedelta(minutes=minutes_ago)
    row = Notification.objects.create(
        user=user,
        kind="test.note",
        partnership=partnership,
        title=title,
        url=f"/partnerships/{partnership.pk}/trust/",
        created_at=now,
        read_at=now if read else None,
    )
    unread_recount([user.pk])
    return row
