from django.contrib import admin
from django.http import HttpRequest

from accord.calendar_feed.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Feeds can be looked at and turned off (deleted) here, never made or changed: an address
    exists only where its user copied it."""

    list_display = ["prefix", "user", "created_at", "last_used_at"]
    fields = ("user", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    search_fields = ["user__email", "prefix"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CalendarFeed | None = None) -> bool:
        return False
