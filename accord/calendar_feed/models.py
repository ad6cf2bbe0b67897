"""A user's secret calendar feed: one per user, known by the hash of its token only.

The token is the feed's only credential (calendar clients send no login), so it is long and
random, shown once when made, and replaced (rotated) or deleted (revoked) at the user's word:
a rotated-away or revoked token matches no row, and its URL answers 404 like one never made.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# Recognisable in a leaked URL or a log line, like the API tokens' prefix.
TOKEN_PREFIX = "cal_"
SHOWN_PREFIX = 8


def hash_feed_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    # When the current URL was made (created, or rotated since).
    created_at = models.DateTimeField(default=timezone.now)
    # Noted at most once every LAST_USED_PRECISION, so it is that precise.
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> str:
        # 256 random bits, URL-safe: the feed URL carries it as it is.
        return TOKEN_PREFIX + secrets.token_urlsafe(32)
