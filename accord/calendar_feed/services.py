"""Making, rotating and revoking a user's calendar feed, and noting its use.

The raw token is returned once, to be shown once; only its SHA-256 is kept. A user has at most
one feed: rotating replaces its token in place (the old URL dies at once), revoking deletes it.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accord.accounts.models import User
from accord.calendar_feed.models import SHOWN_PREFIX, CalendarFeed, hash_feed_token

ALREADY = "You already have a calendar feed: rotate it for a new address."
# How stale `last_used_at` may be: a client polling every minute must not write every time.
LAST_USED_PRECISION = timedelta(minutes=15)


def calendar_feed_create(*, user: User, now: datetime | None = None) -> tuple[CalendarFeed, str]:
    """A new feed for the user and its raw token; ValidationError on `feed` if they have one
    (two creates at once: one wins, the other is refused by the one-feed-per-user key)."""
    raw = CalendarFeed.generate()
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.create(
                user=user,
                token_hash=hash_feed_token(raw),
                prefix=raw[:SHOWN_PREFIX],
                created_at=now or timezone.now(),
            )
    except IntegrityError:
        raise ValidationError({"feed": ALREADY}) from None
    return feed, raw


def calendar_feed_rotate(*, user: User, now: datetime | None = None) -> tuple[CalendarFeed, str]:
    """A new token for the user's feed (the old URL answers 404 from now on) and the raw token;
    CalendarFeed.DoesNotExist if they have none."""
    raw = CalendarFeed.generate()
    rotated = CalendarFeed.objects.filter(user=user).update(
        token_hash=hash_feed_token(raw),
        prefix=raw[:SHOWN_PREFIX],
        created_at=now or timezone.now(),
        last_used_at=None,
    )
    if not rotated:
        raise CalendarFeed.DoesNotExist("You have no calendar feed.")
    return CalendarFeed.objects.get(user=user), raw


def calendar_feed_revoke(*, user: User) -> None:
    """The user's feed stops working; CalendarFeed.DoesNotExist if they have none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    if not deleted:
        raise CalendarFeed.DoesNotExist("You have no calendar feed.")


def calendar_feed_note_use(*, feed: CalendarFeed, now: datetime | None = None) -> None:
    """Notes that the feed was read, unless it was noted less than LAST_USED_PRECISION ago."""
    now = now or timezone.now()
    stale = now - LAST_USED_PRECISION
    if feed.last_used_at is None or feed.last_used_at <= stale:
        CalendarFeed.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=feed.pk
        ).update(last_used_at=now)
        feed.last_used_at = now
