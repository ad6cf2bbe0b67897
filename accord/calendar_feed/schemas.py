from datetime import datetime
from typing import Any, ClassVar

from ninja import Field, Schema


class CalendarFeedOut(Schema):
    """Your calendar feed, without its address (shown only when made)."""

    active: bool = Field(description="Whether you have a feed; false: none, or turned off.")
    prefix: str | None = Field(description="The first characters of its token, to recognise it.")
    created_at: datetime | None = Field(description="When its current address was made.")
    last_used_at: datetime | None = Field(
        description="When a calendar last read it (to within 15 minutes)."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "active": True,
        "prefix": "cal_Q2xh",
        "created_at": "2026-03-02T09:14:00Z",
        "last_used_at": "2026-03-04T07:00:00Z",
    }


class CalendarFeedSecretOut(CalendarFeedOut):
    """Your calendar feed with its address, shown this once."""

    url: str = Field(description="The feed's secret address (iCalendar, RFC 5545); keep it so.")
    webcal_url: str = Field(
        description="The same address as webcal://, which calendar apps open as a subscription."
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        **CalendarFeedOut.EXAMPLE,
        "last_used_at": None,
        "url": "https://accord.example.com/calendar/cal_Q2xhbmRlc3RpbmUgYW5kIGxvbmcgYW5kIHJhbmRvbQ.ics",
        "webcal_url": "webcal://accord.example.com/calendar/cal_Q2xhbmRlc3RpbmUgYW5kIGxvbmcgYW5kIHJhbmRvbQ.ics",
    }
