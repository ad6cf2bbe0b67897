"""The calendar feed's API: your feed's state, and making, rotating and turning off its secret
address (`/me/calendar-feed`). The feed itself is read at its address, without a token."""

from django.http import Http404
from ninja import Status

from accord.accounts.http import AuthedRequest
from accord.api.operations import ApiRouter
from accord.calendar_feed import services
from accord.calendar_feed.models import CalendarFeed
from accord.calendar_feed.presentation import feed_url, webcal_url
from accord.calendar_feed.schemas import CalendarFeedOut, CalendarFeedSecretOut

router = ApiRouter(
    "calendar feed",
    "Your secret iCalendar address of the dates of the partnerships you see (commitments due, "
    "decisions waiting, milestones, reviews, meetings), for Google Calendar, Outlook or Apple "
    "Calendar.",
)
FEED = "/me/calendar-feed"
NO_FEED = "You have no calendar feed."


def _state(feed: CalendarFeed | None) -> dict:
    return {
        "active": feed is not None,
        "prefix": feed.prefix if feed else None,
        "created_at": feed.created_at if feed else None,
        "last_used_at": feed.last_used_at if feed else None,
    }


def _secret(feed: CalendarFeed, raw: str) -> dict:
    return {**_state(feed), "url": feed_url(raw), "webcal_url": webcal_url(raw)}


@router.get(FEED, response={200: CalendarFeedOut})
def calendar_feed_get(request: AuthedRequest) -> dict:
    """Read the state of your calendar feed.

    Whether you have one, how its address starts, when it was made and when a calendar last
    read it. The address itself is shown only when it is made (create or rotate).
    """
    return _state(CalendarFeed.objects.filter(user=request.user).first())


@router.post(FEED, response={201: CalendarFeedSecretOut})
def calendar_feed_create(request: AuthedRequest) -> Status:
    """Make your calendar feed's address.

    Answers the secret address once; only its hash is kept. If you already have a feed, the
    answer is 400 on `feed`: rotate it for a new address.
    """
    feed, raw = services.calendar_feed_create(user=request.user)
    return Status(201, _secret(feed, raw))


@router.post(f"{FEED}/rotation", response={201: CalendarFeedSecretOut})
def calendar_feed_rotate(request: AuthedRequest) -> Status:
    """Give your calendar feed a new address.

    Answers the new secret address once; the old one answers 404 from now on, in every
    calendar that uses it. 404 if you have no feed.
    """
    try:
        feed, raw = services.calendar_feed_rotate(user=request.user)
    except CalendarFeed.DoesNotExist:
        raise Http404(NO_FEED) from None
    return Status(201, _secret(feed, raw))


@router.delete(FEED, response={204: None})
def calendar_feed_revoke(request: AuthedRequest) -> Status:
    """Turn your calendar feed off.

    Its address answers 404 from now on. 404 if you have no feed.
    """
    try:
        services.calendar_feed_revoke(user=request.user)
    except CalendarFeed.DoesNotExist:
        raise Http404(NO_FEED) from None
    return Status(204, None)
