"""The Long-term tab is served from the fragment cache until something it shows changes, and a
fragment rendered for one organization never reaches a viewer of another."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from accord.core.models import Organization
from accord.longterm import services
from accord.longterm.models import ValueEntry
from accord.longterm.tests.base import LongtermTestCase

# Below the sum from which cents are dropped, so its cents show: "987.43" is never a few digits
# a token may hold.
SECRET = "987.43"
SHOWN = "987.43"


class LongtermFragmentCacheTests(LongtermTestCase):
    def setUp(self) -> None:
        caches["pages"].clear()

    def page(self, user) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse("accord-longterm", args=[self.partnership.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def entry(self, user, description: str, amount: str, **fields) -> ValueEntry:
        return services.value_entry_create(
            party=self.grant(user).acting_party(),
            actor=user,
            flow="benefit",
            category="revenue",
            description=description,
            occurred_on=timezone.localdate(),
            amount=Decimal(amount),
            currency="EUR",
            **fields,
        )

    def update(self, entry: ValueEntry, **changes) -> None:
        services.value_entry_update(
            record=entry, actor=self.bob, expected_version=entry.version, changes=changes
        )

    def test_a_private_value_rendered_for_its_owner_never_reaches_the_other_party(self):
        self.entry(self.bob, "Secret revenue", SECRET, visibility="private")
        for owner in (self.bob, self.bea):
            self.assertIn(SHOWN, self.page(owner))
        for other in (self.alice, self.amy, self.vic):
            content = self.page(other)
            self.assertNotIn("Secret revenue", content, other)
            self.assertNotIn(SHOWN, content, other)

    def test_a_change_shows_at_once(self):
        entry = self.entry(self.bob, "Grid fees saved", "10.00")
        self.assertIn("Grid fees saved", self.page(self.alice))
        self.update(entry, description="Grid fees halved")
        content = self.page(self.alice)
        self.assertIn("Grid fees halved", content)
        self.assertNotIn("Grid fees saved", content)

    def test_an_organizations_own_private_change_shows_to_it_at_once(self):
        self.assertNotIn("Secret revenue", self.page(self.bea))
        self.entry(self.bob, "Secret revenue", SECRET, visibility="private")
        self.assertIn("Secret revenue", self.page(self.bea))

    def test_a_private_record_made_shared_shows_to_the_other_party_at_once(self):
        entry = self.entry(self.bob, "Secret revenue", SECRET, visibility="private")
        self.assertNotIn("Secret revenue", self.page(self.alice))
        self.update(entry, visibility="shared")
        self.assertIn("Secret revenue", self.page(self.alice))

    def test_another_organizations_private_change_leaves_the_fragment_cached(self):
        self.page(self.alice)
        self.entry(self.bob, "Secret revenue", SECRET, visibility="private")
        url = reverse("accord-longterm", args=[self.partnership.pk])
        with self.assertNumQueries(6):  # session, user, roles, parties, teams, heads
            self.client.get(url)

    def test_rights_are_part_of_the_key(self):
        entry = self.entry(self.alice, "Grid fees saved", "10.00")
        edit = reverse("accord-value-edit", args=[self.partnership.pk, entry.pk])
        self.assertIn(edit, self.page(self.alice))
        self.assertNotIn(edit, self.page(self.vic))  # same organization, a viewer

    def test_an_organization_renamed_by_an_operator_shows_at_once(self):
        self.entry(self.bob, "Grid fees saved", "10.00")
        self.page(self.alice)
        Organization.objects.filter(pk=self.beta.pk).update(name="Beta Sun")
        self.assertIn("Beta Sun", self.page(self.alice))

    def test_a_milestone_becomes_late_the_next_day(self):
        services.milestone_create(
            party=self.grant(self.bob).acting_party(),
            actor=self.bob,
            title="Panels ordered",
            due_date=timezone.localdate(),
        )
        self.assertNotIn("lt-milestone-late", self.page(self.alice))
        tomorrow = timezone.localdate() + timedelta(days=1)
        with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
            self.assertIn("lt-milestone-late", self.page(self.alice))
