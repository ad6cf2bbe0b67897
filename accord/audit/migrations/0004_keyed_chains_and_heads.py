"""Chains per party and a heads table (docs/decisions/0002-audit-chain.md).

The append-only triggers of 0002/0003 are dropped here (SQLite rebuilds the table to widen
`chain`, which would lose them anyway), the events are re-keyed by 0005 and every trigger,
old and new, is created again by 0006.
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
]


def drop_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_refuse_truncate'),
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('chain', models.CharField(max_length=100, primary_key=True, serialize=False)),
                ('seq', models.PositiveIntegerField()),
                ('digest', models.CharField(max_length=64)),
                ('updated', models.DateTimeField()),
            ],
        ),
        migrations.RemoveIndex(
            model_name='auditevent',
            name='audit_audit_partner_70c4dc_idx',
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='chain',
            field=models.CharField(max_length=100),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['partnership', '-at'], name='audit_event_history'),
        ),
    ]
