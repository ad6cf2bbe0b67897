from django.contrib import admin

from accord.audit.models import AuditEvent, ChainHead
from accord.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["chain", "seq", "at", "actor_label", "action", "record_type", "record_label"]
    list_filter = ["action", "record_type"]
    search_fields = ["chain", "record_label", "actor_label"]


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ["chain", "seq", "digest", "updated"]
    search_fields = ["chain"]
