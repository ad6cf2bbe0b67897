from datetime import datetime
from typing import Any, ClassVar

from ninja import Field, Schema

from accord.notifications.models import EmailChoice


class NotificationOut(Schema):
    id: int
    kind: str = Field(
        description="What it is about, `<practice>.<what>`, e.g. `trust.commitment_disputed`."
    )
    partnership_id: int
    title: str
    url: str = Field(description="The path of the page where you can act on it.")
    created_at: datetime
    read_at: datetime | None = Field(description="When you marked it read; null while unread.")

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": 12,
        "kind": "trust.commitment_delivered",
        "partnership_id": 3,
        "title": "Acme delivered “Pilot plan”: confirm or dispute it",
        "url": "/partnerships/3/trust/#commitment-8",
        "created_at": "2026-05-01T09:30:00Z",
        "read_at": None,
    }


class UnreadOut(Schema):
    unread: int = Field(description="How many of your notifications are unread.")


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications this call marked read.")
    unread: int = Field(description="How many are unread now.")


class EmailPreferenceOut(Schema):
    email: EmailChoice = Field(
        description="How your notifications are emailed: `immediate` (as they happen), "
        "`daily` (a digest once a day, the default) or `off`."
    )


class EmailPreferenceIn(Schema):
    email: EmailChoice
