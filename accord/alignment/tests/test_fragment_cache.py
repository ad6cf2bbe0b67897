"""The alignment view is served from the fragment cache until something it shows changes, and a
fragment rendered for one organization never reaches a viewer of another."""

from django.core.cache import caches
from django.urls import reverse

from accord.alignment import services
from accord.alignment.tests.helpers import endorse, goal, link, objective
from tests.base import AccordTestCase

SECRET = "Secret 98765.43"


class AlignmentFragmentCacheTests(AccordTestCase):
    def setUp(self) -> None:
        caches["pages"].clear()
        self.goal = goal(self, self.alice, "Rooftops in every town")
        endorse(self, self.goal, self.party_a, self.party_b)

    def page(self, user) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse("accord-alignment", args=[self.partnership.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_private_objective_rendered_for_its_owner_never_reaches_the_other_party(self):
        link(objective(self, self.alice, SECRET, visibility="private"), self.goal, self.alice)
        for owner in (self.alice, self.amy, self.vic):
            self.assertIn(SECRET, self.page(owner), owner)
        for other in (self.bob, self.bea):
            self.assertNotIn(SECRET, self.page(other), other)

    def test_a_change_shows_at_once(self):
        aim = objective(self, self.bob, "Install 500 roofs")
        self.assertIn("Install 500 roofs", self.page(self.alice))
        services.objective_update(
            record=aim,
            actor=self.bob,
            expected_version=aim.version,
            changes={"title": "Install 900 roofs"},
        )
        content = self.page(self.alice)
        self.assertIn("Install 900 roofs", content)
        self.assertNotIn("Install 500 roofs", content)

    def test_a_private_objective_made_shared_shows_to_the_other_party_at_once(self):
        aim = objective(self, self.alice, SECRET, visibility="private")
        self.assertNotIn(SECRET, self.page(self.bob))
        services.objective_update(
            record=aim,
            actor=self.alice,
            expected_version=aim.version,
            changes={"visibility": "shared"},
        )
        self.assertIn(SECRET, self.page(self.bob))
