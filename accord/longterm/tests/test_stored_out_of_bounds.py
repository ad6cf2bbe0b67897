"""Values stored before the bounds existed: numbers beyond them are clamped by the migration
(SQLite could not read them back; PostgreSQL refuses them in the narrowed column), and dates at
the ends of the calendar, which the bounds now refuse, still render on every page."""

from datetime import date
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

from django.db import DataError, connection, transaction
from django.urls import reverse

from accord.core.records import record_parts
from accord.lib.bounds import MONEY_PLACES, VALUE_PLACES, largest
from accord.longterm.models import Kpi, Measurement, Milestone, Review
from accord.longterm.tests.base import LongtermTestCase
from tests.base import stored_as_is

migration = import_module("accord.longterm.migrations.0002_bounded_numbers_and_dates")
TOP = largest(VALUE_PLACES)


class StoredNumbersTests(LongtermTestCase):
    def test_the_migration_clamps_to_the_bounds_of_today(self):
        limits = {Decimal(limit) for _, _, limit in migration.NUMBERS}
        self.assertEqual(limits, {largest(VALUE_PLACES), largest(MONEY_PLACES)})

    def test_a_number_beyond_the_bound_does_not_stay_in_the_database(self):
        kpi = self.make_kpi()
        measurement = self.measure(kpi, 1, 1)
        beyond = "UPDATE longterm_measurement SET value = %s WHERE id = %s"
        if connection.vendor == "postgresql":  # the narrowed column refuses it
            with self.assertRaises(DataError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(beyond, [Decimal("-1e14"), measurement.pk])
            expected = Decimal(1)
        else:  # SQLite keeps anything: what the migration found, it clamped
            with connection.cursor() as cursor:
                cursor.execute(beyond, [-1e14, measurement.pk])
            editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
            migration.clamp_numbers(None, editor)
            expected = -TOP
        measurement.refresh_from_db()
        self.assertEqual(measurement.value, expected)
        response = self.page_as(self.bob, "accord-kpi", kpi.pk)
        self.assertEqual(response.status_code, 200)


class StoredDatesTests(LongtermTestCase):
    """Records saved as they were before the bounds (`stored_as_is` skips the rules' check)."""

    range_kpi: Kpi
    up_kpi: Kpi

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        owner = {"partnership": cls.partnership, "owner_party": cls.party_b}
        cls.range_kpi = stored_as_is(
            Kpi(
                **owner,
                name="Oldest",
                direction="range",
                baseline=Decimal(1),
                baseline_date=date.min,
                range_low=Decimal(0),
                range_high=Decimal(2),
            ),
            actor=cls.bob,
        )
        cls.up_kpi = stored_as_is(
            Kpi(
                **owner,
                name="Longest",
                baseline=Decimal(0),
                baseline_date=date.min,
                target=TOP,
                target_date=date.max,
            ),
            actor=cls.bob,
        )
        for kpi, day, value in (
            (cls.range_kpi, date.min, 1),
            (cls.up_kpi, date.min, 0),
            (cls.up_kpi, date(1, 1, 2), 1),
            (cls.up_kpi, date.max, TOP),
        ):
            with record_parts(kpi):
                Measurement.objects.create(
                    kpi=kpi, measured_on=day, value=value, entered_by=cls.bob
                )
        for day in (date.min, date.max):
            stored_as_is(Milestone(**owner, title=f"At {day}", due_date=day), actor=cls.bob)
        stored_as_is(
            Review(**owner, held_on=date.min, decision="continue", next_review_on=date.max),
            actor=cls.bob,
        )

    def test_every_page_and_read_of_them_renders_for_both_parties(self):
        pk = self.partnership.pk
        urls = [
            reverse("accord-longterm", args=[pk]),
            reverse("accord-partnership-history", args=[pk]),
            f"/api/v1/partnerships/{pk}/roadmap",
            f"/api/v1/partnerships/{pk}/kpis",
        ]
        for kpi in (self.range_kpi, self.up_kpi):
            urls += [
                reverse("accord-kpi", args=[pk, kpi.pk]),
                reverse("accord-measurements-export", args=[pk, kpi.pk]),
                f"/api/v1/partnerships/{pk}/kpis/{kpi.pk}/status",
                f"/api/v1/partnerships/{pk}/kpis/{kpi.pk}/measurements",
            ]
        editable = [
            reverse("accord-kpi-edit", args=[pk, k.pk]) for k in (self.range_kpi, self.up_kpi)
        ]
        for user, extra in ((self.bob, editable), (self.alice, [])):
            self.client.force_login(user)
            # The API takes tokens only, not the session cookie.
            bearer = {"Authorization": f"Bearer {self.token_for(user)}"}
            for url in urls + extra:
                with self.subTest(user=user.email, url=url):
                    headers = bearer if url.startswith("/api/") else {}
                    self.assertEqual(self.client.get(url, headers=headers).status_code, 200)

    def test_an_edit_of_such_a_record_is_refused_until_its_date_is_fixed(self):
        response = self.api(
            "patch",
            f"/partnerships/{self.partnership.pk}/kpis/{self.up_kpi.pk}",
            self.bob,
            {"version": 1, "name": "Renamed"},
        )
        self.assertEqual(response.status_code, 400)
        fields = {e["field"] for e in response.json()["errors"]}
        self.assertEqual(fields, {"baseline_date", "target_date"})
