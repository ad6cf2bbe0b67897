"""Item 7: what was private never reaches another party through an audit event, before or after
a change of visibility (objectives by API and form, KPIs, value entries, links)."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from accord.alignment.models import ObjectiveLink
from accord.alignment.tests.helpers import goal, link, objective
from accord.audit.models import AuditEvent
from accord.core.access import partnership_access
from accord.longterm import services as longterm
from tests.base import AccordTestCase

SECRET = "Walk-away at 4 percent"


class PrivateValuesTests(AccordTestCase):
    def history_seen_by(self, user) -> str:
        """Everything a user can read of the history: the page and the API."""
        page = self.page_as(user, "accord-partnership-history")
        self.assertEqual(page.status_code, 200)
        api = self.api("get", f"/partnerships/{self.partnership.pk}/audit?limit=200", user)
        self.assertEqual(api.status_code, 200)
        return page.content.decode() + api.content.decode()

    def assertHidden(self, secret: str) -> None:
        for user in (self.alice, self.amy, self.vic):
            self.assertNotIn(secret, self.history_seen_by(user), user)

    def assertSeenByOwner(self, secret: str) -> None:
        for user in (self.bea, self.bob):
            self.assertIn(secret, self.history_seen_by(user), user)

    def patch(self, path: str, record, changes: dict) -> None:
        url = f"/partnerships/{self.partnership.pk}/{path}/{record.pk}"
        response = self.api("patch", url, self.bob, {"version": record.version, **changes})
        self.assertEqual(response.status_code, 200, response.content)

    def test_an_objective_made_shared_by_api_publishes_only_its_current_values(self):
        aim = objective(self, self.bob, SECRET, description="Margin 12", visibility="private")
        self.patch("objectives", aim, {"title": "Grow together", "visibility": "shared"})
        self.assertHidden(SECRET)
        shared = AuditEvent.objects.get(action="share", record_id=str(aim.pk))
        self.assertIsNone(shared.private_to_id)
        self.assertEqual(shared.changes["title"], [None, "Grow together"])
        self.assertTrue(all(before is None for before, _ in shared.changes.values()))
        self.assertSeenByOwner(SECRET)
        self.assertIn("Grow together", self.history_seen_by(self.alice))

    def test_an_objective_made_shared_by_the_form_publishes_no_old_value(self):
        aim = objective(self, self.bob, SECRET, visibility="private")
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("accord-objective-edit", args=[self.partnership.pk, aim.pk]),
            {
                "title": "Grow together",
                "description": "",
                "priority": "medium",
                "horizon": "medium",
                "status": "active",
                "visibility": "shared",
                "version": aim.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertHidden(SECRET)
        self.assertSeenByOwner(SECRET)

    def test_an_objective_made_private_leaves_the_shared_history_under_its_old_name(self):
        aim = objective(self, self.bob, "Joint pilot")
        self.patch("objectives", aim, {"title": SECRET, "visibility": "private"})
        self.assertHidden(SECRET)
        left = AuditEvent.objects.get(action="unshare", record_id=str(aim.pk))
        self.assertEqual(
            (left.record_label, left.changes, left.private_to_id), ("Joint pilot", {}, None)
        )
        self.assertIn("stopped sharing", self.history_seen_by(self.alice))
        self.assertSeenByOwner(SECRET)

    def test_a_kpi_made_shared_publishes_no_old_value(self):
        grant = partnership_access(self.bob, self.partnership.pk, "edit")
        kpi = longterm.kpi_create(
            party=grant.acting_party(),
            actor=self.bob,
            name=SECRET,
            baseline=Decimal("31337.77"),
            baseline_date=date(2025, 1, 1),
            target=Decimal("40000"),
            target_date=date(2027, 1, 1),
            visibility="private",
        )
        self.patch(
            "kpis", kpi, {"name": "Homes with solar", "baseline": "5", "visibility": "shared"}
        )
        self.assertHidden(SECRET)
        self.assertHidden("31337.77")
        self.assertSeenByOwner("31337.77")

    def test_a_value_entry_made_shared_by_the_form_publishes_no_old_value(self):
        grant = partnership_access(self.bob, self.partnership.pk, "edit")
        entry = longterm.value_entry_create(
            party=grant.acting_party(),
            actor=self.bob,
            flow="benefit",
            category="revenue",
            description=SECRET,
            occurred_on=date(2025, 1, 1),
            amount=Decimal("8765.43"),
            currency="EUR",
            visibility="private",
        )
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("accord-value-edit", args=[self.partnership.pk, entry.pk]),
            {
                "version": entry.version,
                "flow": "benefit",
                "category": "revenue",
                "description": "Joint revenue",
                "occurred_on": "2025-01-01",
                "amount": "100",
                "currency": "EUR",
                "visibility": "shared",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.assertHidden(SECRET)
        self.assertHidden("8765.43")
        self.assertSeenByOwner("8765.43")

    def test_links_follow_their_objective_without_publishing_what_was_private(self):
        joint = goal(self, self.alice, "Joint goal")
        aim = objective(self, self.bob, "Shared aim")
        link(aim, joint, self.bob)
        self.patch("objectives", aim, {"title": SECRET, "visibility": "private"})
        self.assertHidden(SECRET)
        left = AuditEvent.objects.get(action="unshare", record_type="alignment.ObjectiveLink")
        self.assertEqual(left.record_label, "Shared aim supports Joint goal")
        aim.refresh_from_db()
        self.patch("objectives", aim, {"title": "Public aim", "visibility": "shared"})
        self.assertHidden(SECRET)
        back = AuditEvent.objects.get(action="share", record_type="alignment.ObjectiveLink")
        self.assertEqual(back.record_label, "Public aim supports Joint goal")
        self.assertEqual(ObjectiveLink.objects.get().visibility, "shared")
