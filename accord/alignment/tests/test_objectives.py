"""Objectives: the record API, the pages, and links that follow their objective."""

from django.urls import reverse

from accord.alignment.models import LinkKind, Objective, ObjectiveLink
from accord.alignment.tests.helpers import goal, link, objective, objective_form
from accord.audit.models import AuditEvent
from tests.base import AccordTestCase


class ObjectiveApiTests(AccordTestCase):
    def test_it_creates_an_objective_for_the_callers_party(self):
        response = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/objectives",
            self.bob,
            {"title": "Sell more panels", "priority": "high", "horizon": "long"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["owner_organization"]["slug"], "beta")
        self.assertEqual(
            (body["priority"], body["horizon"], body["status"]), ("high", "long", "active")
        )

    def test_a_private_objective_is_hidden_from_the_other_party(self):
        secret = objective(self, self.bob, "Beta's secret", visibility="private")
        path = f"/partnerships/{self.partnership.pk}/objectives"
        self.assertEqual(self.api("get", f"{path}/{secret.pk}", self.alice).status_code, 404)
        self.assertEqual(self.api("get", f"{path}/{secret.pk}", self.bea).status_code, 200)
        titles = [o["title"] for o in self.api("get", path, self.alice).json()["items"]]
        self.assertNotIn("Beta's secret", titles)

    def test_making_an_objective_private_makes_its_links_private(self):
        aim = objective(self, self.bob, "Beta's aim")
        joint = goal(self, self.alice, "Joint")
        made = link(aim, joint, self.bob)
        response = self.api(
            "patch",
            f"/partnerships/{self.partnership.pk}/objectives/{aim.pk}",
            self.bob,
            {"version": aim.version, "visibility": "private"},
        )
        self.assertEqual(response.status_code, 200, response.content)
        made.refresh_from_db()
        self.assertEqual(made.visibility, "private")
        links = f"/partnerships/{self.partnership.pk}/links/{made.pk}"
        self.assertEqual(self.api("get", links, self.alice).status_code, 404)
        event = AuditEvent.objects.filter(record_type="alignment.ObjectiveLink").last()
        self.assertEqual(event.private_to_id, self.beta.pk)

    def test_deleting_an_objective_deletes_its_links_in_the_audit_trail(self):
        aim = objective(self, self.bob, "Beta's aim")
        made = link(aim, goal(self, self.alice, "Joint"), self.bob, LinkKind.CONFLICTS)
        response = self.api(
            "delete", f"/partnerships/{self.partnership.pk}/objectives/{aim.pk}", self.bob
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(ObjectiveLink.objects.filter(pk=made.pk).exists())
        self.assertTrue(
            AuditEvent.objects.filter(
                action="delete", record_type="alignment.ObjectiveLink", record_id=str(made.pk)
            ).exists()
        )

    def test_the_other_party_cannot_change_an_objective(self):
        aim = objective(self, self.bob, "Beta's aim")
        path = f"/partnerships/{self.partnership.pk}/objectives/{aim.pk}"
        response = self.api(
            "patch", path, self.alice, {"version": aim.version, "title": "Hijacked"}
        )
        self.assertEqual(response.status_code, 403)

    def test_it_rejects_a_stale_edit(self):
        aim = objective(self, self.bob, "Beta's aim")
        path = f"/partnerships/{self.partnership.pk}/objectives/{aim.pk}"
        self.api("patch", path, self.bob, {"version": 1, "title": "First"})
        response = self.api("patch", path, self.bea, {"version": 1, "title": "Second"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["current"]["title"], "First")


class ObjectivePageTests(AccordTestCase):
    def test_it_creates_an_objective_from_the_form(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("accord-objective-new", args=[self.partnership.pk]),
            objective_form(
                "Homes with solar",
                description="",
                priority="high",
                horizon="long",
                visibility="private",
            ),
        )
        self.assertRedirects(response, reverse("accord-objectives", args=[self.partnership.pk]))
        made = Objective.objects.get(title="Homes with solar")
        self.assertEqual((made.owner_party, made.visibility), (self.party_a, "private"))

    def test_the_form_keeps_input_and_shows_errors_inline(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("accord-objective-new", args=[self.partnership.pk]),
            {"title": "", "description": "Kept text", "priority": "urgent"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kept text")
        self.assertContains(response, "field-error")
        self.assertFalse(Objective.objects.exists())

    def test_a_stale_edit_shows_the_current_values_and_a_conflict(self):
        aim = objective(self, self.alice, "Original")
        objective_url = reverse("accord-objective-edit", args=[self.partnership.pk, aim.pk])
        self.client.force_login(self.alice)
        form = objective_form("Mine", description="", version=1)
        self.client.post(objective_url, {**form, "title": "Theirs"})
        response = self.client.post(objective_url, form)
        self.assertEqual(response.status_code, 409)
        self.assertContainsAll(
            response, "Someone else saved first", "Theirs", 'value="Mine"', status_code=409
        )

    def test_the_list_shows_own_private_objectives_only(self):
        objective(self, self.bob, "Beta secret", visibility="private")
        objective(self, self.alice, "Alpha secret", visibility="private")
        response = self.page_as(self.alice, "accord-objectives")
        self.assertContains(response, "Alpha secret")
        self.assertNotContains(response, "Beta secret")

    def test_it_deletes_an_objective(self):
        aim = objective(self, self.alice, "Gone soon")
        self.client.force_login(self.alice)
        self.client.post(reverse("accord-objective-delete", args=[self.partnership.pk, aim.pk]))
        self.assertFalse(Objective.objects.filter(pk=aim.pk).exists())
