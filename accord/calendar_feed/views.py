"""The calendar feed's page (create, show once, rotate, revoke) and the feed itself.

The feed answers calendar clients, which send no login: the token in its URL is the only
credential, and a token that is unknown, rotated away, revoked or of a deactivated user
answers 404 alike. The feed is rate-limited like the API (ACCORD_API_RATE per feed, and per
client address for unknown tokens) and answers an ETag, so a client polling an unchanged feed
gets 304 without the body.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_POST, require_safe

from accord.accounts.http import AuthedRequest
from accord.api.ratelimit import anonymous, count_call
from accord.calendar_feed import ical, selectors, services
from accord.calendar_feed.models import SHOWN_PREFIX, CalendarFeed
from accord.calendar_feed.presentation import feed_url, webcal_url

FEED_NAME = "Accord"
NO_FEED = "You have no calendar feed."


def _page(request: AuthedRequest, raw: str | None = None) -> HttpResponse:
    """The page; with `raw`, the new address shown this once (the page is never stored)."""
    context = {
        "feed": CalendarFeed.objects.filter(user=request.user).first(),
        "new_url": feed_url(raw) if raw else None,
        "new_webcal_url": webcal_url(raw) if raw else None,
        "window": (selectors.DAYS_BACK, selectors.DAYS_AHEAD),
    }
    return render(request, "calendar_feed/calendar_feed.html", context)


@login_required
def calendar_feed(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def calendar_feed_create(request: AuthedRequest) -> HttpResponse:
    try:
        _, raw = services.calendar_feed_create(user=request.user)
    except ValidationError:
        messages.info(request, services.ALREADY)
        return redirect("accord-calendar-feed")
    return _page(request, raw)


@login_required
@require_POST
def calendar_feed_rotate(request: AuthedRequest) -> HttpResponse:
    try:
        _, raw = services.calendar_feed_rotate(user=request.user)
    except CalendarFeed.DoesNotExist:
        messages.info(request, NO_FEED)
        return redirect("accord-calendar-feed")
    return _page(request, raw)


@login_required
@require_POST
def calendar_feed_revoke(request: AuthedRequest) -> HttpResponse:
    try:
        services.calendar_feed_revoke(user=request.user)
    except CalendarFeed.DoesNotExist:
        messages.info(request, NO_FEED)
    else:
        messages.success(request, "Your calendar feed no longer works anywhere.")
    return redirect("accord-calendar-feed")


@require_safe
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    # Every poll of a calendar is logged: the secret is not.
    request.logged_path = f"/calendar/{token[:SHOWN_PREFIX]}….ics"  # type: ignore[attr-defined]
    feed = selectors.feed_of_token(token)
    if count_call(request, f"calendar-feed:{feed.pk}" if feed else anonymous(request)).exceeded:
        return _refusal("Too many requests.", 429)
    if feed is None:
        return _refusal("No such calendar feed.", 404)
    services.calendar_feed_note_use(feed=feed)
    today = timezone.localdate()
    entries = selectors.feed_entries(feed.user, today)
    body = ical.calendar_bytes(entries, name=FEED_NAME, today=today)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["ETag"] = etag
    # Clients may keep it and ask again with the ETag; no shared cache may (the URL is secret).
    response["Cache-Control"] = "private, no-cache"
    response["Content-Disposition"] = 'inline; filename="accord.ics"'
    response["X-Robots-Tag"] = "noindex"
    return get_conditional_response(request, etag=etag, response=response) or response


def _refusal(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    # Django logs every 4xx with its path, the secret included; the request log has the line.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
