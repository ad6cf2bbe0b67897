"""Numbers bounded to 15 significant digits, dates to 1900-2999 (docs/decisions/0009).

Before the columns narrow, a number beyond the new bound is clamped to it and reported: on
SQLite such a value could not be read back at all (every page showing it failed), and on
PostgreSQL narrowing the column would otherwise fail. Dates are only validated on input; pages
cope with any date already stored.
"""

import sys

from django.db import migrations, models

import accord.lib.bounds

# (table, column, largest value) of every bounded number, as of this migration.
VALUE_LIMIT = "99999999999.9999"
MONEY_LIMIT = "9999999999999.99"
NUMBERS = [
    ("longterm_kpi", "baseline", VALUE_LIMIT),
    ("longterm_kpi", "target", VALUE_LIMIT),
    ("longterm_kpi", "range_low", VALUE_LIMIT),
    ("longterm_kpi", "range_high", VALUE_LIMIT),
    ("longterm_measurement", "value", VALUE_LIMIT),
    ("longterm_valueentry", "amount", MONEY_LIMIT),
]


def clamp_numbers(apps, schema_editor) -> None:
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, column, limit in NUMBERS:
            beyond = f"{quote(column)} > {limit} OR {quote(column)} < -{limit}"
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)} WHERE {beyond}")
            for pk, value in cursor.fetchall():
                sys.stdout.write(
                    f"\n  {table} {pk}: {column} {value} is beyond ±{limit}; set to the bound"
                )
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote(column)} = CASE WHEN {quote(column)} > 0"
                f" THEN {limit} ELSE -{limit} END WHERE {beyond}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("longterm", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clamp_numbers, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="kpi",
            name="baseline",
            field=models.DecimalField(
                decimal_places=4, max_digits=15, validators=[accord.lib.bounds.NumberBound(4)]
            ),
        ),
        migrations.AlterField(
            model_name="kpi",
            name="baseline_date",
            field=models.DateField(validators=[accord.lib.bounds.validate_date]),
        ),
        migrations.AlterField(
            model_name="kpi",
            name="range_high",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=15,
                null=True,
                validators=[accord.lib.bounds.NumberBound(4)],
            ),
        ),
        migrations.AlterField(
            model_name="kpi",
            name="range_low",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=15,
                null=True,
                validators=[accord.lib.bounds.NumberBound(4)],
            ),
        ),
        migrations.AlterField(
            model_name="kpi",
            name="target",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=15,
                null=True,
                validators=[accord.lib.bounds.NumberBound(4)],
            ),
        ),
        migrations.AlterField(
            model_name="kpi",
            name="target_date",
            field=models.DateField(
                blank=True, null=True, validators=[accord.lib.bounds.validate_date]
            ),
        ),
        migrations.AlterField(
            model_name="measurement",
            name="measured_on",
            field=models.DateField(validators=[accord.lib.bounds.validate_date]),
        ),
        migrations.AlterField(
            model_name="measurement",
            name="value",
            field=models.DecimalField(
                decimal_places=4, max_digits=15, validators=[accord.lib.bounds.NumberBound(4)]
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="completed_on",
            field=models.DateField(
                blank=True, null=True, validators=[accord.lib.bounds.validate_date]
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="due_date",
            field=models.DateField(validators=[accord.lib.bounds.validate_date]),
        ),
        migrations.AlterField(
            model_name="review",
            name="held_on",
            field=models.DateField(validators=[accord.lib.bounds.validate_date]),
        ),
        migrations.AlterField(
            model_name="review",
            name="next_review_on",
            field=models.DateField(
                blank=True, null=True, validators=[accord.lib.bounds.validate_date]
            ),
        ),
        migrations.AlterField(
            model_name="valueentry",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=15,
                null=True,
                validators=[accord.lib.bounds.NumberBound(2)],
            ),
        ),
        migrations.AlterField(
            model_name="valueentry",
            name="occurred_on",
            field=models.DateField(validators=[accord.lib.bounds.validate_date]),
        ),
    ]
