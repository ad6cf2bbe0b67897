"""Colleague invitation links are minted by the mailing job from now on.

Links made before were shown to the inviter and kept in job arguments: they stop working (an
admin resends the invitation, which mails a fresh link), and the raw tokens are scrubbed from
the arguments of the jobs that carried them."""

import hashlib
import secrets

from django.db import migrations, models

JOB = "accord.core.tasks.send_organization_invitation"


def retire_old_links(apps, schema_editor):
    Invitation = apps.get_model("core", "OrganizationInvitation")
    for invitation in Invitation.objects.filter(accepted_at=None, revoked_at=None).iterator():
        unknown = hashlib.sha256(secrets.token_urlsafe(24).encode()).hexdigest()
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=unknown)
    Job = apps.get_model("django_tasks_database", "DBTaskResult")
    for job in Job.objects.filter(task_path=JOB).iterator():
        args = job.args_kwargs.get("args", [])
        job.args_kwargs = {"args": args[:1] + [0], "kwargs": {}}  # generation 0: sends nothing
        job.save(update_fields=["args_kwargs"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.AddField(
            model_name="organizationinvitation",
            name="link_generation",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="organizationinvitation",
            name="mailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="organizationinvitation",
            name="mailed_generation",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(retire_old_links, migrations.RunPython.noop),
    ]
