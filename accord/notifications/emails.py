"""Notifications by email, sent by the worker, never in a request: at once for those who want
it (`notifications_email`, every tick) or in a daily digest (`digests_email`, once a day).

A notification is emailed once (`emailed_at`, set in the transaction that holds its row while
the mail is sent: a crash before the commit sends it again rather than never). At sending time
it must still be the person's to see: the partnership visible to them, and a private source
only through its organization's party; anything else stays unsent.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.core import access
from accord.notifications.models import EmailChoice, EmailPreference, Notification

logger = logging.getLogger("accord.jobs")

# Unread notifications older than this are not emailed at once (someone who just chose
# "as it happens" is not sent their backlog) ...
IMMEDIATE_WINDOW = timedelta(days=1)
# ... nor in a first digest.
DIGEST_WINDOW = timedelta(days=7)


def _pending(user: User, since: datetime) -> QuerySet[Notification]:
    """The user's unread notifications not yet emailed, made since `since`, that they may still
    see, oldest first."""
    seen_through = access.parties_seen_by(user).filter(
        partnership=OuterRef("partnership"), organization=OuterRef("private_to")
    )
    return (
        Notification.objects.filter(
            user=user, read_at__isnull=True, emailed_at__isnull=True, created_at__gte=since
        )
        .filter(partnership__in=access.partnerships_visible_to(user))
        .filter(Q(private_to__isnull=True) | Q(Exists(seen_through)))
        .select_related("partnership")
        .order_by("created_at", "id")
    )


def _wanting(choice: str) -> QuerySet[User]:
    """The active people whose preference is `choice` (no preference saved: a daily digest)."""
    people = User.objects.filter(is_active=True)
    if choice == EmailChoice.DAILY:
        other = EmailPreference.objects.filter(user=OuterRef("pk")).exclude(email=choice)
        return people.exclude(Exists(other))
    return people.filter(email_preference__email=choice)


def _with_unsent(people: QuerySet[User], since: datetime) -> QuerySet[User]:
    unsent = Notification.objects.filter(
        user=OuterRef("pk"), read_at__isnull=True, emailed_at__isnull=True, created_at__gte=since
    )
    return people.filter(Exists(unsent)).order_by("pk")


def notifications_email(*, now: datetime | None = None) -> int:
    """One email per person who wants them at once, with what is new since the last; returns
    how many emails went out."""
    now = now or timezone.now()
    sent = 0
    for user in _with_unsent(_wanting(EmailChoice.IMMEDIATE), now - IMMEDIATE_WINDOW):
        with transaction.atomic():
            rows = list(_pending(user, now - IMMEDIATE_WINDOW).select_for_update(of=("self",)))
            if rows:
                _send(user, rows, digest=False)
                _mark_emailed(rows, now)
                sent += 1
    return sent


def digests_email(*, today: date | None = None, now: datetime | None = None) -> int:
    """Each person's daily digest of their unread notifications since the last one, once a
    day however often it runs; returns how many digests went out."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    sent = 0
    waiting = _wanting(EmailChoice.DAILY).exclude(email_preference__last_digest_on=today)
    for user in _with_unsent(waiting, now - DIGEST_WINDOW):
        with transaction.atomic():
            EmailPreference.objects.get_or_create(user=user)
            preference = EmailPreference.objects.select_for_update().get(user=user)
            if preference.email != EmailChoice.DAILY or preference.last_digest_on == today:
                continue
            rows = list(_pending(user, now - DIGEST_WINDOW).select_for_update(of=("self",)))
            if not rows:
                continue
            _send(user, rows, digest=True)
            _mark_emailed(rows, now)
            EmailPreference.objects.filter(pk=preference.pk).update(last_digest_on=today)
            sent += 1
    return sent


def _mark_emailed(rows: list[Notification], now: datetime) -> None:
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=now)


def _send(user: User, rows: list[Notification], *, digest: bool) -> None:
    by_partnership: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_partnership[row.partnership.name].append(
            {"title": row.title, "url": settings.BASE_URL + row.url}
        )
    context = {
        "user": user,
        "digest": digest,
        "count": len(rows),
        "partnerships": sorted(by_partnership.items()),
        "list_url": settings.BASE_URL + reverse("accord-notifications"),
        "settings_url": settings.BASE_URL + reverse("accord-notification-settings"),
    }
    if digest:
        subject = f"Your Accord digest: {_things(len(rows))}"
    elif len(rows) == 1:
        subject = f"Accord: {rows[0].title}"
    else:
        subject = f"Accord: {_things(len(rows))}"
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=render_to_string("notifications/email/notifications.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/notifications.html", context), "text/html"
    )
    message.send()


def _things(count: int) -> str:
    return "1 new notification" if count == 1 else f"{count} new notifications"
