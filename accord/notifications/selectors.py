"""Reads of a person's own notifications: nobody reads another's (404, like what does not
exist)."""

from django.db.models import QuerySet
from django.http import Http404

from accord.accounts.models import User
from accord.notifications.models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first, with their partnership."""
    return Notification.objects.filter(user=user).select_related("partnership")


def notification_of(user: User, notification_id: int | str) -> Notification:
    """One of the user's notifications; Http404 for any other id."""
    try:
        return Notification.objects.get(pk=int(notification_id), user=user)
    except (TypeError, ValueError, Notification.DoesNotExist):
        raise Http404("No such notification.") from None
