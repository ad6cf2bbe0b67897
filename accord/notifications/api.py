"""The API of your notifications (`/api/v1/notifications…`): the list, marking read, the
unread count and the email preference. Only your own: another's notification answers 404."""

from django.db.models import QuerySet
from ninja import P, PathEx
from ninja.pagination import paginate

from accord.accounts.http import AuthedRequest
from accord.api.lists import Filter, Listing, Pages
from accord.api.operations import ApiRouter
from accord.notifications import selectors, services
from accord.notifications.models import Notification
from accord.notifications.schemas import (
    EmailPreferenceIn,
    EmailPreferenceOut,
    MarkedOut,
    NotificationOut,
    UnreadOut,
)

router = ApiRouter(
    "notifications",
    "What needs you across your partnerships (made by the worker from what happened and what "
    "is due), marked read one by one or all at once; and how they are emailed to you.",
)

NotificationId = PathEx[int, P(description="The notification's id (`id` in its answers).")]

LISTING = Listing(
    {"created_at": "created_at"},
    "-created_at",
    filters=(
        Filter(
            "unread",
            bool,
            "`true`: only the unread; `false`: only those read.",
            "read_at__isnull",
        ),
    ),
)


@router.get("/notifications", response={200: list[NotificationOut]})
@paginate(Pages, listing=LISTING)
def notification_list(request: AuthedRequest) -> QuerySet[Notification]:
    """List your notifications, newest first.

    Each says what needs you (`title`), where to act (`url`) and whether you read it. Pages
    follow a cursor (`next`), like every list of the API; `unread=true` keeps the unread.
    """
    return selectors.notifications_of(request.user)


@router.get("/notifications/unread-count", response={200: UnreadOut})
def notification_unread_count(request: AuthedRequest) -> dict:
    """Count your unread notifications.

    The figure the header of every page shows.
    """
    return {"unread": request.user.unread_notifications}


@router.post("/notifications/{id:notification_id}/read", response={200: NotificationOut})
def notification_read(request: AuthedRequest, notification_id: NotificationId) -> Notification:
    """Mark one of your notifications read.

    Marking it again changes nothing. Answers the notification.
    """
    notification = selectors.notification_of(request.user, notification_id)
    return services.notification_mark_read(notification=notification, user=request.user)


@router.post("/notifications/read", response={200: MarkedOut})
def notifications_read_all(request: AuthedRequest) -> dict:
    """Mark all your notifications read.

    Answers how many this marked, and how many are unread now (none, unless one arrived).
    """
    marked = services.notifications_mark_all_read(user=request.user)
    return {"marked": marked, "unread": request.user.unread_notifications}


@router.get("/notifications/preferences", response={200: EmailPreferenceOut})
def notification_preferences_get(request: AuthedRequest) -> dict:
    """Read how your notifications are emailed.

    `immediate`, `daily` (the default) or `off`.
    """
    return {"email": services.email_preference_of(request.user).email}


@router.patch("/notifications/preferences", response={200: EmailPreferenceOut})
def notification_preferences_update(request: AuthedRequest, payload: EmailPreferenceIn) -> dict:
    """Choose how your notifications are emailed.

    `immediate`: by the worker as they happen; `daily`: one digest a day of what is unread;
    `off`: never (they stay in the app).
    """
    preference = services.email_preference_set(user=request.user, email=payload.email)
    return {"email": preference.email}
