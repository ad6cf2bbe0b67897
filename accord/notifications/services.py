"""Every write of notifications: the dispatch of audit events and of reminders, marking read,
and the email preference (docs/decisions/0022-notifications.md)."""

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from accord.accounts.models import User
from accord.audit.models import AuditEvent
from accord.core.notices import Notice, Reminder
from accord.notifications.models import (
    DispatchFloor,
    EmailChoice,
    EmailPreference,
    EventDispatch,
    Notification,
)
from accord.notifications.recipients import recipients

logger = logging.getLogger("accord.jobs")

# How long after it was written an audit event may still commit: the dispatch floor rises only
# over older events, so one committed late (ids are drawn before commit) is still read.
SETTLE = timedelta(hours=1)
# Events read per query of the dispatch.
BATCH = 500

NoticesProvider = Callable[[AuditEvent], Iterable[Notice]]


def _declared(config: AppConfig, attribute: str) -> Callable | None:
    """An app's `notices` or `reminders` provider: a practice's `Practice.<attribute>`, or for
    an app that is not a practice (surveys) the dotted path on its AppConfig, like
    `daily_jobs` (decision 0022)."""
    practice = getattr(config, "practice", None)
    path = getattr(practice if practice else config, attribute, "")
    return import_string(path) if path else None


def notice_providers() -> dict[str, NoticesProvider]:
    """By app label: each app's `notices` and, for core's own records, this app's."""
    from accord.notifications.core_notices import notices as core_notices

    found: dict[str, NoticesProvider] = {"core": core_notices}
    for config in apps.get_app_configs():
        provider = _declared(config, "notices")
        if provider is not None:
            found[config.label] = provider
    return found


def reminder_providers() -> list[Callable[[date], Iterable[Reminder]]]:
    found = []
    for config in apps.get_app_configs():
        provider = _declared(config, "reminders")
        if provider is not None:
            found.append(provider)
    return found


# --- Dispatch of audit events ---------------------------------------------------------------


def notices_dispatch(*, now: datetime | None = None) -> int:
    """Turn every audit event not yet dispatched into notifications; returns how many were
    made. Safe to run again, and on several workers at once: each event is dispatched in its
    own transaction with its EventDispatch row, which a second worker cannot write again."""
    now = now or timezone.now()
    providers = notice_providers()
    floor = DispatchFloor.objects.get_or_create(pk=1)[0].event_id
    made = 0
    after = floor
    while True:
        batch = list(_undispatched(after).order_by("pk")[:BATCH])
        for event in batch:
            made += _dispatch(event, providers, now)
        if len(batch) < BATCH:
            break
        after = batch[-1].pk
    _raise_floor(floor, now)
    return made


def _undispatched(after: int) -> Any:
    done = EventDispatch.objects.filter(event=OuterRef("pk"))
    return AuditEvent.objects.filter(pk__gt=after).exclude(Exists(done))


def _dispatch(event: AuditEvent, providers: dict[str, NoticesProvider], now: datetime) -> int:
    provider = providers.get(event.record_type.split(".")[0])
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    EventDispatch.objects.create(event=event, dispatched_at=now)
            except IntegrityError:
                return 0  # another worker dispatched it
            if provider is None or event.partnership_id is None:
                return 0
            return _notify(
                list(provider(event)),
                source={"event": event},
                private_to_id=event.private_to_id,
                actor_id=event.actor_id,
                partnership_id=event.partnership_id,
                now=now,
            )
    except Exception:
        # Left undispatched (the floor stays below it): tried again at the next run.
        logger.exception("notices of audit event %s failed", event.pk)
        return 0


def _raise_floor(floor: int, now: datetime) -> None:
    """Raise the floor to just below the first event left undispatched, but never over an event
    younger than SETTLE: an older id may still be in a transaction that has not committed."""
    first_pending = _undispatched(floor).aggregate(first=Min("pk"))["first"]
    settled = AuditEvent.objects.filter(pk__gt=floor, at__lt=now - SETTLE)
    last_settled = settled.aggregate(last=Max("pk"))["last"]
    if last_settled is None:
        return
    new_floor = last_settled if first_pending is None else min(last_settled, first_pending - 1)
    if new_floor > floor:
        DispatchFloor.objects.filter(pk=1, event_id__lt=new_floor).update(event_id=new_floor)


def _notify(
    notices: list[Notice],
    *,
    source: dict[str, Any],
    private_to_id: int | None,
    actor_id: int | None,
    partnership_id: int,
    now: datetime,
) -> int:
    """Notification rows for `notices` (of one source), in the caller's transaction."""
    rows: dict[int, Notification] = {}
    for notice in notices:
        if notice.partnership_id != partnership_id:
            # A notice speaks of its own partnership only: anything else would announce a
            # partnership to people who may not see it.
            logger.error("notice %s names another partnership: dropped", notice.kind)
            continue
        for user_id in recipients(notice, private_to_id=private_to_id, actor_id=actor_id):
            rows.setdefault(
                user_id,
                Notification(
                    user_id=user_id,
                    kind=notice.kind[:80],
                    partnership_id=partnership_id,
                    title=notice.title[:300],
                    url=_local_path(notice.url, partnership_id),
                    private_to_id=private_to_id,
                    created_at=now,
                    **source,
                ),
            )
    if not rows:
        return 0
    _lock_users(rows)
    heard = Notification.objects.filter(user_id__in=list(rows), **source)
    for user_id in heard.values_list("user_id", flat=True):
        del rows[user_id]
    # A worker racing this one past the check above meets the unique constraints instead.
    Notification.objects.bulk_create(rows.values(), ignore_conflicts=True)
    unread_recount(rows)
    return len(rows)


def _local_path(url: str, partnership_id: int) -> str:
    """The notice's link if it is a path on this site, else the partnership's page: a link in
    a notification or an email never leads elsewhere."""
    if url.startswith("/") and not url.startswith(("//", "/\\")) and len(url) <= 500:
        return url
    return reverse("accord-partnership", args=[partnership_id])


def _lock_users(user_ids: Iterable[int]) -> None:
    """Lock the people's rows, in id order, before their notifications change: two transactions
    changing one person's notifications then recount one after the other."""
    list(
        User.objects.select_for_update()
        .filter(pk__in=list(user_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def unread_recount(user_ids: Iterable[int]) -> None:
    """Set each person's `unread_notifications` from their rows (after `_lock_users`)."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), 0)
    )


# --- Reminders ------------------------------------------------------------------------------


def reminders_dispatch(*, today: date | None = None, now: datetime | None = None) -> int:
    """Turn what each practice says is due today into notifications, once per reminder's key
    and person; returns how many were made."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    made = 0
    for provider in reminder_providers():
        for reminder in provider(today):
            with transaction.atomic():
                made += _notify(
                    [reminder.notice],
                    source={"reminder_key": reminder.key[:200]},
                    private_to_id=reminder.private_to_id,
                    actor_id=None,
                    partnership_id=reminder.notice.partnership_id,
                    now=now,
                )
    return made


# --- Reading --------------------------------------------------------------------------------


def notification_mark_read(
    *, notification: Notification, user: User, now: datetime | None = None
) -> Notification:
    """Mark one of the user's notifications read (again: nothing changes)."""
    with transaction.atomic():
        _lock_users([user.pk])
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now or timezone.now()
        )
        unread_recount([user.pk])
    notification.refresh_from_db(fields=["read_at"])
    user.refresh_from_db(fields=["unread_notifications"])
    return notification


def notifications_mark_all_read(*, user: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many were."""
    with transaction.atomic():
        _lock_users([user.pk])
        marked = Notification.objects.filter(user=user, read_at__isnull=True).update(
            read_at=now or timezone.now()
        )
        unread_recount([user.pk])
    user.refresh_from_db(fields=["unread_notifications"])
    return marked


# --- Email preference -----------------------------------------------------------------------


def email_preference_of(user: User) -> EmailPreference:
    """The user's preference, the default (a daily digest) if they never chose."""
    return EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)


def email_preference_set(*, user: User, email: str, now: datetime | None = None) -> EmailPreference:
    if email not in EmailChoice.values:
        raise ValidationError({"email": f"Choose one of: {', '.join(EmailChoice.values)}."})
    preference, _ = EmailPreference.objects.update_or_create(
        user=user, defaults={"email": email, "updated_at": now or timezone.now()}
    )
    return preference
