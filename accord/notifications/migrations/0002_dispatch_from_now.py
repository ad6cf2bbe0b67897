"""Notifications start with this release: what happened before it is history, not news. The
dispatch floor starts above every audit event already written."""

from django.db import migrations
from django.db.models import Max


def floor_at_the_last_event(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    DispatchFloor = apps.get_model("notifications", "DispatchFloor")
    last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    DispatchFloor.objects.update_or_create(pk=1, defaults={"event_id": last})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(floor_at_the_last_event, migrations.RunPython.noop)]
