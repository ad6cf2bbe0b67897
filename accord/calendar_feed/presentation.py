"""The feed's address, as pages and the API show it once."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


def feed_url(raw: str) -> str:
    """The absolute https (or http) address of the feed of a raw token."""
    return settings.BASE_URL + reverse("accord-calendar-feed-ics", args=[raw])


def webcal_url(raw: str) -> str:
    """The same address as `webcal://`, which Apple Calendar and Outlook open as a
    subscription."""
    return urlunsplit(urlsplit(feed_url(raw))._replace(scheme="webcal"))
