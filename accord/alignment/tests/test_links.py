"""Links: an objective supports, or conflicts with, a goal; conflicts stay open until resolved."""

from django.urls import reverse

from accord.alignment.models import LinkKind, ObjectiveLink
from accord.alignment.services import link_resolve, link_update
from accord.alignment.tests.helpers import goal, link, objective
from accord.audit.models import AuditEvent
from accord.core.services import partnership_create
from tests.base import AccordTestCase


class LinkApiTests(AccordTestCase):
    def setUp(self) -> None:
        self.aim = objective(self, self.bob, "Beta's aim")
        self.secret = objective(self, self.bob, "Beta's secret", visibility="private")
        self.reach = goal(self, self.alice, "Reach")
        self.url = f"/partnerships/{self.partnership.pk}/links"

    def test_a_link_belongs_to_its_objectives_party(self):
        response = self.api(
            "post",
            self.url,
            self.bob,
            {"objective": self.aim.pk, "goal": self.reach.pk, "note": "Direct fit."},
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["owner_organization"]["slug"], "beta")
        self.assertEqual((body["kind"], body["visibility"]), ("supports", "shared"))
        self.assertEqual(body["objective"], {"id": self.aim.pk, "title": "Beta's aim"})

    def test_a_link_to_a_private_objective_is_private_whatever_is_sent(self):
        response = self.api(
            "post", self.url, self.bob, {"objective": self.secret.pk, "goal": self.reach.pk}
        )
        self.assertEqual(response.json()["visibility"], "private")
        made = response.json()["id"]
        self.assertEqual(self.api("get", f"{self.url}/{made}", self.alice).status_code, 404)
        response = self.api(
            "post",
            self.url,
            self.bob,
            {"objective": self.aim.pk, "goal": self.reach.pk, "visibility": "private"},
        )
        self.assertEqual(response.status_code, 422)  # visibility is not an input

    def test_only_the_objectives_party_links_it(self):
        response = self.api(
            "post", self.url, self.alice, {"objective": self.aim.pk, "goal": self.reach.pk}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ObjectiveLink.objects.exists())

    def test_the_other_partys_private_objective_cannot_be_linked_or_guessed(self):
        response = self.api(
            "post", self.url, self.alice, {"objective": self.secret.pk, "goal": self.reach.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "objective")

    def test_objectives_and_goals_of_another_partnership_are_refused(self):
        other = partnership_create(organization=self.beta, actor=self.bea, name="Other")
        self.partnership, kept = other, self.partnership
        foreign_aim = objective(self, self.bea, "Elsewhere")
        foreign_goal = goal(self, self.bea, "Elsewhere goal")
        self.partnership = kept
        for body, field in (
            ({"objective": foreign_aim.pk, "goal": self.reach.pk}, "objective"),
            ({"objective": self.aim.pk, "goal": foreign_goal.pk}, "goal"),
        ):
            with self.subTest(field=field):
                response = self.api("post", self.url, self.bob, body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["errors"][0]["field"], field)
        self.assertFalse(ObjectiveLink.objects.exists())

    def test_linking_twice_or_to_a_dropped_goal_is_refused(self):
        link(self.aim, self.reach, self.bob)
        dropped = goal(self, self.alice, "Old", status="dropped")
        for target in (self.reach, dropped):
            response = self.api(
                "post", self.url, self.bob, {"objective": self.aim.pk, "goal": target.pk}
            )
            self.assertEqual(response.status_code, 400)

    def test_a_conflict_stays_open_until_resolved_with_a_note(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        self.assertTrue(
            self.api("get", f"{self.url}/{conflict.pk}", self.bob).json()["open_conflict"]
        )
        resolve = f"{self.url}/{conflict.pk}/resolution"
        self.assertEqual(self.api("post", resolve, self.bob, {"resolution": ""}).status_code, 422)
        response = self.api("post", resolve, self.bob, {"resolution": "Phased over two years."})
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertFalse(body["open_conflict"])
        self.assertEqual(body["resolution"], "Phased over two years.")
        self.assertEqual(body["resolved_by"], "bob@beta.test")
        event = AuditEvent.objects.get(action="resolve")
        self.assertEqual(event.changes, {"resolution": ["", "Phased over two years."]})

    def test_resolving_twice_or_resolving_a_support_is_refused(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        support = link(self.aim, goal(self, self.alice, "Other"), self.bob)
        resolve = f"{self.url}/{conflict.pk}/resolution"
        self.api("post", resolve, self.bob, {"resolution": "Done."})
        self.assertEqual(
            self.api("post", resolve, self.bob, {"resolution": "Again."}).status_code, 400
        )
        response = self.api(
            "post", f"{self.url}/{support.pk}/resolution", self.bob, {"resolution": "Nothing."}
        )
        self.assertEqual(response.status_code, 400)

    def test_the_other_party_cannot_resolve_a_conflict(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        response = self.api(
            "post", f"{self.url}/{conflict.pk}/resolution", self.alice, {"resolution": "Mine."}
        )
        self.assertEqual(response.status_code, 403)

    def test_turning_a_resolved_link_into_a_conflict_again_reopens_it(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        self.api("post", f"{self.url}/{conflict.pk}/resolution", self.bob, {"resolution": "Ok."})
        conflict.refresh_from_db()
        path = f"{self.url}/{conflict.pk}"
        body = self.api("patch", path, self.bob, {"version": conflict.version, "kind": "supports"})
        body = self.api(
            "patch", path, self.bob, {"version": conflict.version + 1, "kind": "conflicts"}
        )
        self.assertTrue(body.json()["open_conflict"], body.content)


class LinkPageTests(AccordTestCase):
    def setUp(self) -> None:
        self.aim = objective(self, self.bob, "Beta aim")
        self.reach = goal(self, self.alice, "Reach")
        self.client.force_login(self.bob)

    def test_it_creates_a_link_from_the_form(self):
        response = self.client.post(
            reverse("accord-link-new", args=[self.partnership.pk]),
            {"objective": self.aim.pk, "goal": self.reach.pk, "kind": "conflicts", "note": "Cost"},
        )
        self.assertRedirects(response, reverse("accord-links", args=[self.partnership.pk]))
        self.assertTrue(ObjectiveLink.objects.get().is_open_conflict)

    def test_the_form_offers_only_the_users_own_objectives(self):
        objective(self, self.alice, "Alpha aim")
        response = self.client.get(reverse("accord-link-new", args=[self.partnership.pk]))
        self.assertContains(response, "Beta aim")
        self.assertNotContains(response, "Alpha aim")

    def test_a_duplicate_link_shows_the_error_on_the_form(self):
        link(self.aim, self.reach, self.bob)
        response = self.client.post(
            reverse("accord-link-new", args=[self.partnership.pk]),
            {"objective": self.aim.pk, "goal": self.reach.pk, "kind": "supports", "note": "x"},
        )
        self.assertContains(response, "already linked")

    def test_resolving_answers_htmx_with_the_row_and_lists_it_as_resolved(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        url = reverse("accord-link-resolve", args=[self.partnership.pk, conflict.pk])
        response = self.client.post(
            url, {"resolution": "Agreed a phase-in."}, headers={"HX-Request": "true"}
        )
        self.assertContains(response, f'id="link-{conflict.pk}"')
        self.assertContains(response, "Resolved")
        # The answer is the lists: the link has moved from open to resolved.
        self.assertContains(response, 'id="link-lists"')
        self.assertContains(response, "Open conflicts (0)")
        page = self.client.get(reverse("accord-links", args=[self.partnership.pk]))
        self.assertContains(page, "Resolved conflicts (1)")
        self.assertContains(page, "Open conflicts (0)")

    def test_a_refused_resolution_answers_htmx_with_its_row_only(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        url = reverse("accord-link-resolve", args=[self.partnership.pk, conflict.pk])
        response = self.client.post(url, {"resolution": ""}, headers={"HX-Request": "true"})
        self.assertEqual(response.headers["HX-Retarget"], f"#link-{conflict.pk}")
        self.assertNotContains(response, 'id="link-lists"')
        self.assertContains(response, "This field is required")

    def test_resolving_without_a_note_changes_nothing(self):
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        url = reverse("accord-link-resolve", args=[self.partnership.pk, conflict.pk])
        self.client.post(url, {"resolution": ""})
        conflict.refresh_from_db()
        self.assertTrue(conflict.is_open_conflict)


class ReopenedConflictTests(AccordTestCase):
    """Changing a resolved conflict's kind clears its resolution: a change like any other,
    versioned and in the audit trail (it used to be saved by hand, with no event)."""

    def setUp(self) -> None:
        self.aim = objective(self, self.bob, "Beta's aim")
        self.reach = goal(self, self.alice, "Reach")
        conflict = link(self.aim, self.reach, self.bob, LinkKind.CONFLICTS)
        self.resolved = link_resolve(link=conflict, actor=self.bob, resolution="Scoped out.")

    def test_making_a_resolved_conflict_supports_clears_its_resolution_in_the_audit_trail(self):
        url = f"/partnerships/{self.partnership.pk}/links/{self.resolved.pk}"
        response = self.api(
            "patch", url, self.bob, {"version": self.resolved.version, "kind": "supports"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        changed = ObjectiveLink.objects.get(pk=self.resolved.pk)
        self.assertEqual((changed.resolution, changed.resolved_at), ("", None))
        self.assertEqual(changed.version, self.resolved.version + 1)
        event = AuditEvent.objects.filter(record_id=str(changed.pk)).latest("id")
        self.assertEqual(event.action, "update")
        self.assertEqual(
            event.changes,
            {"kind": ["conflicts", "supports"], "resolution": ["Scoped out.", ""]},
        )

    def test_a_change_of_note_only_keeps_the_resolution(self):
        changed = link_update(
            record=self.resolved,
            actor=self.bob,
            expected_version=self.resolved.version,
            changes={"note": "Still scoped out."},
        )
        self.assertEqual(changed.resolution, "Scoped out.")
        event = AuditEvent.objects.filter(record_id=str(changed.pk)).latest("id")
        self.assertEqual(event.changes, {"note": ["", "Still scoped out."]})
